"""The workflows of outbound and inbound delegations: who may make each move, and the checks
and effects of each move."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.rules import rule_value
from doingoai.core.text import format_date
from doingoai.core.workflow import (
    Transition,
    Workflow,
    keep_comment,
    not_in_future,
    stamp_today,
    still_valid,
)
from doingoai.delegations import notices
from doingoai.delegations.models import InboundStatus, OutboundStatus


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


#: The names the system gives the documents it generates (``documents.py``): a generated
#: decision or appraisal letter is not the delegation's report.
GENERATED_PREFIXES = ("quyet-dinh-", "tham-dinh-")


def _user_report_files(obj):  # noqa: ANN001, ANN202
    """Files attached by a user since the delegation was marked returned, other than the
    documents the system generated."""
    from django.db.models import Q

    from doingoai.core.models import Attachment, WorkflowTransition

    files = Attachment.objects.filter(
        object_id=str(obj.pk), content_type__model="outbounddelegation"
    )
    for prefix in GENERATED_PREFIXES:
        files = files.exclude(
            Q(original_name__startswith=prefix) & Q(original_name__endswith=".docx")
        )
    returned = (
        WorkflowTransition.objects.filter(
            object_id=str(obj.pk),
            content_type__model="outbounddelegation",
            to_state="returned",
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return files.filter(uploaded_at__gte=returned) if returned else files


def _has_report(obj) -> list[str]:  # noqa: ANN001
    if obj.report_summary.strip() or _user_report_files(obj).exists():
        return []
    return [
        gettext(
            "Write the summary of the post-trip report, or attach the report the delegation "
            "sent (a file attached after its return; the documents the system generated do "
            "not count), first."
        )
    ]


def _trip_is_over(obj) -> list[str]:  # noqa: ANN001
    """A return is confirmed only for a trip that has taken place: the dates it records
    (actual, else planned) are not in the future, and the return is not before the
    departure."""
    today = timezone.localdate()
    departure = obj.actual_departure or obj.planned_departure
    back = obj.actual_return or obj.planned_return
    problems = []
    if departure and departure > today:
        problems.append(
            gettext(
                "The delegation has not departed yet (departure %(date)s): a return can be "
                "confirmed only after the trip."
            )
            % {"date": format_date(departure)}
        )
    elif back and back > today:
        problems.append(
            gettext(
                "The return date %(date)s is in the future: confirm the return once the "
                "delegation is back, or correct the actual return date."
            )
            % {"date": format_date(back)}
        )
    if departure and back and back < departure:
        problems.append(gettext("The actual return is before the actual departure."))
    return problems


#: A visit is confirmed as received only once the delegation has arrived.
_visit_has_happened = not_in_future(
    "planned_arrival",
    _(
        "The delegation has not arrived yet (arrival %(date)s): confirm the visit once "
        "it has taken place."
    ),
)


def _has_visit_report(obj) -> list[str]:  # noqa: ANN001
    """The report on a visit is its results, or a file a user attached after the visit."""
    from doingoai.core.models import Attachment, WorkflowTransition

    if obj.results.strip():
        return []
    received = (
        WorkflowTransition.objects.filter(
            object_id=str(obj.pk), content_type__model="inbounddelegation", to_state="received"
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    files = Attachment.objects.filter(
        object_id=str(obj.pk), content_type__model="inbounddelegation"
    )
    if received:
        files = files.filter(uploaded_at__gte=received)
    if files.exists():
        return []
    return [
        gettext(
            "Write the results of the visit, or attach the report on it (a file attached after "
            "the visit), first."
        )
    ]


#: Last effect of every move (``core.workflow.still_valid``).
_still_valid = still_valid


def _has_permission(obj) -> list[str]:  # noqa: ANN001
    return (
        []
        if obj.permission_id
        else [
            gettext("No permission document is recorded: enter its number, date and signer first.")
        ]
    )


_stamp_request = stamp_today("requested_on")


_keep_opinion = keep_comment("appraisal_opinion")


def _returned(obj, user, comment) -> None:  # noqa: ANN001
    """Stamp the actual dates (the planned ones unless recorded) and the report's due date."""
    obj.actual_departure = obj.actual_departure or obj.planned_departure
    obj.actual_return = obj.actual_return or obj.planned_return
    obj.report_due = obj.actual_return + timedelta(days=rule_value("delegations.report_due_days"))


#: The department received the report today, unless a date was recorded.
_reported = stamp_today("report_submitted_on")


def _amendment_decided(obj, user, comment) -> None:  # noqa: ANN001
    amendment = obj.amendments.first()
    amendment.decision_id = obj.decision_id
    amendment.save(update_fields=["decision"])


