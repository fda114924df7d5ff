"""Consular cases, citizen protection and APEC Business Travel Cards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsularConfig(AppConfig):
    name = "doingoai.consular"
    label = "consular"
    verbose_name = _("Consular work and ABTC")

    def ready(self) -> None:
        from doingoai.consular import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
        stress.register()
