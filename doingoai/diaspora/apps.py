"""The overseas-Vietnamese database: persons, associations, investments, visits and events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    name = "doingoai.diaspora"
    label = "diaspora"
    verbose_name = _("Overseas Vietnamese")
