"""Foreign press visits, foreign-information publications, cultural diplomacy and promotion
events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "doingoai.outreach"
    label = "outreach"
    verbose_name = _("Foreign information and promotion")

    def ready(self) -> None:
        from doingoai.outreach import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
