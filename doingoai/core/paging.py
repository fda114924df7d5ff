"""Pagination that does not count a million rows on every page.

An exact ``COUNT(*)`` of a big table costs as much as the rest of the page (a scan of the
whole table or of its smallest index). For an *unfiltered* list of a big table the lists and
the API show a count that is kept for a few minutes per process (computed exactly once, then
reused; a write of that type in this process forgets it), on PostgreSQL the planner's estimate
of the table's rows, and say that it is approximate.
Filtered lists, scoped lists (an agency's own records) and small tables are counted exactly:
their counts are served by the filter's index or are cheap.

Used by the generic list (django-tables2, ``paginator_class``) and the REST API
(``DEFAULT_PAGINATION_CLASS``)."""

from __future__ import annotations

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections, models
from rest_framework.pagination import PageNumberPagination

from doingoai.core import fulltext
from doingoai.core.kept import Kept
from doingoai.core.models.base import RANKED_ORDER

#: Tables estimated above this many rows get the kept count when unfiltered.
BIG_TABLE = 50_000
#: How long (seconds) a process keeps a big table's count.
KEEP_SECONDS = 300

_counts = Kept("paging-counts", KEEP_SECONDS, forget_on_write=True)
#: How long (seconds) a process keeps a table's estimated size (its highest key, PostgreSQL's
#: estimate). The estimate only chooses how to count and how to offer a filter's records (a
#: select or an autocomplete), never a figure shown; a list asked for it three times a page
#: (its own table and its filters' big tables: three statements of a persons' page of eleven).
#: A write of the type in this process forgets it; another process's write (a bulk import)
#: is seen within this time.
ESTIMATE_SECONDS = 60
_estimates = Kept("paging-estimates", ESTIMATE_SECONDS, most=1024, forget_on_write=True)
#: The searches known to match more than SEARCH_COUNT_CAP: apart from the counts, so that many
#: different searches never push out (past ``most``) a big table's count, the dearest to read.
_more_than = Kept("paging-more-than", KEEP_SECONDS, most=1024, forget_on_write=True)


def planner_rows(model: type[models.Model], using: str = "default") -> int:
    """PostgreSQL's own estimate of ``model``'s rows (``reltuples``, kept by autovacuum and
    ``ANALYZE``); 0 elsewhere or before the table was first analysed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0

    def read() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None and row[0] > 0 else 0

    return _estimates.get((model._meta.label_lower, using, "planner"), read)


def estimated_rows(
    model: type[models.Model], using: str = "default", planner: int | None = None
) -> int:
    """A cheap estimate of ``model``'s row count: the highest id (one index lookup; an upper
    bound when rows were deleted), and on PostgreSQL the planner's estimate when it is larger
    (the statistics lag behind a bulk load until the table is analysed, so neither alone)."""
    table = model._meta.db_table
    connection = connections[using]
    if planner is None:
        planner = planner_rows(model, using)

    def read() -> int:
        with connection.cursor() as cursor:
            pk = model._meta.pk.column
            cursor.execute(f'SELECT MAX("{pk}") FROM "{table}"')
            row = cursor.fetchone()
            value = row[0] if row else None
            return int(value) if isinstance(value, int) else 0

    return max(planner, _estimates.get((model._meta.label_lower, using, "max"), read))


def is_unfiltered(qs: models.QuerySet) -> bool:
    """No WHERE clause at all (no filter, no search, no scoping)."""
    return not qs.query.where and not qs.query.is_sliced and not qs.query.combinator


def planner_estimate(qs: models.QuerySet) -> int:
    """PostgreSQL's estimate of the rows ``qs`` selects (its plan's first node); 0 elsewhere."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return 0
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # a driver that does not decode JSON
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _filtered_count(qs: models.QuerySet) -> tuple[int, bool]:
    """A filtered list's count: exact while fewer than BIG_TABLE rows match (read up to that
    many and no further), else approximate: PostgreSQL's estimate of the filter's rows, at
    least the rows read; SQLite's exact count, kept like an unfiltered table's. A filter that
    keeps half of a million persons (by sex) cost 70–80 ms to count on every page, and the
    rows read to know it another 5–10: the approximate figure is kept, and the rows are read
    again only once it is forgotten (a write of the type in this process, or its time)."""
    if estimated_rows(qs.model, qs.db) < BIG_TABLE:
        return qs.count(), False
    keys = qs.order_by().values("pk")
    sql, params = keys.query.sql_with_params()
    key = (qs.model._meta.label_lower, qs.db, sql, tuple(map(str, params)))
    kept = _counts.peek(key)
    if kept is not None:  # known to keep BIG_TABLE rows or more: not read again
        return kept, True
    read = keys[:BIG_TABLE].count()  # a count that stops at BIG_TABLE rows
    if read < BIG_TABLE:
        return read, False
    if connections[qs.db].vendor == "postgresql":
        value = max(planner_estimate(qs), BIG_TABLE)
    else:
        value = qs.count()
    _counts.put(key, value)
    return value, True


