"""International conferences and seminars (hội nghị, hội thảo quốc tế): requests, approval
level, permits, reports after the event."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "doingoai.conferences"
    label = "conferences"
    verbose_name = _("International conferences")

    def ready(self) -> None:
        from doingoai.conferences import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
