"""What the aid module puts in the task inbox (Decree 80/2020/NĐ-CP): progress reports due
or overdue, items ending soon, and approvals about to lapse (or lapsed) because the item was
not implemented within 6 months."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.aid.models import AidStatus, ProgressReport
from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, record_tasks, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value
from doingoai.core.text import format_date

#: A progress report is listed this many days before it falls due.
NOTICE_DAYS = 15


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31/8 + 6 months = 28/2 or 29/2)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_due(last_period_end: date, months: int, grace: int) -> date:
    """When the next progress report is due: ``months`` after the last reported period's
    end (or the start of implementation), plus the grace days."""
    return add_months(last_period_end, months) + timedelta(days=grace)


def aid_tasks(user) -> list[Task]:  # noqa: ANN001
    roles = R.user_roles(user)
    if not roles & {R.SPECIALIST, R.LEADER, R.ADMIN, R.AGENCY}:
        return []
    rt = registry.get("aid.aiditem")
    if not rt.can(user, "view"):
        return []
    today = timezone.localdate()
    items = rt.visible_to(user)
    tasks: list[Task] = []

    months = rule_value("aid.progress_report_months")
    grace = rule_value("aid.progress_report_grace_days")
    # the items whose report falls due within the notice: ``report_due`` grows with its
    # start, so those starting after the bound below never do (three days' margin for the
    # month ends it clamps: 29–31/8 + 6 months are all 28/2); only the items shown are read
    # whole (at the stress scale the 6,000 items being implemented were: 380 ms a page)
    horizon = today + timedelta(days=NOTICE_DAYS)
    bound = add_months(horizon - timedelta(days=grace), -months) + timedelta(days=3)
    # and only the first ones by ``since`` (the last reported period, else the start of
    # implementation), in the order shown below: at the stress scale 6,656 items were
    # overdue, each computed in Python for 50 shown. A later ``since`` never falls due
    # earlier, and falls due the same day only when a month's end clamps it (29–31/8 + 6
    # months are all 28/2): when the last one read is such a day, the days that may share
    # its due day are read too. The items that reported and those that did not are read
    # apart, each first by its own ``since``: the last period as one grouping of the reports,
    # never a lookup per item (evaluated twice per item, for the bound and the order, and
    # again for the ties: 135 ms on PostgreSQL at the stress scale).
    implementing = items.filter(status=AidStatus.IMPLEMENTING)
    reported = (
        ProgressReport.objects.filter(item__in=implementing.order_by().values("pk"))
        .values("item")
        .annotate(since=Max("period_end"))
        .filter(since__lte=bound)
        .order_by("since", F("item__start").asc(nulls_first=True), "item")
        .values_list("item", "since", "item__start")
    )
    unreported = (
        implementing.exclude(pk__in=ProgressReport.objects.values("item_id"))
        .annotate(since=Coalesce("implemented_on", "start"))
        .filter(since__lte=bound)
        .order_by("since", F("start").asc(nulls_first=True), "pk")
        .values_list("pk", "since", "start")
    )

    def first(rows) -> dict:  # noqa: ANN001
        return {pk: (since, start) for pk, since, start in rows}

    def order(entry) -> tuple:  # noqa: ANN001
        pk, (since, start) = entry
        return since, start is not None, start or date.min, pk

    candidates = dict(
        sorted({**first(reported[:LIMIT]), **first(unreported[:LIMIT])}.items(), key=order)[:LIMIT]
    )
    last = max((since for since, _start in candidates.values()), default=None)
    if len(candidates) == LIMIT and last.day >= 28:
        window = {"since__gt": last, "since__lte": last + timedelta(days=3)}
        candidates.update(first(reported.filter(**window)))
        candidates.update(first(unreported.filter(**window)))
    due_keys = []
    for pk, (since, start) in candidates.items():
        due = report_due(since, months, grace)
        if due <= horizon:  # the soonest first; ties by start (none first), then key
            due_keys.append((due, start or date.min, pk))
    due_keys.sort()
    # only the id and title of the items shown are read (the title is the item's ``str()``;
    # whole items with the list's prefetches were most of this provider's time)
    bare = items.prefetch_related(None)
    titles = dict(
        bare.filter(pk__in=[pk for *_order, pk in due_keys[:LIMIT]]).values_list("pk", "title")
    )
    for due, _start, pk in due_keys[:LIMIT]:
        tasks.append(
            Task(_("Aid progress reports due"), titles[pk], rt.url("detail", pk), due, due < today)
        )

    soon = rule_value("aid.ending_soon_days")
    ending = bare.filter(
        status=AidStatus.IMPLEMENTING, end__gte=today, end__lte=today + timedelta(days=soon)
    ).order_by("end")
    tasks += record_tasks(rt, ending, _("Aid items ending soon"), "end", today)

    lapse = rule_value("aid.approval_lapse_months")
    warning = rule_value("aid.approval_lapse_warning_days")
    # approved on or before this day → lapses within the warning days (or has lapsed)
    latest = add_months(today + timedelta(days=warning), -lapse)
    lapsing = bare.filter(status=AidStatus.APPROVED, approved_on__lte=latest).order_by(
        "approved_on"
    )
    for pk, title, approved_on in lapsing.values_list("pk", "title", "approved_on")[:LIMIT]:
        lapses_on = add_months(approved_on, lapse)
        tasks.append(
            Task(
                _("Aid approvals lapsing without implementation"),
                title,
                rt.url("detail", pk),
                lapses_on,
                lapses_on <= today,
                _("approved on %(date)s") % {"date": format_date(approved_on)},
            )
        )
    return tasks


def aid_agenda(user, start: date, end: date) -> list[AgendaItem]:  # noqa: ANN001
    """The start and end of aid items being implemented or approved, on the calendars."""
    rt = registry.get("aid.aiditem")
    if not rt.can(user, "view"):
        return []
    items = rt.visible_to(user).filter(status__in=(AidStatus.APPROVED, AidStatus.IMPLEMENTING))
    entries = []
    for item in items.filter(start__range=(start, end)).order_by("start")[:LIMIT]:
        entries.append(
            AgendaItem(item.start, str(item), item.get_absolute_url(), _("Aid item starts"))
        )
    for item in items.filter(end__range=(start, end)).order_by("end")[:LIMIT]:
        entries.append(AgendaItem(item.end, str(item), item.get_absolute_url(), _("Aid item ends")))
    return entries


def register() -> None:
    register_task_provider(aid_tasks)
    register_agenda_provider(aid_agenda)
