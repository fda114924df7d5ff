"""Core app: registers the reference record types, syncs role permissions after migrate,
and checks that every record model is registered."""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, **kwargs) -> None:  # noqa: ANN001, ANN003
    from doingoai.core.dbstats import analyse_new_indexes
    from doingoai.core.groups import sync_role_permissions
    from doingoai.core.rules import sync_rules
    from doingoai.core.search import ensure_search_indexes

    sync_role_permissions()
    sync_rules()
    ensure_search_indexes()
    analyse_new_indexes(kwargs.get("using", "default"))


@checks.register()
def check_record_models_registered(app_configs=None, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """Every concrete RecordModel subclass must be registered (doingoai.E001)."""
    from doingoai.core.models import RecordModel
    from doingoai.core.registry import registry

    errors = []
    for model in apps.get_models():
        if issubclass(model, RecordModel) and not registry.is_registered(model):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a record model but has no RecordType registered.",
                    hint="Declare it in the app's records.py and register it from apps.py.",
                    obj=model,
                    id="doingoai.E001",
                )
            )
    return errors


class CoreConfig(AppConfig):
    name = "doingoai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from doingoai.core import checks as _declaration_checks  # noqa: F401 (registers)
        from doingoai.core import records, stamps
        from doingoai.core import stress_data as _stress  # noqa: F401 (registers)
        from doingoai.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="doingoai-vi-collation")
        connection_created.connect(stamps.install, dispatch_uid="doingoai-table-stamps")
        request_started.connect(stamps.request_started, dispatch_uid="doingoai-stamps-start")
        request_finished.connect(stamps.request_finished, dispatch_uid="doingoai-stamps-end")
        records.register()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="doingoai-sync-roles")
