"""What the border module puts in the task inbox: damaged markers not yet repaired, and
incidents open for longer than the rule allows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import NEEDS_REPAIR
from doingoai.core import roles as R
from doingoai.core.inbox import LIMIT, Task, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value


def border_tasks(user) -> list[Task]:  # noqa: ANN001
    from doingoai.border.apps import border_enabled

    if not border_enabled() or not R.user_roles(user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        return []
    today = timezone.localdate()
    tasks: list[Task] = []
    # only what a task shows: the list's joined country and communes made ~200 instances
    marker_rt = registry.get("border.bordermarker")
    markers = marker_rt.visible_to(user).select_related(None).only("number", "condition")
    for marker in markers.filter(condition__in=NEEDS_REPAIR).order_by("last_inspected_on")[:LIMIT]:
        tasks.append(
            Task(
                _("Damaged markers without repair"),
                str(marker),
                marker_rt.url("detail", marker.pk),
                None,
                False,
                marker.get_condition_display(),
            )
        )
    days = rule_value("border.incident_open_days")
    incident_rt = registry.get("border.borderincident")
    incidents = (
        incident_rt.visible_to(user).select_related(None).only("title", "status", "occurred_on")
    )
    late = incidents.filter(
        status__in=("reported", "handling"), occurred_on__lt=today - timedelta(days=days)
    ).order_by("occurred_on")
    for incident in late[:LIMIT]:
        tasks.append(
            Task(
                _("Open incidents"),
                str(incident),
                incident_rt.url("detail", incident.pk),
                incident.occurred_on + timedelta(days=days),
                True,
                incident.get_status_display(),
            )
        )
    return tasks


def register() -> None:
    register_task_provider(border_tasks)
