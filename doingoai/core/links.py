"""Record links: kinds, adding and removing (through services), and what a record's page shows.

A record type declares which types it may link to by key (``links_to = ["partners.partner"]``,
or ``["*"]`` for any), so no area imports another. Links are listed on both records' pages;
a link whose other end was deleted is shown as such, and is live again once that record is
restored (links are not deleted with their records).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doingoai.core.models import RecordLink
from doingoai.core.registry import RecordType, registry


@dataclass(frozen=True)
class LinkKind:
    """A kind of link, read one way from the source and the other way from the target."""

    key: str
    label: str | Promise
    reverse_label: str | Promise


_KINDS: dict[str, LinkKind] = {}


def register_link_kind(key: str, label: str | Promise, reverse_label: str | Promise) -> None:
    """Add a kind (an area may add its own, e.g. "implements" an agreement)."""
    _KINDS[key] = LinkKind(key, label, reverse_label)


def link_kinds() -> list[LinkKind]:
    return list(_KINDS.values())


register_link_kind("related", gettext_lazy("related to"), gettext_lazy("related to"))
register_link_kind(
    "under_agreement", gettext_lazy("under the agreement"), gettext_lazy("activity under it")
)
register_link_kind("with_partner", gettext_lazy("with the partner"), gettext_lazy("activity with"))
register_link_kind("follow_up", gettext_lazy("follow-up of"), gettext_lazy("followed up by"))


def may_link(source_rt: RecordType, target_rt: RecordType) -> bool:
    """Either side declares the other in ``links_to``."""
    return (
        "*" in source_rt.links_to
        or target_rt.key in source_rt.links_to
        or "*" in target_rt.links_to
        or source_rt.key in target_rt.links_to
    )


def _ct(obj_or_model: Any) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


@transaction.atomic
def link_add(
    *, source: models.Model, target: models.Model, kind: str, user, note: str = ""
) -> RecordLink:
    """Link ``source`` to ``target`` (idempotent): change on the source, view on the target."""
    from doingoai.core.services import require_object

    source_rt = registry.for_model(type(source))
    target_rt = registry.for_model(type(target))
    require_object(source_rt, user, "change", source)
    require_object(target_rt, user, "view", target)
    if user is not None and not target_rt.visible_to(user).filter(pk=target.pk).exists():
        raise ValidationError(_("No such record."))
    if kind not in _KINDS:
        raise ValidationError(_("Unknown kind of link."))
    if not may_link(source_rt, target_rt):
        raise ValidationError(
            _("A %(source)s cannot be linked to a %(target)s.")
            % {"source": source_rt.label, "target": target_rt.label}
        )
    if source_rt is target_rt and str(source.pk) == str(target.pk):
        raise ValidationError(_("A record cannot be linked to itself."))
    link, created = RecordLink.objects.get_or_create(
        source_type=_ct(source),
        source_id=str(source.pk),
        target_type=_ct(target),
        target_id=str(target.pk),
        kind=kind,
        defaults={"note": note, "created_by": user if user and user.is_authenticated else None},
    )
    if not created and note and link.note != note:
        link.note = note
        link.save(update_fields=["note"])
    return link


@transaction.atomic
def link_remove(*, link: RecordLink, user) -> None:
    """Remove a link (kept in its history): change on either end's record."""

    for ct, pk in ((link.source_type, link.source_id), (link.target_type, link.target_id)):
        model = ct.model_class()
        if model is None or not registry.is_registered(model):
            continue
        obj = model._default_manager.filter(pk=pk).first()
        rt = registry.for_model(model)
        if obj is not None and rt.can_object(user, "change", obj):
            link.delete()
            return
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied(_("You do not have permission to do this."))


@dataclass
class ShownLink:
    """One line of a record's links panel."""

    link: RecordLink
    label: str
    type_label: str
    title: str
    url: str | None
    deleted: bool


def links_of(obj: models.Model, user) -> list[ShownLink]:
    """Links of ``obj`` both ways, as ``user`` may see them: other ends the user may not see
    are left out; deleted ones are named from their history and marked."""
    ct = _ct(obj)
    pk = str(obj.pk)
    rows = list(
        RecordLink.objects.filter(
            models.Q(source_type=ct, source_id=pk) | models.Q(target_type=ct, target_id=pk)
        ).order_by("kind", "id")
    )
    ends: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        outgoing = row.source_type_id == ct.id and row.source_id == pk
        other_ct, other_id = (
            (row.target_type_id, row.target_id) if outgoing else (row.source_type_id, row.source_id)
        )
        ends[other_ct].add(other_id)
    found: dict[tuple[int, str], tuple[str, str | None, bool, str]] = {}
    for ct_id, ids in ends.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not registry.is_registered(model):
            continue
        rt = registry.for_model(model)
        for live in rt.visible_to(user).filter(pk__in=ids):
            found[(ct_id, str(live.pk))] = (str(live), rt.url("detail", live.pk), False, rt.label)
        missing = ids - {i for (c, i) in found if c == ct_id}
        if missing and rt.can(user, "view"):
            existing = set(
                map(str, model._default_manager.filter(pk__in=missing).values_list("pk", flat=True))
            )
            gone = missing - existing
            history = rt.history_visible_to(user).filter(
                **{f"{model._meta.pk.attname}__in": gone}, history_type="-"
            )
            for row in history.order_by("history_id"):
                found[(ct_id, str(row.instance.pk))] = (str(row.instance), None, True, rt.label)
    shown = []
    for row in rows:
        outgoing = row.source_type_id == ct.id and row.source_id == pk
        key = (
            (row.target_type_id, row.target_id) if outgoing else (row.source_type_id, row.source_id)
        )
        if key not in found:
            continue
        title, url, deleted, type_label = found[key]
        kind = _KINDS.get(row.kind)
        label = str(kind.label if outgoing else kind.reverse_label) if kind else row.kind
        shown.append(ShownLink(row, label, str(type_label), title, url, deleted))
    return shown


def resolve_target(rt: RecordType, text: str, user) -> models.Model:
    """The record of ``rt`` a user typed: its ID, or text that names exactly one record."""
    text = (text or "").strip()
    qs = rt.visible_to(user)
    if text.isdigit():
        found = qs.filter(pk=int(text)).first()
        if found is not None:
            return found
    matches = list(qs.search(text)[:6]) if text else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _("No %(type)s matches “%(text)s”.") % {"type": rt.label, "text": text}
        )
    raise ValidationError(
        _("“%(text)s” matches several records: %(names)s. Type the ID instead.")
        % {"text": text, "names": "; ".join(f"{m} (ID {m.pk})" for m in matches[:5])}
    )
