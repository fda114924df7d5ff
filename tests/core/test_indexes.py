"""Every column a generic list offers to sort or filter by is served by an index: at a million
rows a sort or a filter without one scans and sorts the whole table on every page.

A column counts as indexed when it leads an index (``db_index``, a foreign key, a unique
constraint or a ``Meta.indexes`` entry); a text column, which the lists sort in Vietnamese
order, needs the collated expression index (``models.Index(vi_collate(name), ...)``). A
foreign-key column sorts by the related record's name: over a join, a sort of every row
whatever its foreign key's index, unless the name is kept on the row
(``core.sortkeys.RelatedName``, with its collated index) or the join is an inner one the
database walks in the related index's order (``_walked``). The sortable columns and their
orders are the table's own answers to ``?sort=`` (a column a type lists in
``unsorted_columns`` is shown, not sorted)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate

from doingoai.core.filters import filterset_for
from doingoai.core.registry import registry
from doingoai.core.tables import table_for


def _leading(model: type[models.Model]) -> tuple[set[str], set[str]]:
    """(fields that lead a plain index, fields that lead a collated expression index)."""
    plain: set[str] = set()
    collated: set[str] = set()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.unique or field.db_index:
            plain.add(field.name)
    for index in model._meta.indexes:
        if index.fields:
            plain.add(index.fields[0].lstrip("-"))
        if index.expressions:
            first = index.expressions[0]
            first = getattr(first, "expression", first)  # OrderBy (descending)
            if isinstance(first, Collate) and isinstance(first.source_expressions[0], F):
                collated.add(first.source_expressions[0].name)
            elif isinstance(first, F):
                plain.add(first.name)
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields:
            plain.add(fields[0])
    return plain, collated


def _local_field(model: type[models.Model], name: str):  # noqa: ANN202
    if "__" in name:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not field.concrete or field.many_to_many:
        return None
    return field


def _sorted_by(model: type[models.Model], order: list) -> tuple[str, str] | None:  # noqa: ANN001
    """(column, how) for the first term of an order the table applies: ``collated`` (an
    expression ``Collate(F(column))``), ``plain`` (a local column), ``related name`` (a
    foreign key sorted by its record's ordering, over a join) or ``join`` (a path through
    a relation); None when the order has no term."""
    if not order:
        return None
    first = order[0]
    first = getattr(first, "expression", first)  # OrderBy (a direction)
    if isinstance(first, Collate) and isinstance(first.source_expressions[0], F):
        return first.source_expressions[0].name, "collated"
    if isinstance(first, F):
        first = first.name
    if not isinstance(first, str):
        return repr(first), "expression"
    name = first.lstrip("-")
    if "__" in name:
        return name, "join"
    field = _local_field(model, name)
    if field is None:
        return name, "unknown"
    if field.many_to_one and field.related_model._meta.ordering:
        return name, "related name"  # ordered by the related model's ordering: a join
    return name, "plain"


def _walked(model: type[models.Model], name: str) -> bool:
    """Can the database walk the related records in their order and each one's rows by the
    foreign key's index, without a sort? Only over an inner join (a required foreign key:
    neither SQLite nor PostgreSQL reorders an outer join, so a nullable one scans and sorts
    every row) whose related model's ordering leads an index. (Members by delegation:
    ``outbound_list_order`` then ``member_list_order``, 1 ms at stress.)"""
    field = _local_field(model, name)
    if field.null:
        return False
    related = field.related_model
    first = related._meta.ordering[0]
    plain, collated = _leading(related)
    if isinstance(first, str):
        return first.lstrip("-") in plain
    first = getattr(first, "expression", first)  # OrderBy
    if isinstance(first, Collate) and isinstance(first.source_expressions[0], F):
        return first.source_expressions[0].name in collated
    return False


def _table_sorts(rt) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(list column, first sorted column, how) for every column the list lets the user sort
    by: the table is asked as ``?sort=`` asks it (django-tables2's ``Table.order_by``, which
    keeps a column only when its bound column is orderable, then its ``order_<column>`` hook
    or its accessors order the queryset)."""
    model = rt.model
    sorts = []
    for column in table_for(rt)(model._default_manager.none()).columns:
        if not column.orderable:
            continue
        table = table_for(rt)(model._default_manager.none())
        table.order_by = column.name
        if not table.order_by:  # the table refused it
            continue
        found = _sorted_by(model, list(table.data.data.query.order_by))
        if found is not None:
            sorts.append((column.name, *found))
    return sorts


