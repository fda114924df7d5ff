"""What the outreach module puts on the agenda (press visits and events) and in the task
inbox (press visits starting within a week without a permit)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, earliest, overlaps, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, register_task_provider
from doingoai.core.registry import registry


def press_tasks(user) -> list[Task]:  # noqa: ANN001
    """Press visits requested and starting within 7 days, not yet permitted."""
    if not R.user_roles(user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        return []
    rt = registry.get("outreach.pressvisit")
    if not rt.can(user, "view"):
        return []
    today = timezone.localdate()
    rows = (
        rt.visible_to(user)
        .select_related(None)
        .filter(status="requested", start_date__range=(today, today + timedelta(days=7)))
        .only("id", "title", "start_date")
        .order_by("start_date")[:LIMIT]
    )
    return [
        Task(_("Foreign press visit without a permit"), str(o), o.get_absolute_url(), o.start_date)
        for o in rows
    ]


def outreach_agenda(user, start: date, end: date) -> list[AgendaItem]:  # noqa: ANN001
    items: list[AgendaItem] = []
    for key, kind, css, out in (
        ("outreach.pressvisit", _("Foreign press visit"), "press", ("refused", "cancelled")),
        ("outreach.outreachevent", _("Cultural or promotion event"), "outreach", ("cancelled",)),
    ):
        rt = registry.get(key)
        if not rt.can(user, "view"):
            continue
        rows = (
            rt.visible_to(user)
            .select_related(None)
            .filter(overlaps("start_date", "end_date", start, end))
            .exclude(status__in=out)
            .only("id", "title", "start_date", "end_date")
        )
        rows = earliest(rows, "start_date", 200)
        items.extend(
            AgendaItem(o.start_date, o.title, o.get_absolute_url(), kind, css, o.end_date)
            for o in rows
        )
    return items


def register() -> None:
    register_task_provider(press_tasks)
    register_agenda_provider(outreach_agenda)
