"""The workflow of a border incident: reported, being handled, then resolved or closed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import IncidentStatus
from doingoai.core import roles as R
from doingoai.core.workflow import Transition, Workflow


def _has_outcome(obj: Any) -> list[str]:
    if (obj.outcome or "").strip():
        return []
    return [str(_("Write the outcome of the incident before marking it resolved."))]


def _stamp_resolved(obj: Any, user: Any, comment: str) -> None:
    if obj.resolved_on is None:
        obj.resolved_on = timezone.localdate()


INCIDENT = Workflow.from_choices(
    IncidentStatus,  # the states are the status field's choices, in their order
    tones={"reported": "danger", "handling": "warning", "resolved": "success"},
    terminal=("resolved", "closed"),
    transitions=[
        Transition(
            "start_handling",
            _("Start handling"),
            ("reported",),
            "handling",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
        ),
        Transition(
            "resolve",
            _("Mark as resolved"),
            ("reported", "handling"),
            "resolved",
            (R.SPECIALIST, R.LEADER, R.ADMIN),
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
            (R.LEADER, R.ADMIN),
            comment_required=True,
            style="secondary",
        ),
        Transition("reopen", _("Reopen"), ("resolved", "closed"), "handling", (R.LEADER, R.ADMIN)),
    ],
)
