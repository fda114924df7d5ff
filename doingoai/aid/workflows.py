"""The workflow of an aid item (Decree 80/2020/NĐ-CP): proposed, approved (the decision to
receive it), being implemented, completed; or cancelled."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.aid.models import AidStatus
from doingoai.core import roles as R
from doingoai.core.workflow import Transition, Workflow

STAFF = (R.SPECIALIST, R.LEADER, R.ADMIN)
IMPLEMENTERS = (R.AGENCY, *STAFF)


def _has_approval(obj) -> list[str]:  # noqa: ANN001
    if obj.approval_id or obj.approved_on:
        return []
    return [gettext("Enter the approval decision (number, date) or the date of approval first.")]


def _has_donor(obj) -> list[str]:  # noqa: ANN001
    if obj.pk and obj.donors.exists():
        return []
    return [gettext("Name at least one donor first.")]


def _stamp_approval(obj, user, comment) -> None:  # noqa: ANN001
    if obj.approved_on is None and obj.approval_id:
        obj.approved_on = obj.approval.issued_date


def _stamp_implementation(obj, user, comment) -> None:  # noqa: ANN001
    obj.implemented_on = obj.implemented_on or obj.start or timezone.localdate()
    obj.start = obj.start or obj.implemented_on


def _stamp_end(obj, user, comment) -> None:  # noqa: ANN001
    obj.end = obj.end or timezone.localdate()


AID_ITEM = Workflow.from_choices(
    AidStatus,  # the states are the status field's choices, in their order
    tones={
        AidStatus.APPROVED: "info",
        AidStatus.IMPLEMENTING: "primary",
        AidStatus.COMPLETED: "success",
        AidStatus.CANCELLED: "danger",
    },
    terminal=(AidStatus.COMPLETED, AidStatus.CANCELLED),
    transitions=[
        Transition(
            "approve",
            _("Record the approval"),
            (AidStatus.PROPOSED,),
            AidStatus.APPROVED,
            STAFF,
            checks=(_has_approval, _has_donor),
            effects=(_stamp_approval,),
            fields=("approval", "approved_on"),
        ),
        Transition(
            "back_to_proposed",
            _("Back to proposed"),
            (AidStatus.APPROVED,),
            AidStatus.PROPOSED,
            STAFF,
            comment_required=True,
            style="outline-secondary",
        ),
        Transition(
            "implement",
            _("Start implementation"),
            (AidStatus.APPROVED,),
            AidStatus.IMPLEMENTING,
            IMPLEMENTERS,
            effects=(_stamp_implementation,),
            fields=("implemented_on", "start"),
        ),
        Transition(
            "complete",
            _("Mark completed"),
            (AidStatus.IMPLEMENTING,),
            AidStatus.COMPLETED,
            IMPLEMENTERS,
            effects=(_stamp_end,),
            fields=("end",),
        ),
        Transition(
            "cancel",
            _("Cancel"),
            (AidStatus.PROPOSED, AidStatus.APPROVED, AidStatus.IMPLEMENTING),
            AidStatus.CANCELLED,
            STAFF,
            comment_required=True,
            style="outline-danger",
        ),
    ],
)
