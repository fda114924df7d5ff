"""Writes of the reports module: issuing a report, closing its period, and the guard that
protects records dated in a closed period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry
from doingoai.core.text import format_date
from doingoai.reports.assembly import Report, assemble, path_label, render_docx
from doingoai.reports.models import ClosedPeriod, ClosedPeriodChange, IssuedReport
from doingoai.reports.periods import ReportPeriod, period_for


@transaction.atomic
def report_issue(
    *, report_period: ReportPeriod, number: str, issued_on: date, next_tasks: str, user
) -> IssuedReport:  # noqa: ANN001
    """Freeze the figures, keep the tasks, attach the DOCX."""
    if not number.strip():
        raise ValidationError(_("Give the report's number/symbol."))
    report = assemble(report_period)
    period = report_period.period
    issued = IssuedReport(
        title=f"Báo cáo kết quả công tác đối ngoại {report_period.label}",
        kind=report_period.kind,
        period_start=period.start,
        period_end=period.end,
        number=number.strip(),
        issued_on=issued_on,
        figures=report.data(),
        next_tasks=next_tasks,
    )
    issued.full_clean()
    core_services.record_save(rt=registry.for_model(IssuedReport), obj=issued, user=user)
    data = render_docx(report, number=issued.number, day=issued_on, next_tasks=next_tasks)
    core_services.attachment_add_bytes(
        obj=issued,
        name=f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}.docx",
        data=data,
        user=user,
        description=_("Issued report (DOCX)"),
    )
    return issued


def period_of(issued: IssuedReport) -> ReportPeriod:
    return period_for(issued.kind, issued.period_start, issued.period_end)


@dataclass
class Difference:
    """A figure that changed since the report was issued."""

    section: str
    path: str
    issued: Any
    now: Any
    url: str | None
    label: str = ""
    #: history entries since the issue of the section's records dated in the period
    changed_records: int = 0

    @property
    def delta(self) -> Any:
        try:
            return (self.now or 0) - (self.issued or 0)
        except TypeError:
            return None


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for row in data:
            if isinstance(row, dict) and "key" in row:
                for key, value in row.items():
                    if key not in ("key", "label"):
                        flat[f"{prefix}{row['key']}.{key}"] = value
    else:
        flat[prefix.rstrip(".")] = data
    return flat


def frozen_figures(issued: IssuedReport) -> list[tuple[str, Any]]:
    """The issued report's scalar figures as (label, value), in section order."""
    from doingoai.core.sections import sections

    labels = {s.key: str(s.label) for s in sections()}
    rows = []
    for key, data in issued.figures.items():
        flat = _flatten(data)
        for path, value in flat.items():
            if ".by_" in f".{path}" or isinstance(value, bool):
                continue
            section = next((s for s in sections() if s.key == key), None)
            rows.append((f"{labels.get(key, key)}: {path_label(path, data, section)}", value))
    return rows


def report_compare(issued: IssuedReport) -> tuple[Report, list[Difference], list[dict]]:
    """A fresh recount against the frozen figures, and the records changed since issuing."""
    from doingoai.core.sections import sections

    report = assemble(period_of(issued))
    by_key = {s.key: s for s in sections()}
    differences = []
    for key, data in report.data().items():
        frozen = issued.figures.get(key, {})
        old, new = _flatten(frozen), _flatten(data)
        for path in sorted(old.keys() | new.keys(), key=lambda p: (p.count("."), p)):
            if old.get(path, 0) != new.get(path, 0):
                link = by_key[key].link
                label = path_label(path, data if path in new else frozen, by_key[key])
                differences.append(
                    Difference(
                        key,
                        path,
                        old.get(path, 0),
                        new.get(path, 0),
                        link(report.period.period, path) if link else None,
                        f"{by_key[key].label}: {label}",
                    )
                )
    changes = changed_since(issued)
    for difference in differences:
        difference.changed_records = sum(1 for c in changes if c["section"] == difference.section)
    return report, differences, changes


def _history_kind(history_type: str) -> str:
    return {"+": _("added"), "~": _("changed"), "-": _("deleted")}.get(history_type, history_type)


def changed_since(issued: IssuedReport) -> list[dict]:
    """History entries after the issue of the records dated inside the report's period at any
    version: a record moved out of the period, or deleted, is listed too. Each entry names its
    app (``section``): a section's records are those of the app labelled with its key."""
    since = issued.created_at
    changes = []
    for rt in registry.all():
        if not rt.report_date_field:
            continue
        pk = rt.model._meta.pk.attname
        dated = rt.model.history.filter(
            **{f"{rt.report_date_field}__range": (issued.period_start, issued.period_end)}
        ).values(pk)
        by_whom = ["history_user"]
        if any(f.name == "updated_by" for f in rt.model.history.model._meta.fields):
            by_whom.append("updated_by")  # writes outside a request leave history_user empty
        history = (
            rt.model.history.filter(history_date__gt=since, **{f"{pk}__in": dated})
            .select_related(*by_whom)
            .order_by("-history_date")[:100]
        )
        for entry in history:
            changes.append(
                {
                    "section": rt.model._meta.app_label,
                    "type": rt.label,
                    "title": str(entry.instance),
                    "url": rt.url("detail", entry.instance.pk)
                    if entry.history_type != "-"
                    else rt.url("trash"),
                    "at": entry.history_date,
                    "user": entry.history_user or getattr(entry, "updated_by", None),
                    "change": _history_kind(entry.history_type),
                    "reason": entry.history_change_reason or "",
                }
            )
    return sorted(changes, key=lambda c: c["at"], reverse=True)


