"""The workflow of a border incident: reported, being handled, then resolved or closed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import IncidentStatus
from doingoai.core import roles as R
from doingoai.core.workflow import State, Transition, Workflow

S, L, ADM = R.SPECIALIST, R.LEADER, R.ADMIN


def _has_outcome(obj: Any) -> list[str]:
    if (obj.outcome or "").strip():
        return []
    return [str(_("Write the outcome of the incident before marking it resolved."))]


def _stamp_resolved(obj: Any, user: Any, comment: str) -> None:
    if obj.resolved_on is None:
        obj.resolved_on = timezone.localdate()


INCIDENT = Workflow(
    states=[
        State(IncidentStatus.REPORTED, IncidentStatus.REPORTED.label, tone="danger"),
        State(IncidentStatus.HANDLING, IncidentStatus.HANDLING.label, tone="warning"),
        State(IncidentStatus.RESOLVED, IncidentStatus.RESOLVED.label, True, "success"),
        State(IncidentStatus.CLOSED, IncidentStatus.CLOSED.label, True, "secondary"),
    ],
    transitions=[
        Transition("start_handling", _("Start handling"), ("reported",), "handling", (S, L, ADM)),
        Transition(
            "resolve",
            _("Mark as resolved"),
            ("reported", "handling"),
            "resolved",
            (S, L, ADM),
            checks=(_has_outcome,),
            effects=(_stamp_resolved,),
            fields=("outcome", "resolved_on"),
            style="success",
        ),
        Transition(
            "close",
            _("Close without outcome"),
            ("reported", "handling"),
            "closed",
            (L, ADM),
            comment_required=True,
            style="secondary",
        ),
        Transition("reopen", _("Reopen"), ("resolved", "closed"), "handling", (L, ADM)),
    ],
)
