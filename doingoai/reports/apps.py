"""Reports app: dashboard, task inbox, report assembly and rendering."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "doingoai.reports"
    label = "reports"
    verbose_name = _("Reports")
