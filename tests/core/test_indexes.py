"""Every column a generic list offers to sort or filter by is served by an index: at a million
rows a sort or a filter without one scans and sorts the whole table on every page.

A column counts as indexed when it leads an index (``db_index``, a foreign key, a unique
constraint or a ``Meta.indexes`` entry); a text column, which the lists sort in Vietnamese
order, needs the collated expression index (``models.Index(vi_collate(name), ...)``). A
foreign-key column sorts by the related record's name: over a join, a sort of every row
whatever its foreign key's index, unless the name is kept on the row
(``core.sortkeys.RelatedName``, with its collated index)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate

from doingoai.core.filters import filterset_for
from doingoai.core.registry import registry
from doingoai.core.sortkeys import related_name_for
from doingoai.core.tables import _is_text, table_for


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


def _by_related_name(model: type[models.Model], name: str) -> bool:
    """Does the list sort the foreign-key column ``name`` by the related record's name (its
    model's ordering leads with a collated expression or a text field)?"""
    field = _local_field(model, name)
    if field is None or not field.many_to_one:
        return False
    ordering = field.related_model._meta.ordering or []
    if not ordering:
        return False
    first = ordering[0]
    if isinstance(first, str):
        return _is_text(field.related_model, first.lstrip("-"))
    first = getattr(first, "expression", first)  # OrderBy
    return isinstance(first, Collate)


def _needs(rt) -> list[tuple[str, str]]:  # noqa: ANN001
    """(column, why) for every local column the list sorts or filters by."""
    model = rt.model
    needs: list[tuple[str, str]] = []
    columns = table_for(rt).base_columns
    for name in rt.get_list_columns():
        kept = related_name_for(model, name)
        orderable = columns[name].orderable is not False  # None: the table's default (yes)
        if name in rt.sort_keys:  # sorted on declared stored columns: they need the index
            needs.append((rt.sort_keys[name][0], "sort key"))
        elif kept is not None and orderable:  # the related name kept on the row
            needs.append((kept.name, "sort"))
        elif _by_related_name(model, name) and orderable:
            needs.append((name, "related name"))
        elif _local_field(model, name) is not None and columns[name].orderable:
            needs.append((name, "sort"))
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
#: core.person is not small: its sort by organisation or nationality (a million rows) is
#: left for a core migration (see docs/dev/performance.md, "sorts by a related record").
JOIN_SORTS_SMALL = {
    "core.organisation",
    "core.person",
    "partners.partner",
    "partners.agreement",
    "partners.anniversaryevent",
    "border.bordermarker",
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
            if key not in JOIN_SORTS_SMALL:
                missing.append(
                    f"{column} (sorted by the related name over a join: keep it on the row, "
                    f"core.sortkeys.RelatedName, with Index(vi_collate(...), 'id'))"
                )
            continue
        field = _local_field(rt.model, column)
        name = field.name
        if name == rt.model._meta.pk.name:
            continue
        if why == "sort" and _is_text(rt.model, name):
            if name not in collated:
                missing.append(f"{name} ({why}: needs Index(vi_collate({name!r})))")
        elif name not in plain:
            missing.append(f"{name} ({why})")
    assert not missing, f"{key}: no index leads " + ", ".join(sorted(set(missing)))
