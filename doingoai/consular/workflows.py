"""Workflows of the consular module: a case goes received → being handled → resolved,
closed or transferred; an ABTC application is recommended (or not), then the Immigration
Department grants or refuses the card."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.consular.models import AbtcStatus, CaseStatus
from doingoai.core import roles as R
from doingoai.core.workflow import State, Transition, Workflow

S, L, ADM = R.SPECIALIST, R.LEADER, R.ADMIN


def _has_outcome(obj: Any) -> list[str]:
    if (obj.outcome or "").strip():
        return []
    return [str(_("Write the outcome of the case before marking it resolved."))]


def _stamp_opened(obj: Any, user: Any, comment: str) -> None:
    if obj.opened_on is None:
        obj.opened_on = max(timezone.localdate(), obj.reported_on)


def _stamp_closed(obj: Any, user: Any, comment: str) -> None:
    if obj.closed_on is None:
        obj.closed_on = max(timezone.localdate(), obj.opened_on or obj.reported_on)


def _reopen(obj: Any, user: Any, comment: str) -> None:
    obj.closed_on = None


CASE = Workflow(
    states=[
        State(CaseStatus.RECEIVED, CaseStatus.RECEIVED.label, tone="danger"),
        State(CaseStatus.HANDLING, CaseStatus.HANDLING.label, tone="warning"),
        State(CaseStatus.RESOLVED, CaseStatus.RESOLVED.label, True, "success"),
        State(CaseStatus.CLOSED, CaseStatus.CLOSED.label, True, "secondary"),
        State(CaseStatus.TRANSFERRED, CaseStatus.TRANSFERRED.label, True, "info"),
    ],
    transitions=[
        Transition(
            "start_handling",
            _("Start handling"),
            ("received",),
            "handling",
            (S, L, ADM),
            effects=(_stamp_opened,),
            fields=("opened_on",),
        ),
        Transition(
            "resolve",
            _("Mark as resolved"),
            ("received", "handling"),
            "resolved",
            (S, L, ADM),
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
            (S, L, ADM),
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
            (S, L, ADM),
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
            (L, ADM),
            comment_required=True,
            effects=(_reopen,),
        ),
    ],
)


def _eligible(obj: Any) -> list[str]:
    from doingoai.consular.services import abtc_problems

    return abtc_problems(obj)


def _stamp_recommended(obj: Any, user: Any, comment: str) -> None:
    if obj.recommended_on is None:
        obj.recommended_on = max(timezone.localdate(), obj.received_on)


def _has_card(obj: Any) -> list[str]:
    if (obj.card_number or "").strip() and obj.card_issued_on:
        return []
    return [str(_("Enter the card number and the date of issue before recording the card."))]


def _stamp_outcome(obj: Any, user: Any, comment: str) -> None:
    if obj.outcome_on is None:
        obj.outcome_on = timezone.localdate()


ABTC = Workflow(
    states=[
        State(AbtcStatus.RECEIVED, AbtcStatus.RECEIVED.label, tone="warning"),
        State(AbtcStatus.RECOMMENDED, AbtcStatus.RECOMMENDED.label, tone="primary"),
        State(AbtcStatus.NOT_RECOMMENDED, AbtcStatus.NOT_RECOMMENDED.label, True, "secondary"),
        State(AbtcStatus.GRANTED, AbtcStatus.GRANTED.label, True, "success"),
        State(AbtcStatus.REFUSED, AbtcStatus.REFUSED.label, True, "danger"),
    ],
    transitions=[
        Transition(
            "recommend",
            _("Recommend"),
            ("received",),
            "recommended",
            (S, L, ADM),
            checks=(_eligible,),
            effects=(_stamp_recommended,),
            fields=("letter_number", "recommended_on", "opinion"),
        ),
        Transition(
            "decline",
            _("Do not recommend"),
            ("received",),
            "not_recommended",
            (S, L, ADM),
            comment_required=True,
            style="secondary",
        ),
        Transition(
            "grant",
            _("Record the card granted"),
            ("recommended",),
            "granted",
            (S, L, ADM),
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
            (S, L, ADM),
            comment_required=True,
            effects=(_stamp_outcome,),
            fields=("outcome_on",),
            style="danger",
        ),
    ],
)
