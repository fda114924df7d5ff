"""Reports app: dashboard, periodic reports, issued reports and closed periods, plans and
targets, the statistics explorer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "doingoai.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from doingoai.reports import demo, kept, records, services  # noqa: F401

        kept.connect()
        records.register()
        services.register()
