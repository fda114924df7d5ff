"""The agenda registry: dated items (departures, arrivals, anniversaries, expiries) that the
dashboard's "upcoming" list and the calendars show. Modules register providers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import sort_key


@dataclass(frozen=True)
class AgendaItem:
    """Something happening on ``start`` (to ``end``), with the page about it."""

    start: date
    title: str
    url: str
    kind: str | Promise
    css: str = ""
    end: date | None = None


class _NativeSqlitePart:
    """A part of a date column read by SQLite itself from the stored text (``YYYY-MM-DD``):
    Django's ``Extract*`` there calls a Python function for every row (217,060 calls, 0.5 s,
    for a year's round anniversaries at the stress scale). Other databases: Django's."""

    start = length = 0

    def as_sqlite(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, {self.start}, {self.length}) AS INTEGER)", params


class YearOf(_NativeSqlitePart, ExtractYear):
    start, length = 1, 4


class MonthOf(_NativeSqlitePart, ExtractMonth):
    start, length = 6, 2


class DayOf(_NativeSqlitePart, ExtractDay):
    start, length = 9, 2


Provider = Callable[..., Iterable[AgendaItem]]
_PROVIDERS: list[Provider] = []
#: Providers that take ``limit=n`` and then give their ``n`` earliest items only (a module with
#: thousands of records in a month: 737 trips over the next 30 days at the stress scale, for a
#: dashboard that shows 15).
_BOUNDED: set[Provider] = set()


def register_agenda_provider(provider: Provider, *, bounded: bool = False) -> None:
    """``provider(user, start, end)`` gives the items overlapping [start, end]; with
    ``bounded``, it also takes ``limit`` (its earliest items by start, at most that many)."""
    _PROVIDERS.append(provider)
    if bounded:
        _BOUNDED.add(provider)


def overlaps(first: str, last: str, start: date, end: date) -> Q:
    """Records whose [``first``, ``last``] days overlap [start, end], written so that an
    index serves each half: beginning within the span, or begun before it and not ended.
    (``first <= end AND last >= start`` walked every earlier record through the first day's
    index: 0.3 s at the stress scale for a month's calendar.)"""
    return Q(**{f"{last}__gte": start}) & (
        Q(**{f"{first}__range": (start, end)}) | Q(**{f"{first}__lt": start})
    )


def earliest(qs: QuerySet, field: str, limit: int) -> QuerySet:
    """The ``limit`` records of ``qs`` that begin first (by ``field``, then id), in that
    order: their keys read unordered and sorted here (an ``ORDER BY … LIMIT`` drew the
    planner to walk the date index from the oldest record), then those records."""
    keys = sorted(qs.order_by().values_list(field, "pk"))[:limit]
    return qs.filter(pk__in=[pk for _day, pk in keys]).order_by(field, "pk")


def agenda(user, start: date, end: date, limit: int | None = None) -> list[AgendaItem]:  # noqa: ANN001
    """Every provider's items overlapping [start, end] that ``user`` may see, by date; with
    ``limit``, the earliest ``limit`` of them."""
    items: list[AgendaItem] = []
    for provider in _PROVIDERS:
        if limit is not None and provider in _BOUNDED:
            items.extend(provider(user, start, end, limit=limit))
        else:
            items.extend(provider(user, start, end))
    items.sort(key=lambda i: (i.start, sort_key(str(i.title))))
    return items if limit is None else items[:limit]


def anniversary_on(origin: date, year: int) -> date:
    """The anniversary of ``origin`` in ``year``; 29 February falls on 28 February."""
    try:
        return origin.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def country_anniversaries(user, start: date, end: date) -> Iterable[AgendaItem]:  # noqa: ANN001
    """Round anniversaries (every 5 years) of diplomatic relations falling in [start, end]."""
    from doingoai.core.models import Country
    from doingoai.core.registry import registry

    rt = registry.for_model(Country)
    if not rt.can(user, "view"):
        return []
    items = []
    for country in Country.objects.exclude(relations_date=None).only(
        "code", "name_vi", "relations_date"
    ):
        for year in range(start.year, end.year + 1):
            years = year - country.relations_date.year
            day = anniversary_on(country.relations_date, year)
            if years > 0 and years % 5 == 0 and start <= day <= end:
                items.append(
                    AgendaItem(
                        day,
                        _("%(years)s years of diplomatic relations with %(country)s")
                        % {"years": years, "country": country.name_vi},
                        rt.url("detail", country.pk),
                        _("Anniversary"),
                        "anniversary",
                    )
                )
    return items


register_agenda_provider(country_anniversaries)
