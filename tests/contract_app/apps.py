from __future__ import annotations

from django.apps import AppConfig


class ContractAppConfig(AppConfig):
    """Registers the test-only record types."""

    name = "tests.contract_app"
    label = "contract_app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doingoai.core.registry import registry
        from tests.contract_app.records import TrialActivityRecord

        registry.register(TrialActivityRecord)