def fast_count(qs: models.QuerySet) -> tuple[int, bool]:
    """(count, approximate): exact unless ``qs`` is a big table or a filter keeping at least
    BIG_TABLE of its rows (:func:`_filtered_count`). PostgreSQL's big tables are said by the
    planner's estimate (no count at all: a worker's first count of a million persons took up
    to 2 s with the table out of memory); SQLite's are counted once and kept."""
    if not is_unfiltered(qs):
        return _filtered_count(qs)
    planner = planner_rows(qs.model, qs.db)
    if planner >= BIG_TABLE:
        return planner, True
    if estimated_rows(qs.model, qs.db, planner) < BIG_TABLE:
        return qs.count(), False
    key = (qs.model._meta.label_lower, qs.db)
    return _counts.get(key, qs.model._default_manager.using(qs.db).count), True


def _queryset_of(object_list: object) -> models.QuerySet | None:
    """The queryset behind a list, a django-tables2 ``BoundRows`` included."""
    for candidate in (object_list, getattr(object_list, "data", None)):
        if isinstance(candidate, models.QuerySet):
            return candidate
        inner = getattr(candidate, "data", None)
        if isinstance(inner, models.QuerySet):
            return inner
    return None


#: A search's count stops here (the list says "more than", the API ``count_is_approximate``):
#: 40 pages of a search box's results, more than anyone reads before narrowing the query.
#: A one-letter query read 25,000 delegations to count 10,000 matches (100–160 ms at
#: 100,000 delegations); past a thousand, the exact figure tells a user nothing more.
SEARCH_COUNT_CAP = 1_000
#: From this many rows in, a page is read in two steps (see ``FastCountPaginator.page``).
DEEP_OFFSET = 1000


def stable(qs: models.QuerySet) -> models.QuerySet:
    """``qs`` in an order where no two rows tie: its order (or its model's), then the key in
    the direction of the last term, unless the order names the key already. A database
    returns tied rows in any order, and may return them in another for every ``OFFSET``:
    pages of a thousand persons of the same name would repeat some and never show others.
    The big tables' list indexes end with the key, so the order stays one index walk."""
    query = qs.query
    order = list(query.order_by)
    if not order and query.default_ordering:
        order = list(qs.model._meta.ordering)
    pk = qs.model._meta.pk
    names = {"pk", pk.name, pk.attname}
    for term in order:
        if isinstance(term, str) and term.lstrip("-") in names:
            return qs
        if isinstance(term, str) and term == "?":  # a random order has no ties to break
            return qs
    last = order[-1] if order else None
    descending = (isinstance(last, str) and last.startswith("-")) or bool(
        getattr(last, "descending", False)
    )
    return qs.order_by(*order, "-pk" if descending else "pk")


