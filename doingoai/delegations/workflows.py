"""The workflows of outbound and inbound delegations: who may make each move, and the checks
and effects of each move."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.rules import rule_value
from doingoai.core.workflow import State, Transition, Workflow
from doingoai.delegations.models import InboundStatus, OutboundStatus

A, L, S = R.AGENCY, R.LEADER, R.SPECIALIST
ADM = R.ADMIN


def _has_members(obj) -> list[str]:  # noqa: ANN001
    return [] if obj.members.exists() else [gettext("Add the members of the delegation first.")]


def _has_destination(obj) -> list[str]:  # noqa: ANN001
    return (
        [] if obj.destinations.exists() else [gettext("Choose at least one destination country.")]
    )


def _has_decision(obj) -> list[str]:  # noqa: ANN001
    return (
        []
        if obj.decision_id
        else [
            gettext("No decision is recorded: enter the decision's number, date and signer first.")
        ]
    )


def _has_new_decision(obj) -> list[str]:  # noqa: ANN001
    amendment = obj.amendments.first()
    if amendment and obj.decision_id and obj.decision_id != amendment.previous_decision_id:
        return []
    return [gettext("Record the amended decision (a new number and date) first.")]


def _has_report(obj) -> list[str]:  # noqa: ANN001
    from doingoai.core.models import Attachment

    if (
        obj.report_summary.strip()
        or Attachment.objects.filter(
            object_id=str(obj.pk), content_type__model="outbounddelegation"
        ).exists()
    ):
        return []
    return [gettext("Write the summary of the post-trip report, or attach the report, first.")]


def _has_permission(obj) -> list[str]:  # noqa: ANN001
    return (
        []
        if obj.permission_id
        else [
            gettext("No permission document is recorded: enter its number, date and signer first.")
        ]
    )


def _stamp_request(obj, user, comment) -> None:  # noqa: ANN001
    obj.requested_on = obj.requested_on or timezone.localdate()


def _keep_opinion(obj, user, comment) -> None:  # noqa: ANN001
    obj.appraisal_opinion = comment


def _returned(obj, user, comment) -> None:  # noqa: ANN001
    obj.actual_departure = obj.actual_departure or obj.planned_departure
    obj.actual_return = obj.actual_return or obj.planned_return
    obj.report_due = obj.actual_return + timedelta(days=rule_value("delegations.report_due_days"))


def _reported(obj, user, comment) -> None:  # noqa: ANN001
    obj.report_submitted_on = obj.report_submitted_on or timezone.localdate()


def _amendment_decided(obj, user, comment) -> None:  # noqa: ANN001
    amendment = obj.amendments.first()
    amendment.decision_id = obj.decision_id
    amendment.save(update_fields=["decision"])


OPEN = ("draft", "submitted", "appraised", "decided", "amendment")

OUTBOUND = Workflow(
    states=[
        State(OutboundStatus.DRAFT, OutboundStatus.DRAFT.label),
        State(OutboundStatus.SUBMITTED, OutboundStatus.SUBMITTED.label, tone="info"),
        State(OutboundStatus.APPRAISED, OutboundStatus.APPRAISED.label, tone="primary"),
        State(OutboundStatus.DECIDED, OutboundStatus.DECIDED.label, tone="success"),
        State(OutboundStatus.AMENDMENT, OutboundStatus.AMENDMENT.label, tone="warning"),
        State(OutboundStatus.RETURNED, OutboundStatus.RETURNED.label, tone="warning"),
        State(OutboundStatus.REPORTED, OutboundStatus.REPORTED.label, True, "success"),
        State(OutboundStatus.CANCELLED, OutboundStatus.CANCELLED.label, True, "secondary"),
        State(OutboundStatus.REFUSED, OutboundStatus.REFUSED.label, True, "danger"),
    ],
    transitions=[
        Transition(
            "submit",
            _("Submit the request"),
            ("draft",),
            "submitted",
            (A, S, ADM),
            checks=(_has_members, _has_destination),
            effects=(_stamp_request,),
        ),
        Transition(
            "appraise",
            _("Appraise (write the department's opinion)"),
            ("submitted",),
            "appraised",
            (S, ADM),
            comment_required=True,
            effects=(_keep_opinion,),
        ),
        Transition(
            "send_back",
            _("Send back for completion"),
            ("submitted", "appraised"),
            "draft",
            (S, L, ADM),
            comment_required=True,
            style="outline-secondary",
        ),
        Transition(
            "decide",
            _("Record the decision"),
            ("appraised",),
            "decided",
            (L, ADM),
            checks=(_has_decision,),
            style="success",
        ),
        Transition(
            "approve_amendment",
            _("Record the amended decision"),
            ("amendment",),
            "decided",
            (L, ADM),
            checks=(_has_new_decision,),
            effects=(_amendment_decided,),
            style="success",
        ),
        Transition(
            "mark_returned",
            _("Mark as returned"),
            ("decided",),
            "returned",
            (A, S, ADM),
            checks=(_has_decision,),
            effects=(_returned,),
        ),
        Transition(
            "mark_reported",
            _("Post-trip report received"),
            ("returned",),
            "reported",
            (A, S, ADM),
            checks=(_has_report,),
            effects=(_reported,),
            style="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            OPEN,
            "cancelled",
            (A, S, L, ADM),
            comment_required=True,
            style="outline-danger",
        ),
        Transition(
            "refuse",
            _("Refuse"),
            ("submitted", "appraised", "amendment"),
            "refused",
            (L, ADM),
            comment_required=True,
            style="danger",
        ),
    ],
)

INBOUND = Workflow(
    states=[
        State(InboundStatus.PROPOSED, InboundStatus.PROPOSED.label, tone="info"),
        State(InboundStatus.APPRAISED, InboundStatus.APPRAISED.label, tone="primary"),
        State(InboundStatus.PERMITTED, InboundStatus.PERMITTED.label, tone="success"),
        State(InboundStatus.RECEIVED, InboundStatus.RECEIVED.label, tone="warning"),
        State(InboundStatus.REPORTED, InboundStatus.REPORTED.label, True, "success"),
        State(InboundStatus.CANCELLED, InboundStatus.CANCELLED.label, True, "secondary"),
        State(InboundStatus.REFUSED, InboundStatus.REFUSED.label, True, "danger"),
    ],
    transitions=[
        Transition(
            "appraise",
            _("Appraise (write the department's opinion)"),
            ("proposed",),
            "appraised",
            (S, ADM),
            comment_required=True,
            effects=(_keep_opinion,),
        ),
        Transition(
            "permit",
            _("Record the permission"),
            ("appraised",),
            "permitted",
            (L, ADM),
            checks=(_has_permission,),
            style="success",
        ),
        Transition("mark_received", _("Mark as received"), ("permitted",), "received", (A, S, ADM)),
        Transition(
            "mark_reported",
            _("Report on the visit received"),
            ("received",),
            "reported",
            (A, S, ADM),
            style="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            ("proposed", "appraised", "permitted"),
            "cancelled",
            (A, S, L, ADM),
            comment_required=True,
            style="outline-danger",
        ),
        Transition(
            "refuse",
            _("Refuse"),
            ("proposed", "appraised"),
            "refused",
            (L, ADM),
            comment_required=True,
            style="danger",
        ),
    ],
)
