"""What the delegations module puts in the task inbox and on the agenda."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, earliest, overlaps, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, record_tasks, register_task_provider
from doingoai.core.registry import registry
from doingoai.delegations.models import OUTBOUND_ACTIVE, OUTBOUND_TO_DECIDE, OutboundStatus

PENDING_DECISION = ("draft", "submitted", "appraised", "amendment")
#: A trip in none of the active states is off the calendar (cancelled, refused).
OUTBOUND_ENDED = tuple(s for s in OutboundStatus.values if s not in OUTBOUND_ACTIVE)


def delegation_tasks(user) -> list[Task]:  # noqa: ANN001
    """Requests waiting for appraisal or decision, departures without a decision within 7
    days, overdue post-trip reports — each for the role that must act."""
    roles = R.user_roles(user)
    today = timezone.localdate()
    outbound = registry.get("delegations.outbounddelegation")
    inbound = registry.get("delegations.inbounddelegation")
    out_qs = outbound.visible_to(user)
    in_qs = inbound.visible_to(user)
    tasks: list[Task] = []

    def add(kind, qs, due_field: str, overdue: bool = False):  # noqa: ANN001, ANN202
        rt = outbound if qs.model is outbound.model else inbound
        tasks.extend(record_tasks(rt, qs, kind, due_field, today, overdue=overdue))

    if roles & {R.SPECIALIST, R.ADMIN}:
        add(_("To appraise: outbound"), out_qs.filter(status="submitted"), "planned_departure")
        add(_("To appraise: inbound"), in_qs.filter(status="proposed"), "planned_arrival")
    if roles & {R.LEADER, R.ADMIN}:
        # one query per status, merged: each is a walk of (status, date) that stops after a
        # page; as one ``IN``, SQLite's planner (an average per status, no histogram) walked
        # the list's order through every delegation looking for a handful (272 ms at 101,436)
        to_decide = [
            task
            for status in OUTBOUND_TO_DECIDE
            for task in record_tasks(
                outbound,
                out_qs.filter(status=status),
                _("To decide: outbound"),
                "planned_departure",
                today,
            )
        ]
        to_decide.sort(key=lambda task: task.title)
        to_decide.sort(key=lambda task: task.due or date.min, reverse=True)
        tasks.extend(to_decide[:LIMIT])
        add(_("To permit: inbound"), in_qs.filter(status="appraised"), "planned_arrival")
    if roles & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        add(
            _("Departs within 7 days without a decision"),
            out_qs.filter(
                status__in=PENDING_DECISION,
                planned_departure__range=(today, today + timedelta(days=7)),
            ),
            "planned_departure",
            overdue=True,
        )
    if roles & {R.SPECIALIST, R.ADMIN} or R.is_agency_user(user):
        add(
            _("Post-trip report overdue"),
            out_qs.filter(status="returned", report_due__lt=today).order_by("report_due", "pk"),
            "report_due",
            overdue=True,
        )
    if R.is_agency_user(user):
        drafts = list(
            out_qs.filter(status="draft")
            .prefetch_related(None)
            .values_list("pk", "title", "planned_departure")[:LIMIT]
        )
        reasons = _send_back_reasons([pk for pk, _title, _day in drafts])
        for pk, title, departure in drafts:
            reason = reasons.get(str(pk))
            tasks.append(
                Task(
                    _("Sent back: complete and submit again")
                    if reason is not None
                    else _("Draft to complete and submit"),
                    title,
                    outbound.url("detail", pk),
                    departure,
                    departure is not None and departure < today,
                    note=gettext("Reason: %(reason)s") % {"reason": reason} if reason else "",
                )
            )
    return tasks


def _send_back_reasons(drafts: list[int]) -> dict[str, str]:
    """The comment of the latest send-back of each draft (by id) that was sent back (one
    query)."""
    from doingoai.core.models import WorkflowTransition

    if not drafts:
        return {}
    reasons: dict[str, str] = {}
    for object_id, comment in (
        WorkflowTransition.objects.filter(
            content_type__model="outbounddelegation",
            object_id__in=[str(pk) for pk in drafts],
            transition="send_back",
        )
        .order_by("at")
        .values_list("object_id", "comment")
    ):
        reasons[object_id] = comment
    return reasons


def delegation_agenda(user, start: date, end: date, limit: int | None = None) -> list[AgendaItem]:  # noqa: ANN001
    """Trips and visits overlapping [start, end]; with ``limit``, the earliest of each."""
    outbound = registry.get("delegations.outbounddelegation")
    inbound = registry.get("delegations.inbounddelegation")
    items = []
    if outbound.can(user, "view"):
        # the statuses as the two a trip leaves the calendar by: a list of the seven others
        # drew the planner to the status index (every trip) instead of the dates'
        trips = (
            outbound.visible_to(user)
            .filter(overlaps("effective_departure", "effective_return", start, end))
            .exclude(status__in=OUTBOUND_ENDED)
        )
        # unordered: the calendar sorts the items itself, and the list's order drew the
        # planner to walk every trip in it (180 ms for a month at the stress scale)
        trips = (
            earliest(trips, "effective_departure", limit) if limit is not None else trips.order_by()
        )
        # what an item shows, as values: the list's prefetched destinations are not needed
        for pk, title, first, last in trips.prefetch_related(None).values_list(
            "pk", "title", "effective_departure", "effective_return"
        ):
            items.append(
                AgendaItem(
                    first, title, outbound.url("detail", pk), _("Outbound"), "outbound", last
                )
            )
    if inbound.can(user, "view"):
        visits = (
            inbound.visible_to(user)
            .filter(overlaps("planned_arrival", "planned_departure", start, end))
            .exclude(status__in=("cancelled", "refused"))
        )
        visits = (
            earliest(visits, "planned_arrival", limit) if limit is not None else visits.order_by()
        )
        for pk, title, first, last in visits.prefetch_related(None).values_list(
            "pk", "title", "planned_arrival", "planned_departure"
        ):
            items.append(
                AgendaItem(first, title, inbound.url("detail", pk), _("Inbound"), "inbound", last)
            )
    return items


def register() -> None:
    register_task_provider(delegation_tasks)
    register_agenda_provider(delegation_agenda, bounded=True)
