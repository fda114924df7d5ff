"""Foreign aid (viện trợ nước ngoài): donors, programmes, projects and non-projects,
disbursements, coverage."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "doingoai.aid"
    label = "aid"
    verbose_name = _("Foreign aid")

    def ready(self) -> None:
        from doingoai.aid import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
        stress.register()
