from __future__ import annotations

from django.apps import AppConfig


class PersonalAppConfig(AppConfig):
    """Registers the test-only sensitive record type and who may see its personal data."""

    name = "tests.personal_app"
    label = "personal_app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doingoai.core import roles as R
        from doingoai.core.registry import registry
        from tests.personal_app.records import TrialCaseRecord

        registry.register(TrialCaseRecord)
        own_permission = {("personal_app", "view_personal_trialcase")}
        registry.grant(R.ADMIN, own_permission)
        registry.grant(R.LEADER, own_permission)
