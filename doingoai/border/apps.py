"""Border app (biên giới): border markers and their inspections, border gates and their
openings and closures, land-border and sea incidents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BorderConfig(AppConfig):
    name = "doingoai.border"
    label = "border"
    verbose_name = _("Border")

    def ready(self) -> None:
        from doingoai.border import demo, records, reports, rules, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
