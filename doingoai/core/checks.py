"""System checks of the record-type declarations: a misspelt name in ``list_columns`` would
silently give an empty column and one in ``io_fields`` an export that answers 500, so every
name a ``RecordType`` declares is checked against its model when Django starts (and by
``manage.py check`` and the test suite)."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import FieldDoesNotExist

#: Declarations that name model fields (``__`` paths allowed where the layer follows them).
FIELD_LISTS = (
    "fields",
    "list_columns",
    "filter_fields",
    "detail_fields",
    "io_fields",
    "api_fields",
    "import_key",
    "lookup_fields",
    "list_select_related",
)


def _resolves(model, path: str) -> bool:  # noqa: ANN001
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return hasattr(model, part) and part == path  # a property shown as a column
        model = field.related_model or model
    return True


@checks.register()
def check_record_type_declarations(app_configs=None, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """Every field a record type names exists (doingoai.E002), its workflow's states are the
    choices of its state field (doingoai.E003), its owner and date fields exist (E002), its
    ``links_to`` names registered types (a warning, doingoai.W004: a module may be absent),
    its area names its specialist group (doingoai.W007)."""
    from doingoai.core.registry import registry

    errors = []
    warned_areas: set[str] = set()
    keys = {rt.key for rt in registry.all()}
    for rt in registry.all():
        model = rt.model
        for attr in FIELD_LISTS:
            for name in getattr(rt, attr, ()) or ():
                if not _resolves(model, name):
                    errors.append(
                        checks.Error(
                            f"{rt.key}: {attr} names “{name}”, which {model.__name__} has not.",
                            hint="Correct the name in the app's records.py.",
                            obj=type(rt),
                            id="doingoai.E002",
                        )
                    )
        for attr in ("owner_field", "report_date_field"):
            name = getattr(rt, attr, None)
            if name and not _resolves(model, name):
                errors.append(
                    checks.Error(
                        f"{rt.key}: {attr} names “{name}”, which {model.__name__} has not.",
                        obj=type(rt),
                        id="doingoai.E002",
                    )
                )
        for name in rt.map_fields or ():
            if not _resolves(model, name):
                errors.append(
                    checks.Error(
                        f"{rt.key}: map_fields names “{name}”.", obj=type(rt), id="doingoai.E002"
                    )
                )
        if rt.workflow is not None:
            try:
                field = model._meta.get_field(rt.workflow.field)
            except FieldDoesNotExist:
                errors.append(
                    checks.Error(
                        f"{rt.key}: the workflow's field “{rt.workflow.field}” does not exist.",
                        obj=type(rt),
                        id="doingoai.E003",
                    )
                )
            else:
                declared = {s.value for s in rt.workflow.states}
                choices = {value for value, _label in field.flatchoices}
                if choices and declared != choices:
                    errors.append(
                        checks.Error(
                            f"{rt.key}: workflow states {sorted(declared)} differ from the "
                            f"choices of {rt.workflow.field} {sorted(choices)}.",
                            hint="Declare the states once and use them as the field's choices.",
                            obj=type(rt),
                            id="doingoai.E003",
                        )
                    )
        for key in rt.links_to:
            if key != "*" and key not in keys:
                # a module not installed on this site is allowed: warn only
                errors.append(
                    checks.Warning(
                        f"{rt.key}: links_to names “{key}”, which is not registered here.",
                        obj=type(rt),
                        id="doingoai.W004",
                    )
                )
        if not rt.area.group_name and rt.area.slug not in warned_areas:
            warned_areas.add(rt.area.slug)
            errors.append(
                checks.Warning(
                    f"area “{rt.area.slug}” has no group_name: its specialist group is named "
                    "after the slug. Give it a stable Vietnamese name (never the translatable "
                    "label, whose translation would create a new, empty group).",
                    obj=type(rt),
                    id="doingoai.W007",
                )
            )
    return errors
