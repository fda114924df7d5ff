"""What the partners module puts in the task inbox (reports due after signing, agreements
expiring, answers of the consultation due, anniversaries coming) and on the agenda
(anniversaries of partnerships, agreements and recorded events; those of diplomatic
relations come from core)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, anniversary_on, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, record_tasks, register_task_provider
from doingoai.core.panels import DashboardPanel, register_dashboard_panel
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value
from doingoai.partners.anniversaries import anniversaries_between, forget_on_writes


def agreement_tasks(user) -> list[Task]:  # noqa: ANN001
    """For the department's staff and the lead agencies (their own agreements): copies and
    reports due after signing, agreements expiring within the window (a rule), consultation
    answers due; for the department's staff also the round anniversaries within the notice
    period (a rule)."""
    if not R.user_roles(user) & {R.SPECIALIST, R.LEADER, R.ADMIN, R.AGENCY}:
        return []
    rt = registry.get("partners.agreement")
    if not rt.can(user, "view"):
        return []
    today = timezone.localdate()
    qs = rt.visible_to(user)
    tasks = record_tasks(
        rt,
        qs.filter(
            status__in=("signed", "in_force"), report_submitted_on=None, report_due__isnull=False
        ).order_by("report_due"),
        _("Agreement: copy and report due"),
        "report_due",
        today,
    )
    window = today + timedelta(days=rule_value("partners.expiry_warning_days"))
    tasks += record_tasks(
        rt,
        qs.filter(status="in_force", valid_to__range=(today, window)).order_by("valid_to"),
        _("Agreement expiring"),
        "valid_to",
        today,
    )
    tasks += record_tasks(
        rt,
        qs.filter(status="consultation", consultation_answered_on=None).order_by(
            "consultation_due"
        ),
        _("Consultation: answers due"),
        "consultation_due",
        today,
    )
    if R.is_agency_user(user):
        return tasks
    notice = today + timedelta(days=rule_value("partners.anniversary_notice_days"))
    for item in coming_anniversaries(user, today, notice)[:LIMIT]:
        tasks.append(Task(_("Round anniversary coming"), item.title, item.url, item.date))
    return tasks


def anniversary_agenda(user, start: date, end: date) -> list[AgendaItem]:  # noqa: ANN001
    """Round anniversaries of partnerships, agreements and recorded events in [start, end]."""
    if R.is_agency_user(user):
        return []
    return [
        AgendaItem(item.date, item.title, item.url, _("Anniversary"), "anniversary")
        for item in coming_anniversaries(user, start, end)
        if item.kind != "diplomatic_relations"
    ]


def next_twelve_months(today: date) -> tuple[date, date]:
    """[today, the day before the same date next year] (29 February → 28 February)."""
    return today, anniversary_on(today, today.year + 1) - timedelta(days=1)


def coming_anniversaries(user, start: date, end: date) -> list:  # noqa: ANN001
    """``anniversaries_between(start, end, user)``; a span within the next 12 months is
    taken from the 12 months' list (kept for the request), so that the dashboard's inbox,
    next 30 days and card compute them once (three times, ~35 ms each, at the stress
    scale)."""
    first, last = next_twelve_months(timezone.localdate())
    if first <= start and end <= last:
        return [a for a in anniversaries_between(first, last, user) if start <= a.date <= end]
    return anniversaries_between(start, end, user)


def anniversary_panel(user, today: date) -> dict | None:  # noqa: ANN001
    """The dashboard card of the round anniversaries in the next 12 months (every kind, as
    on the register page); not for submitting agencies, who do not see the register."""
    if R.is_agency_user(user) or not registry.get("partners.anniversaryevent").can(user, "view"):
        return None
    start, end = next_twelve_months(today)
    return {"start": start, "end": end, "items": coming_anniversaries(user, start, end)}


def register() -> None:
    forget_on_writes()
    register_task_provider(agreement_tasks)
    register_agenda_provider(anniversary_agenda)
    register_dashboard_panel(
        DashboardPanel(
            "partners.anniversaries", "partners/_dashboard_anniversaries.html", anniversary_panel
        )
    )
