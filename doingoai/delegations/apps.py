"""Delegations app: outbound (đoàn ra) and inbound (đoàn vào) delegations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "doingoai.delegations"
    label = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from doingoai.delegations import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
