"""Finished periods' report figures, computed once and kept in the database (issue 17).

A report over a period that has ended (its last day before today) does not change unless a
record changes. The sections' figures of such a period are kept in ``KeptFigures`` and reused
by every worker of the server (the table is shared; the per-process cache is not), as long as
no change that may count in the period came since.

What forgets them (conservative: a figure of a finished period may count a record through a
relation, or describe its state at the end of the period, or today's state):

- a saved, deleted or re-linked record (``post_save``, ``post_delete``, ``m2m_changed``) and
  records created in bulk (``core.services.records_created_in_bulk``) stamp the month of the
  earliest date the record carries, before or after the change (every date field but the
  automatic created/updated ones): every kept period **ending on or after** that month is
  stale. A change dated in 2025 keeps 2024's figures; a change dated in 2023 forgets 2024's
  too (a figure "in force at the end of the period" counts it). A record with no date of its
  own (a gate, a country, a member of a delegation), or with an empty date (an unknown
  founding date reaches back indefinitely) unless its model declares
  ``null_dates_not_yet = True``, stamps year 1: everything is forgotten;
- a record created (saved or in bulk) of a model that no section counts itself, only
  through the records that refer to it (``counted_through_references = True``: a person),
  stamps nothing: nothing refers to it yet, and a referring record's own save stamps;
- the stamp is written when the transaction commits (``on_commit``): a rolled-back change
  forgets nothing, and figures computed while the change was not yet committed carry the
  older stamp, so they are never reused. Inside the transaction that made the change, the
  periods it touches are computed afresh and not kept;
- a migration forgets everything.

Not seen: ``QuerySet.update()``/``bulk_create()`` outside ``core.services`` and raw SQL (the
demo and stress generators); after such a load call ``forget_everything()``. The current
period (ending today or later) is never kept by ``kept_value``: today's figures are kept by
``kept_today`` (the dashboard's), per day, while no change at all was stamped since and for a
time limit."""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connections, router
from django.db.models import DateField, Max, Model
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_migrate,
    pre_save,
)
from django.utils import timezone
from django.utils.translation import get_language

from doingoai.core.sections import Period, compute_figures, sections, set_figures_source

#: Figures not computed again for this many days are dropped when others are kept.
KEEP_DAYS = 30
#: A change that carries no date of its own: every kept period is stale.
EVERYTHING = date(1, 1, 1)
#: Writes of these apps never count in a report (sessions, log-in, permissions).
IGNORED_APPS = frozenset({"sessions", "axes", "contenttypes", "admin", "auth", "otp_totp"})
#: Nor do these models (users' log-ins, notifications, import jobs' progress, access log).
IGNORED_MODELS = frozenset(
    {
        "core.user",
        "core.notification",
        "core.importjob",
        "core.accesslog",
        "reports.keptfigures",
        "reports.figureschange",
    }
)


# --- reading ------------------------------------------------------------------------------
def _fingerprint(name: str = "") -> str:
    keys = ",".join(s.key for s in sections())
    return hashlib.sha256((keys + (f"|{name}" if name else "")).encode()).hexdigest()


def _latest_stamp(end: date, using: str) -> int:
    from doingoai.reports.models import FiguresChange

    stamp = FiguresChange.objects.using(using).filter(month__lte=end).aggregate(s=Max("stamp"))
    return stamp["s"] or 0


def latest_stamp(using: str) -> int:
    """The latest change stamp of any month: one read of the end of the ``stamp`` index."""
    from doingoai.reports.models import FiguresChange

    stamp = FiguresChange.objects.using(using).aggregate(s=Max("stamp"))
    return stamp["s"] or 0


def figures(period: Period) -> dict[str, dict[str, Any]]:
    """Every section's figures for ``period``: kept ones when the period has ended and nothing
    dated on or before its end changed since they were computed, else computed (and kept when
    the period has ended)."""
    return kept_value(period, "", lambda: compute_figures(period))