def deep_page(qs: models.QuerySet, bottom: int, top: int) -> list[models.Model]:
    """The rows ``bottom:top`` of ``qs`` in its order, read as a "deferred join": first the
    keys alone (the walk over the skipped rows stays in the sort's index, which holds the
    key, without reading a single table row), then those rows by key. An ``OFFSET`` of
    12,500 persons read every skipped row: page 500 of a million persons went from a
    second to the cost of the index walk."""
    keys = list(qs.values_list("pk", flat=True)[bottom:top])
    if not keys:
        return []
    found = {obj.pk: obj for obj in qs.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


def first_tier_page(qs: models.QuerySet, bottom: int, top: int) -> list[models.Model] | None:
    """The rows ``bottom:top`` of a ranked search (``RecordQuerySet.ranked``) when its first
    tier (titles starting with the query, newest first) fills them, read from the head index
    (``fulltext.first_tier``), never ranking every match: at a million persons, the first
    page of "nguyen van" ranked and sorted its 19,000 matches (189 ms). None otherwise."""
    phrase = getattr(qs.query, "ranked_phrase", None)
    if phrase is None or top <= bottom or tuple(qs.query.order_by) != RANKED_ORDER:
        return None
    # the tier's rows hold every word: the index's list of matches is not needed
    base = fulltext.unnarrowed(qs)
    keys = fulltext.first_tier(base, phrase, bottom, top)
    if len(keys) < top - bottom:
        return None
    found = {obj.pk: obj for obj in base.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


class FastCountPaginator(Paginator):
    """A Paginator whose ``count`` is :func:`fast_count`'s; ``approximate`` says which;
    every page is read in a :func:`stable` order, deep pages by :func:`deep_page`."""

    approximate = False
    #: The count stopped at SEARCH_COUNT_CAP: "more than" that many.
    more_than = False

    @cached_property
    def count(self) -> int:
        qs = _queryset_of(self.object_list)
        if qs is None:
            return super().count
        if getattr(qs.query, "searched", False) and not qs.query.is_sliced:
            # a common name matches hundreds of thousands of a million persons: counting
            # them all costs more than the page; the count stops past the cap, and reads the
            # keys alone (not the rank and other annotations of every row it passes), from
            # the full-text index alone when the search is the list's only condition; a
            # search known to pass the cap is not counted again (kept like a big count and
            # forgotten the same way: "?q=a" read a thousand rows of every page it served)
            keys = qs.order_by().values("pk")
            sql, params = keys.query.sql_with_params()
            key = (qs.model._meta.label_lower, qs.db, sql, tuple(map(str, params)))
            if _more_than.peek(key) is None:
                value = fulltext.index_count(qs, SEARCH_COUNT_CAP + 1)
                if value is None:
                    value = keys[: SEARCH_COUNT_CAP + 1].count()
                if value <= SEARCH_COUNT_CAP:
                    return value  # exact: read every time
                _more_than.put(key, True)
            self.approximate = self.more_than = True
            return SEARCH_COUNT_CAP
        value, self.approximate = fast_count(qs)
        return value

    def page(self, number):  # noqa: ANN001, ANN201
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs = _queryset_of(self.object_list)
        if qs is None or qs.query.is_sliced or qs.query.distinct:
            return super().page(number)
        qs = stable(qs)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = first_tier_page(qs, bottom, top)
        if rows is None:
            rows = list(qs[bottom:top]) if bottom < DEEP_OFFSET else deep_page(qs, bottom, top)
        if isinstance(self.object_list, models.QuerySet):
            return self._get_page(rows, number, self)
        from django_tables2.rows import BoundRows  # a table's rows: keep its table

        table = getattr(self.object_list, "table", None)
        return self._get_page(BoundRows(rows, table=table), number, self)


class FastCountPagination(PageNumberPagination):
    """The API's pagination: ``count`` as above, ``count_is_approximate`` when it is."""

    django_paginator_class = FastCountPaginator

    def get_paginated_response(self, data):  # noqa: ANN001, ANN201
        response = super().get_paginated_response(data)
        if self.page.paginator.approximate:
            response.data["count_is_approximate"] = True
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_approximate"] = {"type": "boolean"}
        return schema
