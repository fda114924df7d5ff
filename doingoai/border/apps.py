"""Border app (biên giới): border markers and their inspections, border gates and their
openings and closures, land-border and sea incidents."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def border_enabled() -> bool:
    """Whether the province uses the module (``DOINGOAI_BORDER``, on by default): when off,
    its menu, report section, dashboard figures, inbox items and demo data are not shown or
    made; its pages and records stay reachable for data already entered."""
    return getattr(settings, "BORDER_ENABLED", True)


class BorderConfig(AppConfig):
    name = "doingoai.border"
    label = "border"
    verbose_name = _("Border")

    def ready(self) -> None:
        from doingoai.border import demo, records, reports, rules, signals, stress, tasks  # noqa: F401

        records.register()
        signals.connect()
        stress.register()
        tasks.register()
        if border_enabled():
            reports.register()
