"""Merging duplicate records (two entries for one person, one organisation typed twice).

``merge_records`` moves onto the kept record everything that pointed at the duplicate: rows
of any type that refer to it (members of a trip, persons of an organisation ...), its many-
to-many links, the links to it from other records' many-to-many fields, record links,
attachments and linked documents; then it deletes the duplicate through ``record_delete`` (so
its content stays in its history) and writes the merge in both histories. ``merge_undo``
puts everything back: the duplicate is restored, each moved row returns to it, and links
added to the kept record are removed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import services
from doingoai.core.models import Attachment, MergeLog, RecordDocument, RecordLink
from doingoai.core.registry import RecordType


def _is_history(model: type[models.Model]) -> bool:
    return model.__name__.startswith("Historical") or model._meta.model_name.startswith(
        "historical"
    )


def _save_moved(obj: models.Model, user, reason: str) -> None:
    if hasattr(obj, "version"):
        services.claim_version(obj, obj.version)
        obj.updated_by = user if user and user.is_authenticated else None
    obj._change_reason = reason
    obj.save()


def merge_plan(rt: RecordType, source: models.Model) -> list[tuple[str, int]]:
    """What would move: (kind of record, how many), for the confirmation page."""
    counts: list[tuple[str, int]] = []
    for rel in source._meta.related_objects:
        if _is_history(rel.related_model):
            continue
        if rel.many_to_many:
            through = rel.through
            n = through._default_manager.filter(
                **{rel.field.m2m_reverse_field_name(): source}
            ).count()
        elif rel.one_to_many or rel.one_to_one:
            n = rel.related_model._default_manager.filter(**{rel.field.name: source}).count()
        else:
            continue
        if n:
            counts.append((str(rel.related_model._meta.verbose_name_plural), n))
    ct = ContentType.objects.get_for_model(source)
    generic = {
        _("attachments"): Attachment.objects.filter(content_type=ct, object_id=str(source.pk)),
        _("linked documents"): RecordDocument.objects.filter(
            content_type=ct, object_id=str(source.pk)
        ),
        _("linked records"): RecordLink.objects.filter(
            models.Q(source_type=ct, source_id=str(source.pk))
            | models.Q(target_type=ct, target_id=str(source.pk))
        ),
    }
    counts += [(str(label), qs.count()) for label, qs in generic.items() if qs.exists()]
    return counts


@transaction.atomic
def merge_records(
    *, rt: RecordType, source: models.Model, target: models.Model, user, reason: str = ""
) -> MergeLog:
    """Merge the duplicate ``source`` into ``target`` (see the module docstring)."""
    if type(source) is not type(target) or str(source.pk) == str(target.pk):
        raise ValidationError(_("Choose another record of the same kind to merge into."))
    services.require_object(rt, user, "change", target)
    services.require_object(rt, user, "delete", source)
    source_title = str(source)
    why = _("merged into “%(target)s”") % {"target": target}
    moved: dict[str, Any] = {"fk": [], "m2m_reverse": [], "m2m_added": {}, "generic": []}
    for rel in source._meta.related_objects:
        model = rel.related_model
        if _is_history(model):
            continue
        if rel.many_to_many:
            through = rel.through
            own = rel.field.m2m_reverse_field_name()
            other = rel.field.m2m_field_name()
            rows = list(through._default_manager.filter(**{own: source}))
            owners = []
            for row in rows:
                holder = getattr(row, f"{other}_id")
                if through._default_manager.filter(**{own: target, other: holder}).exists():
                    row.delete()
                    owners.append([holder, False])
                else:
                    setattr(row, f"{own}_id", target.pk)
                    row.save()
                    owners.append([holder, True])
            if owners:
                moved["m2m_reverse"].append(
                    {
                        "through": through._meta.label_lower,
                        "own": own,
                        "other": other,
                        "rows": owners,
                    }
                )
        elif rel.one_to_many or rel.one_to_one:
            objs = list(model._default_manager.filter(**{rel.field.name: source}))
            for obj in objs:
                setattr(obj, rel.field.name, target)
                try:
                    with transaction.atomic():
                        _save_moved(obj, user, why)
                except IntegrityError as exc:
                    raise ValidationError(
                        _(
                            "These records cannot be merged: “%(obj)s” (%(kind)s) would then "
                            "refer to the kept record twice. Correct it first."
                        )
                        % {"obj": obj, "kind": model._meta.verbose_name}
                    ) from exc
            if objs:
                moved["fk"].append(
                    {
                        "model": model._meta.label_lower,
                        "field": rel.field.name,
                        "pks": [obj.pk for obj in objs],
                    }
                )
    for f in source._meta.many_to_many:
        theirs = set(getattr(target, f.name).values_list("pk", flat=True))
        added = [
            pk for pk in getattr(source, f.name).values_list("pk", flat=True) if pk not in theirs
        ]
        if added:
            getattr(target, f.name).add(*added)
            moved["m2m_added"][f.name] = added
    ct = ContentType.objects.get_for_model(source)
    for model, fields in (
        (Attachment, [("content_type", "object_id")]),
        (RecordDocument, [("content_type", "object_id")]),
        (RecordLink, [("source_type", "source_id"), ("target_type", "target_id")]),
    ):
        for type_field, id_field in fields:
            for row in model.objects.filter(**{type_field: ct, id_field: str(source.pk)}):
                setattr(row, id_field, str(target.pk))
                try:
                    with transaction.atomic():
                        row.save()
                except Exception:  # noqa: BLE001 (the kept record already has the same link)
                    continue
                moved["generic"].append(
                    {"model": model._meta.label_lower, "field": id_field, "pk": row.pk}
                )
    services.record_delete(rt=rt, obj=source, user=user, reason=why)
    target = type(target)._default_manager.get(pk=target.pk)
    target._change_reason = _("“%(source)s” (ID %(pk)s) merged into this record") % {
        "source": source_title,
        "pk": source.pk,
    } + (f": {reason}" if reason else "")
    services.record_save(rt=rt, obj=target, user=user, reason=target._change_reason)
    return MergeLog.objects.create(
        content_type=ct,
        source_id=str(source.pk),
        target_id=str(target.pk),
        source_title=source_title[:300],
        moved=moved,
        reason=reason[:300],
        user=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def merge_undo(*, rt: RecordType, merge: MergeLog, user) -> models.Model:
    """Undo ``merge``: the merged record comes back with everything that was moved."""
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."))
    model = merge.content_type.model_class()
    target = model._default_manager.get(pk=merge.target_id)
    services.require_object(rt, user, "change", target)
    deletion = (
        model.history.filter(**{model._meta.pk.attname: merge.source_id}, history_type="-")
        .order_by("-history_id")
        .first()
    )
    if deletion is None:
        raise ValidationError(_("That version does not exist in the history."))
    source = services.record_restore(
        rt=rt, history_id=deletion.history_id, user=user, confirm_missing=True
    )
    why = _("merge with “%(target)s” undone") % {"target": target}
    for entry in merge.moved.get("fk", []):
        moved_model = apps.get_model(entry["model"])
        for obj in moved_model._default_manager.filter(pk__in=entry["pks"]):
            setattr(obj, entry["field"], source)
            _save_moved(obj, user, why)
    for entry in merge.moved.get("m2m_reverse", []):
        through = apps.get_model(entry["through"])
        for holder, was_moved in entry["rows"]:
            if was_moved:
                through._default_manager.filter(
                    **{entry["own"]: target, entry["other"]: holder}
                ).update(**{f"{entry['own']}_id": source.pk})
            else:
                through._default_manager.get_or_create(
                    **{f"{entry['own']}_id": source.pk, f"{entry['other']}_id": holder}
                )
    for name, pks in merge.moved.get("m2m_added", {}).items():
        getattr(target, name).remove(*pks)
    for entry in merge.moved.get("generic", []):
        generic_model = apps.get_model(entry["model"])
        generic_model.objects.filter(pk=entry["pk"]).update(**{entry["field"]: str(source.pk)})
    target = model._default_manager.get(pk=target.pk)
    services.record_save(rt=rt, obj=target, user=user, reason=why)
    merge.undone_at = timezone.now()
    merge.undone_by = user if user and user.is_authenticated else None
    merge.save(update_fields=["undone_at", "undone_by"])
    return source
