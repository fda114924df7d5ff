"""Workflows of the consular module: a case goes received → being handled → resolved,
closed or transferred; an ABTC application is recommended (or not), then the Immigration
Department grants or refuses the card."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.consular.models import AbtcStatus, CaseStatus
from doingoai.core import roles as R
from doingoai.core.workflow import Transition, Workflow, stamp_today


def _has_outcome(obj: Any) -> list[str]:
    if (obj.outcome or "").strip():
        return []
    return [str(_("Write the outcome of the case before marking it resolved."))]


_stamp_opened = stamp_today("opened_on", not_before=("reported_on",))


_stamp_closed = stamp_today("closed_on", not_before=("opened_on", "reported_on"))


def _reopen(obj: Any, user: Any, comment: str) -> None:
    obj.closed_on = None


CASE = Workflow.from_choices(
    CaseStatus,  # the states are the status field's choices, in their order
    tones={
        CaseStatus.RECEIVED: "danger",
        CaseStatus.HANDLING: "warning",
        CaseStatus.RESOLVED: "success",
        CaseStatus.TRANSFERRED: "info",
    },
    terminal=(CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.TRANSFERRED),
    transitions=[
        Transition(
            "start_handling",
            _("Start handling"),
            ("received",),
            "handling",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            effects=(_stamp_opened,),
            fields=("opened_on",),
        ),
        Transition(
            "resolve",
            _("Mark as resolved"),
            ("received", "handling"),
            "resolved",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            checks=(_has_outcome,),
            effects=(_stamp_opened, _stamp_closed),
            fields=("outcome", "closed_on"),
            style="success",
        ),
        Transition(
            "close",
            _("Close the case"),
            ("received", "handling"),
            "closed",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(_stamp_opened, _stamp_closed),
            fields=("closed_on",),
            style="secondary",
        ),
        Transition(
            "transfer",
            _("Transfer to another body"),
            ("received", "handling"),
            "transferred",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(_stamp_opened, _stamp_closed),
            fields=("closed_on",),
            style="info",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("resolved", "closed", "transferred"),
            "handling",
            (R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(_reopen,),
        ),
    ],
)


def _eligible(obj: Any) -> list[str]:
    from doingoai.consular.services import abtc_problems

    return abtc_problems(obj)


_stamp_recommended = stamp_today("recommended_on", not_before=("received_on",))


def _has_card(obj: Any) -> list[str]:
    if (obj.card_number or "").strip() and obj.card_issued_on:
        return []
    return [str(_("Enter the card number and the date of issue before recording the card."))]


_stamp_outcome = stamp_today("outcome_on")


ABTC = Workflow.from_choices(
    AbtcStatus,  # the states are the status field's choices, in their order
    tones={
        AbtcStatus.RECEIVED: "warning",
        AbtcStatus.RECOMMENDED: "primary",
        AbtcStatus.GRANTED: "success",
        AbtcStatus.REFUSED: "danger",
    },
    terminal=(AbtcStatus.NOT_RECOMMENDED, AbtcStatus.GRANTED, AbtcStatus.REFUSED),
    transitions=[
        Transition(
            "recommend",
            _("Recommend"),
            ("received",),
            "recommended",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            checks=(_eligible,),
            effects=(_stamp_recommended,),
            fields=("letter_number", "recommended_on", "opinion"),
        ),
        Transition(
            "decline",
            _("Do not recommend"),
            ("received",),
            "not_recommended",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            style="secondary",
        ),
        Transition(
            "grant",
            _("Record the card granted"),
            ("recommended",),
            "granted",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            checks=(_has_card,),
            effects=(_stamp_outcome,),
            fields=("card_number", "card_issued_on", "outcome_on"),
            style="success",
        ),
        Transition(
            "refuse",
            _("Record the refusal"),
            ("recommended",),
            "refused",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
            comment_required=True,
            effects=(_stamp_outcome,),
            fields=("outcome_on",),
            style="danger",
        ),
    ],
)
