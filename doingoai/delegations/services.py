"""Writes of the delegations module beyond saving a form: amendments of decided trips,
recording a decision, generating the documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import services as core_services
from doingoai.core.models import LegalDocument, SiteSettings
from doingoai.core.registry import registry
from doingoai.core.text import format_date
from doingoai.delegations.models import Amendment, OutboundDelegation

AMENDABLE = ("decided", "amendment")


def ensure_no_overlap(delegation: OutboundDelegation) -> None:
    """Refuse the save when a member is already on another trip with overlapping dates.

    Forms check this before saving; this check after the save (same transaction) also covers
    the API, imports and rows that clash with each other within one file."""
    from doingoai.delegations.checks import delegation_overlaps

    problems = delegation_overlaps(delegation)
    if problems:
        raise ValidationError(problems)


def member_change_guard(rt, obj, user, reason: str = "") -> None:  # noqa: ANN001
    """A member of a decided delegation is changed or removed through the delegation's form,
    where the change becomes an amendment waiting for a new decision (core change guard)."""
    if rt.key != "delegations.outboundmember":
        return
    delegation = (
        OutboundDelegation.objects.filter(pk=obj.delegation_id).only("title", "status").first()
    )
    if delegation and delegation.status in AMENDABLE:
        raise ValidationError(
            _(
                "The delegation “%(title)s” is already decided: change its members in the "
                "delegation's form, so that the change is recorded as an amendment for a new "
                "decision."
            )
            % {"title": delegation.title}
        )


def trip_snapshot(delegation: OutboundDelegation) -> dict[str, Any]:
    """What an amendment compares: members, dates, destinations (as stored now)."""
    return {
        "members": sorted(str(m.person) for m in delegation.members.select_related("person")),
        "dates": delegation.period_text(),
        "destinations": sorted(c.name_vi for c in delegation.destinations.all()),
    }


def snapshot_from_db(delegation: OutboundDelegation) -> dict[str, Any] | None:
    if delegation.pk is None:
        return None
    stored = OutboundDelegation.objects.filter(pk=delegation.pk).first()
    return trip_snapshot(stored) if stored else None


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, str]]:
    labels = {"members": _("members"), "dates": _("dates"), "destinations": _("destinations")}
    changes = []
    for key, label in labels.items():
        old, new = before[key], after[key]
        if old != new:
            as_text = (lambda v: "; ".join(v)) if isinstance(old, list) else str
            changes.append({"field": str(label), "old": as_text(old), "new": as_text(new)})
    return changes


def register_amendment(
    *, delegation: OutboundDelegation, before: dict[str, Any] | None, user, imported: bool = False
) -> Amendment | None:  # noqa: ANN001
    """If a decided trip's members, dates or destinations changed, record the differences
    and send it back for an amended decision.

    An import is the record of what happened, not a change to a decision: it amends nothing
    when it completes a trip that had no members before the file, or concerns a trip that
    has already departed (past years' records entered in the guide's order)."""
    if before is None or delegation.status not in AMENDABLE:
        return None
    if imported and (not before["members"] or delegation.departure < timezone.localdate()):
        return None
    changes = diff_snapshots(before, trip_snapshot(delegation))
    if not changes:
        return None
    if delegation.status == "amendment":
        amendment = delegation.amendments.first()
        amendment.changes = [*amendment.changes, *changes]
        amendment.save(update_fields=["changes"])
        return amendment
    amendment = Amendment.objects.create(
        delegation=delegation,
        changes=changes,
        previous_decision_id=delegation.decision_id,
        created_by=user,
    )
    core_services.record_complete_write(delegation, status="amendment")
    core_services.log_transition(
        obj=delegation,
        name="amend",
        source="decided",
        target="amendment",
        user=user,
        comment="; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in changes),
    )
    return amendment


@transaction.atomic
def record_decision(
    *, obj, number: str, issued_date, signer_name: str, signer_title: str, user, kind: str = "QĐ"
) -> LegalDocument:  # noqa: ANN001
    """Create (or reuse) the decision document, link it and make the workflow move."""
    site = SiteSettings.load()
    rt = registry.for_model(type(obj))
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    is_outbound = isinstance(obj, OutboundDelegation)
    today = timezone.localdate()
    if issued_date > today:
        raise ValidationError(
            _("The decision is dated %(date)s, in the future: record it once it is signed.")
            % {"date": format_date(issued_date)}
        )
    received = getattr(obj, "requested_on", None)
    if received and issued_date < received:
        raise ValidationError(
            _(
                "The decision is dated %(date)s, before the request was received (%(received)s): "
                "check the date."
            )
            % {"date": format_date(issued_date), "received": format_date(received)}
        )
    document, _created = LegalDocument.objects.get_or_create(
        number=number.strip(),
        issued_date=issued_date,
        issuer=site.committee_name,
        defaults={
            "kind": kind,
            "signer_name": signer_name,
            "signer_title": signer_title,
            "summary": (
                _("Decision sending the delegation “%(title)s”")
                if is_outbound
                else _("Permission to receive the delegation “%(title)s”")
            )
            % {"title": obj.title},
        },
    )
    name = {
        "appraised": "decide" if is_outbound else "permit",
        "amendment": "approve_amendment",
    }.get(obj.status)
    if name is None:
        raise ValidationError(_("A decision cannot be recorded in this state."))
    # set by the move itself: the record is saved once, so its history shows one change
    # "decision recorded" with the decision in the reason
    field = "decision" if is_outbound else "permission"
    core_services.document_link(obj=obj, document=document, user=user)
    core_services.workflow_apply(
        rt=rt,
        obj=obj,
        transition_name=name,
        user=user,
        values={field: document},
        comment=_("Decision %(number)s of %(date)s")
        % {"number": document.number, "date": format_date(document.issued_date)},
    )
    return document
