"""The workflow of an international conference or seminar: the agency files the request, the
department appraises it, the competent level permits or refuses it, the event is held, the
report after it is received; or it is cancelled."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.conferences import notices
from doingoai.conferences.models import Status
from doingoai.core import roles as R
from doingoai.core.workflow import (
    Transition,
    Workflow,
    keep_comment,
    not_in_future,
    stamp_today,
    still_valid,
)


def _has_permit(obj) -> list[str]:  # noqa: ANN001
    if obj.permit_id:
        return []
    return [gettext("No permit is recorded: enter its number, date and signer first.")]


_has_started = not_in_future(
    "start_date",
    _("The event has not begun yet (start %(date)s): mark it held once it has taken place."),
)


def _has_report(obj) -> list[str]:  # noqa: ANN001
    if obj.report_summary.strip():
        return []
    return [gettext("Write the summary of the report after the event first.")]


_stamp_request = stamp_today("requested_on")


_keep_opinion = keep_comment("appraisal_opinion")


_reported = stamp_today("report_submitted_on")


#: No move leaves a record its form cannot save.
_still_valid = still_valid


OPEN = ("draft", "requested", "appraised", "permitted")

CONFERENCE = Workflow.from_choices(
    Status,  # the states are the status field's choices, in their order
    tones={
        Status.REQUESTED: "info",
        Status.APPRAISED: "primary",
        Status.PERMITTED: "success",
        Status.HELD: "warning",
        Status.REPORTED: "success",
        Status.REFUSED: "danger",
    },
    terminal=(Status.REPORTED, Status.REFUSED, Status.CANCELLED),
    transitions=[
        Transition(
            "submit",
            _("File the request"),
            ("draft",),
            "requested",
            (R.AGENCY, R.SPECIALIST, R.ADMIN),
            effects=(_stamp_request, _still_valid, notices.filed),
        ),
        Transition(
            "appraise",
            _("Appraise (write the department's opinion)"),
            ("requested",),
            "appraised",
            (R.SPECIALIST, R.ADMIN),
            comment_required=True,
            effects=(_keep_opinion, _still_valid, notices.appraised),
        ),
        Transition(
            "send_back",
            _("Send back for completion"),
            ("requested", "appraised"),
            "draft",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(notices.sent_back,),
            style="outline-secondary",
        ),
        Transition(
            "permit",
            _("Record the permit"),
            ("appraised",),
            "permitted",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            checks=(_has_permit,),
            effects=(_still_valid, notices.permitted),
            fields=("permit",),
            button=False,  # the permit panel records the document and makes the move
            style="success",
        ),
        Transition(
            "refuse",
            _("Refuse"),
            ("requested", "appraised"),
            "refused",
            (R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(notices.refused,),
            style="danger",
        ),
        Transition(
            "mark_held",
            _("Mark as held"),
            ("permitted",),
            "held",
            (R.AGENCY, R.SPECIALIST, R.ADMIN),
            checks=(_has_permit, _has_started),
            effects=(_still_valid,),
            fields=("foreign_participants", "domestic_participants"),
        ),
        Transition(
            "mark_reported",
            _("Report after the event received"),
            ("held",),
            "reported",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            checks=(_has_report,),
            effects=(_reported, _still_valid),
            fields=("report_summary", "report_submitted_on"),
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
    ],
)