def _needs(rt) -> list[tuple[str, str]]:  # noqa: ANN001
    """(column, why) for every local column the list sorts or filters by."""
    model = rt.model
    needs: list[tuple[str, str]] = []
    for column, sorted_by, how in _table_sorts(rt):
        if how == "collated":
            needs.append((sorted_by, "collated sort"))
        elif how == "plain":
            needs.append((sorted_by, "sort"))
        elif how == "related name":
            needs.append((sorted_by, "related name"))
        else:  # a join or an expression no index can serve
            needs.append((f"{column} -> {sorted_by}", how))
    filterset = filterset_for(rt)(queryset=model._default_manager.none())
    for flt in filterset.filters.values():
        name = getattr(flt, "field_name", None)
        if name and name != "q" and flt.method is None and _local_field(model, name):
            needs.append((name, "filter"))
    ordering = rt.ordering or model._meta.ordering or []
    if ordering and isinstance(ordering[0], str):
        first = ordering[0].lstrip("-")
        if _local_field(model, first) is not None and first != "pk":
            needs.append((first, "default order"))
    return needs


#: Types whose tables stay small by nature (a few hundred rows at most: the world's
#: countries, the province's units, rates, plans and issued reports) and the test apps: a sort
#: in memory costs less there than the writes an index would slow down.
SMALL_BY_NATURE = {
    "core.country",
    "core.administrativeunit",
    "core.exchangerate",
    "reports.plan",
    "reports.issuedreport",
    "contract_app.trialactivity",
    "personal_app.trialcase",
}


#: Types whose foreign-key columns may sort by the related name over a join: their tables
#: stay at most a few thousand rows by nature (agreements, border markers, conferences, aid
#: items, consular cases, associations ...), where that sort costs a few milliseconds.
#: core.person is not small: it keeps its organisation's name (``organisation_name``) and
#: does not offer a sort by nationality (``PersonRecord.unsorted_columns``).
JOIN_SORTS_SMALL = {
    "core.organisation",
    "partners.partner",
    "partners.agreement",
    "partners.anniversaryevent",
    "border.bordermarker",
    "border.markerinspection",  # 3,140 at stress, by marker (720)
    "border.bordergate",
    "border.borderincident",
    "border.communeexchange",
    "conferences.conference",
    "outreach.pressvisit",
    "outreach.outreachevent",
    "aid.donor",
    "aid.aiditem",
    "aid.disbursement",
    "consular.consularcase",
    "consular.caseperson",
    "consular.businessperson",
    "consular.abtcapplication",
    "diaspora.diasporaperson",
    "diaspora.consent",
    "diaspora.association",
    "diaspora.visit",
}


@pytest.mark.django_db
@pytest.mark.parametrize("key", [rt.key for rt in registry.all()])
def test_every_sort_and_filter_column_has_an_index(key: str) -> None:
    if key in SMALL_BY_NATURE:
        pytest.skip("small by nature")
    rt = registry.get(key)
    plain, collated = _leading(rt.model)
    missing = []
    for column, why in _needs(rt):
        if why == "related name":
            if _walked(rt.model, column):
                continue
            if key not in JOIN_SORTS_SMALL:
                missing.append(
                    f"{column} (sorted by the related name over a join: keep it on the row, "
                    f"core.sortkeys.RelatedName, with Index(vi_collate(...), 'id'))"
                )
            continue
        if why in ("join", "expression", "unknown"):
            if key not in JOIN_SORTS_SMALL:
                missing.append(f"{column} (sorted by {why}: no index serves it)")
            continue
        name = _local_field(rt.model, column).name
        if name == rt.model._meta.pk.name:
            continue
        if why == "collated sort":
            if name not in collated:
                missing.append(f"{name} (sort: needs Index(vi_collate({name!r}), 'id'))")
        elif name not in plain:
            missing.append(f"{name} ({why})")
    assert not missing, f"{key}: no index leads " + ", ".join(sorted(set(missing)))


def _default_order_plan(rt) -> str:  # noqa: ANN001
    """SQLite's plan for a deep page of the type's records in their default order (the
    list's and the API's order when the user sorts nothing)."""
    from django.db import connection

    qs = rt.model._default_manager.all()
    if rt.ordering:
        qs = qs.order_by(*rt.ordering)
    sql, params = qs.values_list("pk", flat=True)[500:550].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize("key", [rt.key for rt in registry.all()])
def test_the_default_order_is_walked_in_an_index(key: str) -> None:
    """The whole default order, not only its first column: an index on the date alone left
    the titles of each date to a sort of every row before the page (``?page=500`` of the
    agreements' API: 34 ms of its 51 at the stress scale; ``(-signed_on, title, id)``: 2 ms).
    Members are ordered by their delegation's order (``_walked``: both indexes, 1 ms)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the plan is read from SQLite")
    if key in SMALL_BY_NATURE:
        pytest.skip("small by nature")
    plan = _default_order_plan(registry.get(key))
    if key in {"delegations.outboundmember", "delegations.inboundmember"}:
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        return
    assert "TEMP B-TREE" not in plan, f"{key}: {plan}"