def period_contents(start: date, end: date) -> list[dict[str, Any]]:
    """What closing ``start``–``end`` freezes: the records of each type dated in it."""
    contents = []
    for rt in registry.all():
        if not rt.report_date_field:
            continue
        count = rt.model._default_manager.filter(
            **{f"{rt.report_date_field}__range": (start, end)}
        ).count()
        contents.append({"key": rt.key, "label": rt.label_plural, "count": count})
    return contents


def period_close_refusal(issued: IssuedReport) -> str | None:
    """Why the report's period cannot be closed yet (it has not ended), or None."""
    today = timezone.localdate()
    if issued.period_end >= today:
        return _(
            "The period ends on %(end)s: it can be closed only after it has ended (from "
            "%(next)s), so that no record of it is frozen before it happens."
        ) % {
            "end": format_date(issued.period_end),
            "next": format_date(issued.period_end + timedelta(days=1)),
        }
    return None


@transaction.atomic
def period_close(*, issued: IssuedReport, user) -> ClosedPeriod:  # noqa: ANN001
    """A leader closes the report's period, once it has ended."""
    if not R.user_roles(user) & {R.LEADER, R.ADMIN}:
        raise PermissionDenied(_("Only a leader may close a period."))
    if ClosedPeriod.objects.filter(report=issued, reopened_at__isnull=True).exists():
        raise ValidationError(_("This period is already closed."))
    refusal = period_close_refusal(issued)
    if refusal:
        raise ValidationError(refusal)
    return ClosedPeriod.objects.create(
        start=issued.period_start, end=issued.period_end, report=issued, closed_by=user
    )


@transaction.atomic
def period_reopen(*, issued: IssuedReport, user, reason: str) -> ClosedPeriod:  # noqa: ANN001
    """A leader reopens the report's closed period, with a reason (kept on the closure and
    shown on the issued report)."""
    if not R.user_roles(user) & {R.LEADER, R.ADMIN}:
        raise PermissionDenied(_("Only a leader may reopen a period."))
    closure = (
        ClosedPeriod.objects.select_for_update()
        .filter(report=issued, reopened_at__isnull=True)
        .first()
    )
    if closure is None:
        raise ValidationError(_("This period is not closed."))
    if not reason.strip():
        raise ValidationError(_("Write the reason for reopening the period."))
    closure.reopened_at = timezone.now()
    closure.reopened_by = user
    closure.reopen_reason = reason.strip()
    closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return closure


def _record_date(rt, obj) -> date | None:  # noqa: ANN001
    value = obj
    for part in rt.report_date_field.split("__"):  # "delegation__planned_departure" works too
        value = getattr(value, part, None)
    if isinstance(value, datetime):
        return value.date()
    return value


def closed_period_guard(rt, obj, user, reason: str) -> None:  # noqa: ANN001
    """Registered with core: records dated in a closed period are added, changed or deleted
    only by a leader with a reason, and the change is flagged on the issued report.

    Core runs it before a change or deletion, and just after the first save of a new record
    (so a record added late to a closed period is caught too, with its primary key)."""
    if not rt.report_date_field or obj.pk is None:
        return
    stored = rt.model._default_manager.filter(pk=obj.pk).first()
    dates = {
        d
        for d in (_record_date(rt, obj), _record_date(rt, stored) if stored else None)
        if d is not None
    }
    closures = [
        c
        for d in dates
        for c in ClosedPeriod.objects.filter(
            start__lte=d, end__gte=d, reopened_at__isnull=True
        ).select_related("report")
    ]
    if not closures:
        return
    if not R.user_roles(user) & {R.LEADER, R.ADMIN}:
        raise PermissionDenied(
            _(
                "This record is dated in a closed period (report %(number)s): only a leader may "
                "change it."
            )
            % {"number": closures[0].report.number}
        )
    if not reason.strip():
        raise ValidationError(
            _(
                "This record is dated in a closed period (report %(number)s): write the reason for "
                "the change."
            )
            % {"number": closures[0].report.number}
        )
    for closure in closures:
        ClosedPeriodChange.objects.create(
            report=closure.report,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            record_title=str(obj)[:300],
            reason=reason,
            user=user,
        )


def closed_period_guard_many(rt, objs, user, reason: str) -> None:  # noqa: ANN001
    """The guard over records just created together (a bulk import): the closures still in
    force are read once, and only the records dated in one of them go through the guard
    (without a closure in force, which is the usual case, no query per record)."""
    if not rt.report_date_field:
        return
    closures = list(
        ClosedPeriod.objects.filter(reopened_at__isnull=True).values_list("start", "end")
    )
    if not closures:
        return
    for obj in objs:
        day = _record_date(rt, obj)
        if day is not None and any(start <= day <= end for start, end in closures):
            closed_period_guard(rt, obj, user, reason)


closed_period_guard.many = closed_period_guard_many


def register() -> None:
    core_services.register_change_guard(closed_period_guard, on_create=True)
