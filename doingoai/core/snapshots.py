"""What a historical row alone cannot hold, kept beside it so that nothing is lost.

simple-history stores a record's own columns. A record is more: its many-to-many links and
the child rows deleted with it (a delegation's members, a plan's targets). Write services call
``stamp`` after every write, which stores the links of that version in the row's
``history_relations``; ``record_delete`` stores the cascade (every row Django deletes or
nulls with the record) on the deletion row. ``record_restore`` reads them back.

A full serialized form of a record (``serialize_record``) is also what the contract suite
compares before deletion and after restore.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, router
from django.db.models.deletion import Collector

#: Audit columns that change on every write and are not part of what a record *is*.
VOLATILE = {"created_at", "updated_at", "created_by", "updated_by", "version", "search_text"}


def m2m_state(obj: models.Model) -> dict[str, list[Any]]:
    """Field name → sorted primary keys of the linked records."""
    state = {}
    for f in obj._meta.many_to_many:
        through = f.remote_field.through
        source = f.m2m_field_name()
        target = f.m2m_reverse_field_name()
        pks = through._default_manager.filter(**{source: obj.pk}).values_list(
            f"{target}_id", flat=True
        )
        state[f.name] = sorted(pks, key=str)
    return state


def _latest_history(obj: models.Model) -> Any:
    history = getattr(type(obj), "history", None)
    if history is None:
        return None
    pk_name = obj._meta.pk.attname
    return history.filter(**{pk_name: obj.pk}).order_by("-history_id").first()


def stamp(obj: models.Model, **extra: Any) -> None:
    """Store the m2m links (and ``extra``) on the newest historical row of ``obj``."""
    row = _latest_history(obj)
    if row is None or not hasattr(row, "history_relations"):
        return
    relations = {"m2m": m2m_state(obj) if obj._meta.many_to_many else {}, **extra}
    type(row).objects.filter(history_id=row.history_id).update(
        history_relations=json.loads(json.dumps(relations, default=str))
    )


def _serialize(objs: list[models.Model]) -> list[dict[str, Any]]:
    return json.loads(serializers.serialize("json", objs)) if objs else []


@dataclass
class Cascade:
    """What deleting a record takes with it: rows deleted (in restore order) and rows whose
    link to it is set to null."""

    children: list[dict[str, Any]] = field(default_factory=list)
    nulled: list[dict[str, Any]] = field(default_factory=list)


def collect_cascade(obj: models.Model) -> Cascade:
    """Every row Django would delete or null with ``obj`` (raises ProtectedError)."""
    using = router.db_for_write(type(obj), instance=obj)
    collector = Collector(using=using, origin=obj)
    collector.collect([obj])
    collector.sort()
    cascade = Cascade()
    ordered: list[models.Model] = []
    for model, instances in collector.data.items():
        if getattr(model._meta, "auto_created", False):
            continue
        ordered.extend(i for i in instances if not (model is type(obj) and i.pk == obj.pk))
    for qs in collector.fast_deletes:
        if not getattr(qs.model._meta, "auto_created", False):
            ordered.extend(qs)
    # The collector orders for deletion (children first): restore goes the other way.
    cascade.children = _serialize(list(reversed(ordered)))
    for (f, _value), targets in collector.field_updates.items():
        pks: list[Any] = []
        for target in targets:
            if isinstance(target, models.QuerySet):
                pks.extend(target.values_list("pk", flat=True))
            else:
                pks.append(target.pk)
        if pks:
            cascade.nulled.append({"model": f.model._meta.label_lower, "field": f.name, "pks": pks})
    return cascade


@dataclass
class RestorePlan:
    """What a restore will bring back, and what it cannot because a target is gone."""

    m2m: dict[str, list[Any]] = field(default_factory=dict)
    children: list[Any] = field(default_factory=list)
    nulled: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    cleared_fks: list[str] = field(default_factory=list)


def _describe(model: type[models.Model], pk: Any) -> str:
    return f"{model._meta.verbose_name} #{pk}"


def _missing_fks(
    obj: models.Model, plan: RestorePlan, *, owner: str, restoring: set[tuple[str, str]]
) -> bool:
    """Check ``obj``'s foreign keys (those pointing at rows restored with it are fine); note
    missing targets and clear the nullable ones. False when a non-null target is gone."""
    ok = True
    for f in obj._meta.concrete_fields:
        if not f.is_relation or f.name in VOLATILE:
            continue
        value = getattr(obj, f.attname)
        if value is None:
            continue
        if (f.related_model._meta.label_lower, str(value)) in restoring:
            continue
        if f.related_model._default_manager.filter(pk=value).exists():
            continue
        what = _describe(f.related_model, value)
        if f.null:
            plan.missing.append(f"{owner}: {f.verbose_name} ({what})")
            setattr(obj, f.attname, None)
            plan.cleared_fks.append(f.name)
        else:
            plan.blocking.append(f"{owner}: {f.verbose_name} ({what})")
            ok = False
    return ok


def plan_restore(obj: models.Model, relations: dict | None, deletion: dict | None) -> RestorePlan:
    """Check what ``obj`` (a historical instance) links to before it is written back."""
    plan = RestorePlan()
    children = []
    if deletion:
        for item in serializers.deserialize("python", deletion.get("children") or []):
            if not type(item.object)._default_manager.filter(pk=item.object.pk).exists():
                children.append(item)
    restoring = {(obj._meta.label_lower, str(obj.pk))} | {
        (c.object._meta.label_lower, str(c.object.pk)) for c in children
    }
    _missing_fks(obj, plan, owner=str(obj._meta.verbose_name), restoring=restoring)
    for name, pks in ((relations or {}).get("m2m") or {}).items():
        try:
            f = obj._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a field removed since)
            continue
        related = f.related_model._default_manager.filter(pk__in=pks)
        existing = set(map(str, related.values_list("pk", flat=True)))
        for pk in pks:
            if str(pk) not in existing:
                plan.missing.append(f"{f.verbose_name}: {_describe(f.related_model, pk)}")
        plan.m2m[name] = [pk for pk in pks if str(pk) in existing]
    for item in children:
        child = item.object
        label = _describe(type(child), child.pk)
        if _missing_fks(child, plan, owner=label, restoring=restoring):
            plan.children.append(item)
    plan.nulled = (deletion or {}).get("nulled") or []
    return plan


def serialize_record(obj: models.Model) -> dict[str, Any]:
    """A record as a whole: its fields, its links and its child rows (recursively one level
    of cascade), audit columns left out. Equal before deletion and after restore."""
    own = _serialize([obj])[0]["fields"]
    fields = {k: v for k, v in own.items() if k not in VOLATILE}
    for name, pks in m2m_state(obj).items():
        fields[name] = sorted(map(str, pks))
    cascade = collect_cascade(obj)
    children = sorted(
        (
            {
                "model": c["model"],
                "pk": c["pk"],
                "fields": {
                    k: (sorted(map(str, v)) if isinstance(v, list) else v)
                    for k, v in c["fields"].items()
                    if k not in VOLATILE
                },
            }
            for c in cascade.children
        ),
        key=lambda c: (c["model"], str(c["pk"])),
    )
    return {"fields": fields, "children": children, "nulled": cascade.nulled}


def owner_value(obj: models.Model, path: str) -> Any:
    """Follow ``a__b__c`` from ``obj`` to the id at its end (None when a link is gone)."""
    *parts, last = path.split("__")
    for part in parts:
        try:
            obj = getattr(obj, part, None)
        except ObjectDoesNotExist:
            return None
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)
