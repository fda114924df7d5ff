"""Pages of the delegations module beyond the generic ones: recording the decision,
generating the documents, the month calendar."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.agenda import agenda
from doingoai.core.registry import registry
from doingoai.delegations import documents, services
from doingoai.delegations.forms import DecisionForm


def _visible(user, key: str, pk):  # noqa: ANN001, ANN202
    rt = registry.get(key)
    if not rt.can(user, "view"):
        raise PermissionDenied
    return rt, get_object_or_404(rt.visible_to(user), pk=pk)


@require_POST
def record_decision(request, key: str, pk: int):  # noqa: ANN001, ANN201
    """A leader records the decision (or permission) and the workflow moves on."""
    rt, obj = _visible(request.user, key, pk)
    if not R.user_roles(request.user) & {R.LEADER, R.ADMIN}:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(obj.get_absolute_url())
    try:
        document = services.record_decision(obj=obj, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded the decision %(doc)s.") % {"doc": document})
    return redirect(obj.get_absolute_url())


@require_POST
def generate_document(request, pk: int, kind: str):  # noqa: ANN001, ANN201
    """Generate the decision or the appraisal letter as DOCX and attach it to the record."""
    rt, obj = _visible(request.user, "delegations.outbounddelegation", pk)
    if not R.user_roles(request.user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        raise PermissionDenied
    builders = {
        "decision": (documents.decision_docx, _("Decision (generated)")),
        "appraisal": (documents.appraisal_docx, _("Appraisal letter (generated)")),
    }
    if kind not in builders:
        raise PermissionDenied
    builder, description = builders[kind]
    name, data = builder(obj)
    attachment = core_services.attachment_regenerate(
        obj=obj, name=name, data=data, user=request.user, description=description
    )
    messages.success(
        request,
        _("Generated “%(name)s”: it is in the attachments.") % {"name": attachment.original_name},
    )
    return redirect(obj.get_absolute_url())


#: Trips, visits and anniversaries shown in a day's cell; the rest open under "+N khác".
CALENDAR_DAY_ITEMS = 4


def _calendar_month(request, today: date) -> date:  # noqa: ANN001
    """The first day of the month asked for (``?year=&month=``), or of this month when none
    is asked or the one asked cannot be drawn with its neighbours (which says so)."""
    if "year" not in request.GET and "month" not in request.GET:
        return today.replace(day=1)
    try:
        first = date(
            int(request.GET.get("year", today.year)), int(request.GET.get("month", today.month)), 1
        )
        if not date.min.year < first.year < date.max.year:  # its weeks and neighbours exist
            raise ValueError(first)
    except ValueError:
        messages.warning(request, _("The month is not valid; the calendar shows this month."))
        return today.replace(day=1)
    return first


def month_calendar(request):  # noqa: ANN001, ANN201
    """The month's trips (outbound) and visits (inbound), Monday first."""
    if not registry.get("delegations.outbounddelegation").can(request.user, "view"):
        raise PermissionDenied
    today = timezone.localdate()
    first = _calendar_month(request, today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    shown = ("outbound", "inbound", "anniversary")  # round anniversaries of relations too
    items = [i for i in agenda(request.user, start, end) if i.css in shown]
    days = []
    for week in weeks:
        row = []
        for day in week:
            events = [
                {"item": i, "label": day == i.start or day == week[0]}
                for i in items
                if i.start <= day <= (i.end or i.start)
            ]
            # what begins that day (or the week) before what goes on from the days before
            events.sort(key=lambda e: not e["label"])
            for event in events[CALENDAR_DAY_ITEMS:]:  # opened on demand: each with its title
                event["label"] = True
            row.append(
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "events": events[:CALENDAR_DAY_ITEMS],
                    "more": events[CALENDAR_DAY_ITEMS:],
                    "today": day == today,
                }
            )
        days.append(row)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "delegations/calendar.html",
        {
            "weeks": days,
            "first": first,
            "previous": previous,
            "following": following,
            "weekdays": [WEEKDAYS[i] for i in range(7)],
            "month_items": [
                i
                for i in items
                if i.start <= following - timedelta(days=1) and (i.end or i.start) >= first
            ],
        },
    )
