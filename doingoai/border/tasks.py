"""What the border module puts in the task inbox: damaged markers not yet repaired, and
incidents open for longer than the rule allows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import NEEDS_REPAIR
from doingoai.core import roles as R
from doingoai.core.inbox import Task, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value

#: Items of one kind shown at most (the list page has them all).
LIMIT = 50


def border_tasks(user) -> list[Task]:  # noqa: ANN001
    from doingoai.border.apps import border_enabled

    if not border_enabled() or not R.user_roles(user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        return []
    today = timezone.localdate()
    tasks: list[Task] = []
    markers = registry.get("border.bordermarker").visible_to(user)
    for marker in markers.filter(condition__in=NEEDS_REPAIR).order_by("last_inspected_on")[:LIMIT]:
        tasks.append(
            Task(
                _("Damaged markers without repair"),
                str(marker),
                marker.get_absolute_url(),
                None,
                False,
                marker.get_condition_display(),
            )
        )
    days = rule_value("border.incident_open_days")
    incidents = registry.get("border.borderincident").visible_to(user)
    late = incidents.filter(
        status__in=("reported", "handling"), occurred_on__lt=today - timedelta(days=days)
    ).order_by("occurred_on")
    for incident in late[:LIMIT]:
        tasks.append(
            Task(
                _("Open incidents"),
                str(incident),
                incident.get_absolute_url(),
                incident.occurred_on + timedelta(days=days),
                True,
                incident.get_status_display(),
            )
        )
    return tasks


def register() -> None:
    register_task_provider(border_tasks)