OPEN = ("draft", "submitted", "appraised", "decided", "amendment")

OUTBOUND = Workflow.from_choices(
    OutboundStatus,
    # the states are OutboundStatus's members, in its order, with their labels
    tones={
        "submitted": "info",
        "appraised": "primary",
        "decided": "success",
        "amendment": "warning",
        "returned": "warning",
        "reported": "success",
        "refused": "danger",
    },
    terminal=("reported", "cancelled", "refused"),
    transitions=[
        Transition(
            "submit",
            _("Submit the request"),
            ("draft",),
            "submitted",
            (R.AGENCY, R.SPECIALIST, R.ADMIN),
            checks=(_has_members, _has_destination),
            effects=(_stamp_request, _still_valid, notices.submitted),
        ),
        Transition(
            "appraise",
            _("Appraise (write the department's opinion)"),
            ("submitted",),
            "appraised",
            (R.SPECIALIST, R.ADMIN),
            comment_required=True,
            effects=(_keep_opinion, _still_valid, notices.appraised),
        ),
        Transition(
            "send_back",
            _("Send back for completion"),
            ("submitted", "appraised"),
            "draft",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(_still_valid, notices.sent_back),
            style="outline-secondary",
        ),
        Transition(
            "decide",
            _("Record the decision"),
            ("appraised",),
            "decided",
            (R.LEADER, R.ADMIN),
            checks=(_has_decision,),
            effects=(_still_valid, notices.decided),
            fields=("decision",),
            button=False,  # the decision panel records the decision and makes the move
            style="success",
        ),
        Transition(
            "approve_amendment",
            _("Record the amended decision"),
            ("amendment",),
            "decided",
            (R.LEADER, R.ADMIN),
            checks=(_has_new_decision,),
            effects=(_amendment_decided, _still_valid, notices.decided),
            fields=("decision",),
            button=False,
            style="success",
        ),
        Transition(
            "mark_returned",
            _("Mark as returned"),
            ("decided",),
            "returned",
            (R.AGENCY, R.SPECIALIST, R.ADMIN),
            checks=(_has_decision, _trip_is_over),
            effects=(_returned, _still_valid, notices.report_due),
            fields=("actual_departure", "actual_return"),
        ),
        Transition(
            "mark_reported",
            _("Post-trip report received"),
            ("returned",),
            "reported",
            (
                R.SPECIALIST,
                R.LEADER,
                R.ADMIN,
            ),  # the department confirms receipt, not the agency that sends it
            checks=(_has_report,),
            effects=(_reported, _still_valid),
            fields=("report_summary", "results"),
            style="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            OPEN,
            "cancelled",
            (R.AGENCY, R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            style="outline-danger",
        ),
        Transition(
            "refuse",
            _("Refuse"),
            ("submitted", "appraised", "amendment"),
            "refused",
            (R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(notices.refused,),
            style="danger",
        ),
    ],
)

INBOUND = Workflow.from_choices(
    InboundStatus,
    # the states are InboundStatus's members, in its order, with their labels
    tones={
        "proposed": "info",
        "appraised": "primary",
        "permitted": "success",
        "received": "warning",
        "reported": "success",
        "refused": "danger",
    },
    terminal=("reported", "cancelled", "refused"),
    transitions=[
        Transition(
            "appraise",
            _("Appraise (write the department's opinion)"),
            ("proposed",),
            "appraised",
            (R.SPECIALIST, R.ADMIN),
            comment_required=True,
            effects=(_keep_opinion,),
        ),
        Transition(
            "permit",
            _("Record the permission"),
            ("appraised",),
            "permitted",
            (R.LEADER, R.ADMIN),
            checks=(_has_permission,),
            fields=("permission",),
            button=False,
            style="success",
        ),
        Transition(
            "mark_received",
            _("Mark as received"),
            ("permitted",),
            "received",
            (R.AGENCY, R.SPECIALIST, R.ADMIN),
            checks=(_visit_has_happened,),
        ),
        Transition(
            "mark_reported",
            _("Report on the visit received"),
            ("received",),
            "reported",
            (
                R.SPECIALIST,
                R.LEADER,
                R.ADMIN,
            ),  # the department confirms receipt, not the host agency
            checks=(_has_visit_report,),
            style="success",
        ),
        Transition(
            "cancel",
            _("Cancel"),
            ("proposed", "appraised", "permitted"),
            "cancelled",
            (R.AGENCY, R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            style="outline-danger",
        ),
        Transition(
            "refuse",
            _("Refuse"),
            ("proposed", "appraised"),
            "refused",
            (R.LEADER, R.ADMIN),
            comment_required=True,
            style="danger",
        ),
    ],
)
