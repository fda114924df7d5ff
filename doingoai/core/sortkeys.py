"""Sorting a big list by a related record's name through an index.

A list column showing a foreign key sorts by the related record's ordering (a member by its
person's collated name): over a join, so the database reads and sorts every row of the list
(505,728 members by person: 4 s on SQLite) whatever the page. A type whose list is big
keeps a copy of the related record's name on its own rows, a :class:`RelatedName` field,
with an index ``(Collate(copy, "vi"), id)``; the generic list then sorts that column by the
copy and the page is an index walk (``tables.record_table_for``).

The copy is kept by core, never by the type:

- ``pre_save`` of the field fills it on every save and in ``core.bulk.insert`` (from the
  related object when it is loaded, else in one query per batch: :func:`prefill`);
- renaming the related record updates the copies of its rows by one indexed ``UPDATE``
  (``post_save`` below): no history row, no ``version`` bump (the row itself is unchanged);
- merges move rows by ``save()`` (the copy follows the kept record);
- ``fill`` writes every copy in one set-based ``UPDATE`` (the migration adding the field,
  ``core.stress_data.bulk_insert``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save

from doingoai.core.collation import vi_collate


class RelatedName(models.CharField):
    """A copy of ``<related>.<source>`` (the related record's name) kept on the row for
    sorting. Nullable and without a default so that adding it to a big table is an
    ``ALTER TABLE … ADD COLUMN`` (SQLite copies the whole table for a column with a
    default); :func:`fill` writes the existing rows."""

    def __init__(self, *args: Any, related: str = "", source: str = "", **kwargs: Any) -> None:
        self.related, self.source = related, source
        kwargs.setdefault("max_length", 200)
        kwargs["null"] = True
        kwargs["blank"] = True
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # noqa: ANN201
        name, path, args, kwargs = super().deconstruct()
        for key in ("null", "blank", "editable"):
            kwargs.pop(key, None)
        kwargs["related"], kwargs["source"] = self.related, self.source
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        _dependents.clear()  # rebuilt on first use, with this field

    def fk(self) -> models.ForeignKey:
        return self.model._meta.get_field(self.related)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:  # noqa: FBT001
        if _is_history(self.model):  # a history row keeps the copy it was given
            return getattr(model_instance, self.attname)
        fk = self.fk()
        related_id = getattr(model_instance, fk.attname)
        if related_id is None:
            value = None
        elif fk.is_cached(model_instance):
            value = getattr(fk.get_cached_value(model_instance), self.source)
        elif getattr(model_instance, "_related_names_for", {}).get(self.attname) == related_id:
            value = getattr(model_instance, self.attname)  # filled by prefill for this id
        else:
            value = (
                fk.related_model._base_manager.using(model_instance._state.db or "default")
                .filter(pk=related_id)
                .values_list(self.source, flat=True)
                .first()
            )
        setattr(model_instance, self.attname, value)
        return value


def _is_history(model: type[models.Model]) -> bool:
    """django-simple-history's model of a type's history rows (a copy of its fields)."""
    return hasattr(model, "instance_type")


def related_names(model: type[models.Model]) -> list[RelatedName]:
    if _is_history(model):
        return []
    return [f for f in model._meta.concrete_fields if isinstance(f, RelatedName)]


def related_name_for(model: type[models.Model], column: str) -> RelatedName | None:
    """The :class:`RelatedName` that sorts the list column ``column`` (a foreign key)."""
    for field in related_names(model):
        if field.related == column:
            return field
    return None


def order_terms(field: RelatedName, descending: bool) -> list[Any]:  # noqa: FBT001
    """The ``order_by`` of a column sorted by its kept name: the collated copy, then the id
    (both in the index, so ties are stable and a deep page walks the index alone)."""
    key = vi_collate(field.attname)
    pk = field.model._meta.pk.attname
    return [key.desc(), f"-{pk}"] if descending else [key.asc(), pk]


def prefill(model: type[models.Model], objs: list[models.Model], using: str) -> None:
    """Before a bulk insert: the related names of ``objs`` whose related record is not loaded,
    read in one query per field (``pre_save`` then keeps them)."""
    for field in related_names(model):
        fk = field.fk()
        wanted = {
            getattr(obj, fk.attname)
            for obj in objs
            if getattr(obj, fk.attname) is not None and not fk.is_cached(obj)
        }
        if not wanted:
            continue
        names = dict(
            fk.related_model._base_manager.using(using)
            .filter(pk__in=wanted)
            .values_list("pk", field.source)
        )
        for obj in objs:
            related_id = getattr(obj, fk.attname)
            if related_id in names and not fk.is_cached(obj):
                setattr(obj, field.attname, names[related_id])
                obj.__dict__.setdefault("_related_names_for", {})[field.attname] = related_id


def fill(model: type[models.Model], using: str = "default", *, only_missing: bool = False) -> int:
    """Write every row's copies in one set-based ``UPDATE`` per field (works with a
    migration's historical models too); ``only_missing``: rows without a copy yet."""
    done = 0
    for field in model._meta.concrete_fields:
        if not isinstance(field, RelatedName):
            continue
        fk = model._meta.get_field(field.related)
        names = fk.related_model._base_manager.filter(pk=OuterRef(fk.attname)).values(field.source)[
            :1
        ]
        qs = model._base_manager.using(using).filter(**{f"{fk.attname}__isnull": False})
        if only_missing:
            qs = qs.filter(**{f"{field.attname}__isnull": True})
        done += qs.update(**{field.attname: Subquery(names)})
    return done


def fill_migration(app_label: str, model_name: str):  # noqa: ANN201
    """A ``RunPython`` function filling ``app_label.model_name``'s copies (set-based)."""

    def run(apps_, schema_editor) -> None:  # noqa: ANN001
        fill(apps_.get_model(app_label, model_name), schema_editor.connection.alias)

    return run


#: related model → [(model, RelatedName)] whose copies follow its renames (built lazily).
_dependents: dict[type[models.Model], list[tuple[type[models.Model], RelatedName]]] = {}


def _dependents_of(sender: type[models.Model]) -> list[tuple[type[models.Model], RelatedName]]:
    if not _dependents:
        _dependents[models.Model] = []  # built (a marker)
        for model in apps.get_models():
            for field in related_names(model):
                target = field.fk().related_model
                _dependents.setdefault(target, []).append((model, field))
    return _dependents.get(sender, [])


def _follow_rename(sender, instance, raw=False, using="default", update_fields=None, **kw):  # noqa: ANN001, ANN003, ANN202, FBT002
    """A related record was saved: its rows' copies take its name (one indexed ``UPDATE``
    of the rows that differ; nothing when the name did not change)."""
    if raw:
        return
    for model, field in _dependents_of(sender):
        if update_fields is not None and field.source not in update_fields:
            continue
        name = getattr(instance, field.source)
        fk = field.fk()
        model._base_manager.using(using).filter(**{fk.attname: instance.pk}).exclude(
            **{field.attname: name}
        ).update(**{field.attname: name})


post_save.connect(_follow_rename, dispatch_uid="doingoai-sortkeys-follow-rename")
