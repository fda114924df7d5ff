"""One field policy for every output (issue 8).

A record type declares its sensitive fields (``RecordType.sensitive_fields``) and, when it
needs one of its own, the permission that shows them (``sensitive_permission``; default
``core.view_personal_data``). Every output asks this module, never the type directly:

- ``can_see(rt, user)``: may ``user`` read the sensitive values of ``rt``?
- ``shown(rt, user, name, value)``: the value as ``user`` may see it (masked or not);
- ``mask_table``, ``mask_row``, ``mask_mapping``: lists, exports, API reads, history diffs;
- ``protect_form`` / ``keep_masked_in_form``: an edit form shows a masked field empty, and a
  masked or blank value submitted back changes nothing;
- ``drop_masked``: an API write of ``***`` keeps the real value;
- ``log_read``: one access-log line per read of sensitive values (who, which records,
  which channel, and for exports the reason the user typed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from doingoai.core import roles as R
from doingoai.core import stamps
from doingoai.core.identity import real_user

if TYPE_CHECKING:
    from django.db import models

    from doingoai.core.registry import RecordType

MASK = "***"
MAX_IDS = 200  # record ids kept on one list line (the page the user saw)


def sensitive(rt: RecordType) -> tuple[str, ...]:
    return tuple(getattr(rt, "sensitive_fields", ()) or ())


def permission(rt: RecordType) -> str:
    """The permission that shows ``rt``'s sensitive values (a type may declare its own)."""
    return getattr(rt, "sensitive_permission", None) or R.SENSITIVE_PERMISSION


def can_see(rt: RecordType, user) -> bool:  # noqa: ANN001
    return bool(sensitive(rt)) and user is not None and user.has_perm(permission(rt))


def is_masked(rt: RecordType, user, name: str) -> bool:  # noqa: ANN001
    return name in sensitive(rt) and not can_see(rt, user)


def mask(value: Any) -> Any:
    return MASK if value not in (None, "") else value


def shown(rt: RecordType, user, name: str, value: Any) -> Any:  # noqa: ANN001
    """``value`` of field ``name`` as ``user`` may see it."""
    return mask(value) if is_masked(rt, user, name) else value


def mask_mapping(rt: RecordType, user, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """A serialized record (API read) with the sensitive values masked for ``user``."""
    if not sensitive(rt) or can_see(rt, user):
        return data
    for name in sensitive(rt):
        if name in data:
            data[name] = mask(data[name])
    return data


def mask_row(rt: RecordType, user, names: list[str], row: list[Any]) -> list[Any]:  # noqa: ANN001
    """An export row (columns ``names``) with the sensitive values masked for ``user``."""
    if not sensitive(rt) or can_see(rt, user):
        return row
    hidden = set(sensitive(rt))
    return [mask(v) if n in hidden else v for n, v in zip(names, row, strict=False)]


def mask_table(rt: RecordType, user, table) -> None:  # noqa: ANN001
    """Mask the sensitive columns of a django-tables2 table for ``user`` (this instance)."""
    if not sensitive(rt) or can_see(rt, user):
        return
    for name in sensitive(rt):
        if name in table.columns:  # the bound column's renderer is this table's own
            table.columns[name].render = lambda value: mask(value)


def protect_form(form, rt: RecordType | None, user) -> None:  # noqa: ANN001
    """An edit form never shows a masked value: the field is empty with a note, optional;
    ``keep_masked_in_form`` then keeps the stored value unless a new one is typed."""
    if rt is None or not sensitive(rt):
        return
    from django.utils.translation import gettext_lazy as _

    hidden = not can_see(rt, user)
    for name in sensitive(rt):
        field = form.fields.get(name)
        if field is None:
            continue
        if hidden:
            form.initial[name] = ""
            field.required = False
            field.widget.attrs["placeholder"] = MASK
            field.widget.attrs["autocomplete"] = "off"
            field.help_text = _(
                "Hidden from your role. Leave it empty to keep the stored value, or type a new "
                "value to replace it."
            )


def keep_masked_in_form(form, rt: RecordType | None, user) -> None:  # noqa: ANN001
    """In ``clean``: a masked (``***``) or, for a role that cannot see it, blank value of a
    sensitive field keeps what is stored."""
    if rt is None or not sensitive(rt) or not hasattr(form, "cleaned_data"):
        return
    hidden = not can_see(rt, user)
    instance = form.instance
    for name in sensitive(rt):
        if name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if value == MASK or (hidden and value in (None, "") and instance.pk):
            stored = (
                type(instance)._default_manager.filter(pk=instance.pk).values_list(name, flat=True)
            )
            form.cleaned_data[name] = stored.first() if instance.pk else ""


def drop_masked(rt: RecordType, data: dict[str, Any]) -> dict[str, Any]:
    """An API write: ``***`` in a sensitive field means "unchanged" (GET then PUT)."""
    for name in sensitive(rt):
        if data.get(name) == MASK:
            data.pop(name)
    return data


def log_read(
    *,
    user,  # noqa: ANN001
    rt: RecordType,
    action: str,
    channel: str = "ui",
    obj: models.Model | None = None,
    ids: list[Any] | None = None,
    reason: str = "",
) -> None:
    """One access-log line for a read of ``rt``'s sensitive values by ``user`` (only when
    the values were shown: a masked read reveals nothing)."""
    from doingoai.core.models import AccessLog

    if not can_see(rt, user):
        return
    record_ids = [str(obj.pk)] if obj is not None else [str(i) for i in (ids or [])]
    line = {
        "content_type": ContentType.objects.get_for_model(rt.model),
        "object_id": record_ids[0]
        if len(record_ids) == 1 and action in ("view", "history")
        else "",
        "record_ids": ",".join(record_ids[:MAX_IDS]),
        "record_count": len(record_ids),
        "action": action,
        "channel": channel,
        "reason": reason,
    }

    def write(reader) -> None:  # noqa: ANN001
        AccessLog.objects.create(user=reader if reader.is_authenticated else None, **line)

    # the reader is who the line is written for, not what the page shows: a page kept by
    # core.page_cache writes the line again for each user it is served to
    write(real_user(user))
    stamps.note_repeatable(AccessLog._meta.db_table, write)


def check_declarations(rt: RecordType) -> list[str]:
    """Problems in ``rt``'s declaration: a sensitive field that searches, filters or looks
    up records would let a role that cannot see it find a person by it (probe the value)."""
    problems = []
    search = {name.split("__")[0] for name in getattr(rt.model, "search_fields", ())}
    for name in sensitive(rt):
        for where, names in (
            ("search_fields", search),
            ("filter_fields", set(rt.filter_fields)),
            ("lookup_fields", set(rt.get_lookup_fields())),
            ("import_key", set(rt.import_key)),
        ):
            if name in names:
                problems.append(f"{rt.key}: sensitive field {name!r} is in {where}")
    return problems


def _register_check() -> None:
    from django.core import checks

    @checks.register()
    def sensitive_fields_not_searchable(app_configs, **kwargs):  # noqa: ANN001, ANN003, ANN202
        """doingoai.E020: a sensitive field may not search, filter or look up records."""
        from doingoai.core.registry import registry

        return [
            checks.Error(problem, id="doingoai.E020", hint="Remove it from that declaration.")
            for rt in registry.all()
            for problem in check_declarations(rt)
        ]


_register_check()
