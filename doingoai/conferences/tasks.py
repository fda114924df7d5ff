"""What the conferences module puts in the task inbox (requests to appraise and to permit,
requests whose filing deadline is near or passed, reports overdue) and on the agenda (the
events themselves)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, earliest, overlaps, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value


def conference_tasks(user) -> list[Task]:  # noqa: ANN001
    """Each item for the role that must act."""
    rt = registry.get("conferences.conference")
    if not rt.can(user, "view"):
        return []
    roles = R.user_roles(user)
    today = timezone.localdate()
    qs = (
        rt.visible_to(user)
        .select_related(None)
        .only("id", "title", "start_date", "request_due", "report_due", "status")
    )
    tasks: list[Task] = []

    def add(kind, rows, due_field: str, overdue: bool = False) -> None:  # noqa: ANN001
        for obj in rows[:LIMIT]:
            due = getattr(obj, due_field)
            tasks.append(
                Task(
                    kind,
                    str(obj),
                    obj.get_absolute_url(),
                    due,
                    overdue or (due is not None and due < today),
                )
            )

    if roles & {R.SPECIALIST, R.ADMIN}:
        add(
            _("To appraise: international conference"),
            qs.filter(status="requested").order_by("start_date"),
            "start_date",
        )
    if roles & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        add(
            _("To permit: international conference"),
            qs.filter(status="appraised").order_by("start_date"),
            "start_date",
        )
    if roles & {R.SPECIALIST, R.ADMIN} or R.is_agency_user(user):
        warning = today + timedelta(days=rule_value("conferences.lead_warning_days"))
        add(
            _("Conference request: filing deadline near or passed"),
            qs.filter(status="draft", request_due__lte=warning, start_date__gte=today).order_by(
                "request_due"
            ),
            "request_due",
        )
        add(
            _("Report after the conference overdue"),
            qs.filter(status="held", report_due__lt=today).order_by("report_due"),
            "report_due",
            overdue=True,
        )
    return tasks


def conference_agenda(user, start: date, end: date) -> list[AgendaItem]:  # noqa: ANN001
    """The events (not refused or cancelled) overlapping [start, end]."""
    rt = registry.get("conferences.conference")
    if not rt.can(user, "view"):
        return []
    rows = (
        rt.visible_to(user)
        .select_related(None)
        .filter(overlaps("start_date", "end_date", start, end))
        .exclude(status__in=("refused", "cancelled"))
        .only("id", "title", "start_date", "end_date")
    )
    rows = earliest(rows, "start_date", 200)
    return [
        AgendaItem(
            obj.start_date,
            obj.title,
            obj.get_absolute_url(),
            _("International conference"),
            "conference",
            obj.end_date,
        )
        for obj in rows
    ]


def register() -> None:
    register_task_provider(conference_tasks)
    register_agenda_provider(conference_agenda)