def kept_value(period: Period, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s answer about ``period`` (anything picklable, e.g. a chart's series
    named ``name``), kept like the figures: reused while the period has ended and nothing
    dated on or before its end changed since."""
    from doingoai.reports.models import KeptFigures

    using = router.db_for_read(KeptFigures)
    if period.end >= timezone.localdate() or _pending(using, period.end):
        return compute()
    key = {
        "start": period.start,
        "end": period.end,
        "language": get_language() or "",
        "sections": _fingerprint(name),
    }
    stamp = _latest_stamp(period.end, using)
    kept = (
        KeptFigures.objects.using(using)
        .filter(**key, stamp=stamp)
        .values_list("data", flat=True)
        .first()
    )
    if kept is not None:
        return pickle.loads(bytes(kept))  # noqa: S301 (written by this module only)
    data = compute()
    kept_figures = _store(key, stamp, data)
    # periods nobody asked for lately (custom ranges) do not pile up
    kept_figures.filter(computed_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)).delete()
    return data


def _store(key: dict[str, Any], stamp: int, data: Any):  # noqa: ANN202
    """Write (or replace) the kept answer under ``key``; the table's manager for the writes
    that follow."""
    from doingoai.reports.models import KeptFigures

    kept_figures = KeptFigures.objects.using(router.db_for_write(KeptFigures))
    kept_figures.bulk_create(
        [KeptFigures(**key, stamp=stamp, data=pickle.dumps(data))],
        update_conflicts=True,
        unique_fields=["start", "end", "language", "sections"],
        update_fields=["stamp", "data", "computed_at"],
    )
    return kept_figures


def _clock() -> float:
    return time.time()


#: Today's answers kept in this process: (day, language, name) -> (stamp, computed at, answer).
_today: dict[tuple[date, str, str], tuple[int, float, Any]] = {}


def kept_today(today: date, name: str, compute: Callable[[], Any], seconds: float) -> Any:
    """``compute()``'s answer about ``today`` (anything picklable, the same for everyone who
    asks: the dashboard's province-wide figures), kept per day and language for every worker
    in ``KeptFigures`` and in this process: reused while no change of any date has been
    stamped since it was computed, and for at most ``seconds`` (figures of today's state move
    with the hours too, and loads that bypass the signals stamp nothing). One indexed query
    (the latest stamp) when this process holds the answer; 0 seconds computes every time, as
    does a transaction holding changes not yet committed (computed afresh, not kept)."""
    from doingoai.reports.models import KeptFigures

    using = router.db_for_read(KeptFigures)
    if seconds <= 0 or _pending(using, date.max):
        return compute()
    language = get_language() or ""
    here = (today, language, name)
    stamp = latest_stamp(using)
    now = _clock()
    held = _today.get(here)
    if held is not None and held[0] == stamp and now - held[1] < seconds:
        return held[2]
    key = {"start": today, "end": today, "language": language, "sections": _fingerprint(name)}
    kept = (
        KeptFigures.objects.using(using)
        .filter(**key, stamp=stamp, computed_at__gt=timezone.now() - timedelta(seconds=seconds))
        .values_list("computed_at", "data")
        .first()
    )
    if kept is not None:
        computed_at, data = kept[0].timestamp(), pickle.loads(bytes(kept[1]))  # noqa: S301
    else:
        data = compute()
        computed_at = now
        kept_figures = _store(key, stamp, data)
        # yesterday's answers answer nobody
        kept_figures.filter(sections=key["sections"], end__lt=today).delete()
    for other in [k for k in _today if k[0] != today]:  # yesterday's
        del _today[other]
    _today[here] = (stamp, computed_at, data)
    return data


def forget_everything(using: str = "default") -> None:
    """Forget every kept figure (after a load that bypassed the model signals)."""
    _note(EVERYTHING, using)


# --- forgetting ---------------------------------------------------------------------------
def _write(month: date, using: str) -> None:
    from doingoai.reports.models import FiguresChange

    FiguresChange.objects.using(using).bulk_create(
        [FiguresChange(month=month, stamp=time.time_ns())],
        update_conflicts=True,
        unique_fields=["month"],
        update_fields=["stamp"],
    )


class _Batch:
    """The earliest month changed by one transaction, written once when it commits."""

    def __init__(self, outer: object, month: date, using: str) -> None:
        self.outer, self.month, self.using, self.done = outer, month, using, False

    def flush(self) -> None:
        if not self.done:
            self.done = True
            _write(self.month, self.using)


def _outer(connection) -> object | None:  # noqa: ANN001
    return connection.atomic_blocks[0] if connection.atomic_blocks else None


def _pending(using: str, end: date) -> bool:
    """Whether this connection's open transaction changed something on or before ``end``
    (not yet stamped: those figures are computed afresh and not kept)."""
    connection = connections[using]
    batch = getattr(connection, "_kept_figures_batch", None)
    return bool(
        connection.in_atomic_block
        and batch is not None
        and not batch.done
        and batch.outer is _outer(connection)
        and batch.month <= end
        # still to run on commit (a rolled-back savepoint took its own callbacks away)
        and any(func == batch.flush for _sids, func, _robust in connection.run_on_commit)
    )


def _note(month: date, using: str) -> None:
    connection = connections[using]
    if not connection.in_atomic_block:
        _write(month, using)
        return
    batch = getattr(connection, "_kept_figures_batch", None)
    outer = _outer(connection)
    if batch is None or batch.done or batch.outer is not outer:
        # a batch of a rolled-back transaction is dropped here (or, under the same outer
        # block, merged: an earlier month only forgets more)
        batch = connection._kept_figures_batch = _Batch(outer, month, using)
    else:
        batch.month = min(batch.month, month)
    connection.on_commit(batch.flush)


def _month_of(model: type[Model], values: list[Any]) -> date:
    """The first month a record with these date values (before and after the change) may
    count in. An empty date may mean "since ever" (an association whose founding date is
    unknown stands in every period): everything, unless the model says that its empty dates
    mean "not yet" (``null_dates_not_yet = True``: a trip not yet back)."""
    days = []
    for value in values:
        if isinstance(value, datetime):  # a moment: its day wherever it is read
            days.append(value.date() - timedelta(days=1))
        elif isinstance(value, date):
            days.append(value)
        elif value is None and not getattr(model, "null_dates_not_yet", False):
            return EVERYTHING
    if not days:
        return EVERYTHING
    return max(min(days), EVERYTHING).replace(day=1)


_DATE_FIELDS: dict[type[Model], list[str]] = {}


def _date_fields(model: type[Model]) -> list[str]:
    if model not in _DATE_FIELDS:
        _DATE_FIELDS[model] = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, DateField) and not f.auto_now and not f.auto_now_add
        ]
    return _DATE_FIELDS[model]


#: True while ``migrate`` runs (data migrations save records before this app's tables
#: exist); its end forgets everything.
_migrating = [False]


def _ignored(model: type[Model]) -> bool:
    return (
        _migrating[0]
        or model._meta.app_label in IGNORED_APPS
        or model._meta.label_lower in IGNORED_MODELS
        or hasattr(model, "instance_type")  # a history row: its record's own save counts
    )


def _values(instance: Model) -> list[Any]:
    return [getattr(instance, name, None) for name in _date_fields(type(instance))]


def _before_save(sender, instance, raw=False, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    """Read the dates the record had before this edit (a record moved to another year
    changes both years)."""
    fields = _date_fields(sender)
    if _ignored(sender) or not fields or instance._state.adding or instance.pk is None:
        return
    old = sender._base_manager.using(using).filter(pk=instance.pk).values_list(*fields).first()
    instance._kept_figures_before = list(old or ())


def _through_references(model: type[Model]) -> bool:
    return getattr(model, "counted_through_references", False)


def _after_save(sender, instance, created=False, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    if _ignored(sender) or (created and _through_references(sender)):
        return
    before = instance.__dict__.pop("_kept_figures_before", [])
    _note(_month_of(sender, _values(instance) + before), using)


def _after_delete(sender, instance, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    if not _ignored(sender):
        _note(_month_of(sender, _values(instance)), using)


def _links_changed(sender, instance, action, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    if action in ("post_add", "post_remove", "post_clear") and not _ignored(type(instance)):
        _note(_month_of(type(instance), _values(instance)), using)


def _created_in_bulk(sender, objs, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    if not _ignored(sender) and objs and not _through_references(sender):
        _note(min(_month_of(sender, _values(obj)) for obj in objs), using)


def _migrating_now(sender, **kwargs) -> None:  # noqa: ANN001, ANN003
    _migrating[0] = True


def _migrated(sender, using="default", **kwargs) -> None:  # noqa: ANN001, ANN003
    from doingoai.reports.models import FiguresChange

    if sender.label != "reports":
        return
    _migrating[0] = False
    if FiguresChange._meta.db_table in connections[using].introspection.table_names():
        _write(EVERYTHING, using)


def connect() -> None:
    """Wire the signals and have the sections' figures asked here (``ReportsConfig.ready``)."""
    from doingoai.core.services import records_created_in_bulk

    pre_save.connect(_before_save, dispatch_uid="doingoai-kept-figures-pre-save")
    post_save.connect(_after_save, dispatch_uid="doingoai-kept-figures-save")
    post_delete.connect(_after_delete, dispatch_uid="doingoai-kept-figures-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="doingoai-kept-figures-links")
    records_created_in_bulk.connect(_created_in_bulk, dispatch_uid="doingoai-kept-figures-bulk")
    pre_migrate.connect(_migrating_now, dispatch_uid="doingoai-kept-figures-migrating")
    post_migrate.connect(_migrated, dispatch_uid="doingoai-kept-figures-migrate")
    set_figures_source(figures)
