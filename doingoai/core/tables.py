"""Table machinery: sortable, paginated tables generated from a type's ``list_columns``."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django_tables2 import utils as tables_utils
from django_tables2.columns.base import library as tables_library

from doingoai.core.collation import vi_order
from doingoai.core.kept import Kept
from doingoai.core.sortkeys import RelatedName, order_terms, related_name_for
from doingoai.core.text import exact_places

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

_signature = tables_utils.signature
_signatures: dict[object, tuple] = {}


def _kept_signature(fn):  # noqa: ANN001, ANN202
    """django-tables2 inspects the signature of a column's ``render`` for every cell (175
    ``inspect.signature`` calls for a page of 25 rows, a tenth of the page's time); the
    answer depends on the function only, so it is kept by function (bounded)."""
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    found = _signatures.get(key)
    if found is None:
        if len(_signatures) > 4096:
            _signatures.clear()
        found = _signatures[key] = _signature(fn)
    return found


tables_utils.signature = _kept_signature


# SHORT_DATE_FORMAT and SHORT_DATETIME_FORMAT of both locales (tests/core/test_tables_dates.py)
DAY = "%d/%m/%Y"
MOMENT = "%d/%m/%Y %H:%M"


@tables_library.register
class DayColumn(tables.Column):
    """A model's date, dd/mm/yyyy in both languages (``doingoai/formats``). django-tables2's
    own DateColumn compiles a template for every cell (a fifth of a delegations page), and
    Django's ``date_format`` looks the format up through the translation machinery for every
    cell (a tenth of what is left)."""

    def render(self, value):  # noqa: ANN001, ANN201
        return value.strftime(DAY)

    @classmethod
    def from_field(cls, field, **kwargs):  # noqa: ANN001, ANN003, ANN206
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


@tables_library.register
class MomentColumn(tables.Column):
    """A model's date and time in local time, dd/mm/yyyy hh:mm (as ``DayColumn``)."""

    def render(self, value):  # noqa: ANN001, ANN201
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(MOMENT)

    @classmethod
    def from_field(cls, field, **kwargs):  # noqa: ANN001, ANN003, ANN206
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


@tables_library.register
class DecimalColumn(tables.Column):
    """A model's decimal as it is (``core.text.exact_places``), grouped in the page's language:
    a rate kept with ten places reads 0,75, not 0,7500000000."""

    def render(self, value):  # noqa: ANN001, ANN201
        return number_format(value, exact_places(value), force_grouping=True)

    @classmethod
    def from_field(cls, field, **kwargs):  # noqa: ANN001, ANN003, ANN206
        if isinstance(field, models.DecimalField):
            return cls(**kwargs)
        return None


class RecordTable(tables.Table):
    """Base of every record table: the first column links to the record."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle record-table"}
        template_name = "core/tables/table.html"
        per_page = 25
        empty_text = "—"


def _link_column(rt: RecordType, name: str) -> tables.Column:
    """The first column, linked to the record's page (django-tables2's ``linkify``)."""
    field = rt.model._meta.get_field(name) if "__" not in name else None
    verbose = capfirst(field.verbose_name) if field is not None else name
    return tables.Column(
        verbose_name=verbose,
        accessor=name,
        order_by=name,
        linkify=lambda record: rt.url("detail", record.pk),
    )


def is_year_field(name: str) -> bool:
    """Years are written 2025, never 2.025."""
    return name == "year" or name.endswith("_year")


def _is_text(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


def _collated_order(name: str):  # noqa: ANN202
    """django-tables2's ``order_<column>`` hook: text sorts in Vietnamese order."""

    def order(self, queryset, is_descending):  # noqa: ANN001, ANN202
        return queryset.order_by(vi_order(f"-{name}" if is_descending else name)), True

    return order


def _ordered_by(keys: tuple[str, ...]):  # noqa: ANN202
    """``order_<column>`` sorting by stored columns (e.g. a folded name and the id, served by
    one index) instead of a collation over the whole table."""

    def order(self, queryset, is_descending):  # noqa: ANN001, ANN202
        return queryset.order_by(*(f"-{k}" if is_descending else k for k in keys)), True

    return order


def _related_name_order(field: RelatedName):  # noqa: ANN202
    """``order_<column>`` of a foreign key sorted by the related record's name kept on the
    row (``core.sortkeys``): an index walk instead of a join and sort of every row."""

    def order(self, queryset, is_descending):  # noqa: ANN001, ANN202
        return queryset.order_by(*order_terms(field, is_descending)), True

    return order


def record_table_for(rt: RecordType) -> type[tables.Table]:
    """The table of a record type; the first declared column becomes the link."""
    columns = rt.get_list_columns()
    first, rest = columns[0], columns[1:]
    attrs = {
        "Meta": type(
            "Meta",
            (RecordTable.Meta,),
            {"model": rt.model, "fields": rest, "sequence": [first, *rest]},
        )
    }
    attrs[first] = _link_column(rt, first)
    for name in columns:
        kept = related_name_for(rt.model, name)
        if name in rt.sort_keys:  # a declared order on stored, indexed columns
            attrs[f"order_{name}"] = _ordered_by(rt.sort_keys[name])
        elif kept is not None:  # a foreign key sorted by the related name kept on the row
            attrs[f"order_{name}"] = _related_name_order(kept)
        elif _is_text(rt.model, name):
            attrs[f"order_{name}"] = _collated_order(name)
    for name in rest:
        try:
            field = rt.model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, models.TextField) or (  # long free text, or a sort no index serves
            field is not None and name in rt.unsorted_columns
        ):
            attrs[name] = tables.Column(verbose_name=capfirst(field.verbose_name), orderable=False)
        elif is_year_field(name):
            field = rt.model._meta.get_field(name)
            attrs[name] = tables.Column(verbose_name=capfirst(field.verbose_name), localize=False)
    return type(f"{rt.model.__name__}Table", (RecordTable,), attrs)


@functools.cache
def table_for(rt: RecordType) -> type[tables.Table]:
    """The table class of a record type (its own ``table_class`` or the generated one),
    built on first use and kept."""
    return rt.table_class or record_table_for(rt)


#: The attribute of a list's row that holds a column's links (``listed_links``).
LISTED = "_listed_"


def lists_links_as_they_are(column: tables.Column) -> bool:
    """A column that shows a record's links joined as they are: django-tables2's
    ``ManyToManyColumn`` with none of its hooks overridden (the ``table_rows`` tag writes its
    cells from the links fetched with the page)."""
    from django_tables2.columns import ManyToManyColumn

    return (
        isinstance(column, ManyToManyColumn)
        and type(column).filter is ManyToManyColumn.filter
        and type(column).transform is ManyToManyColumn.transform
        and type(column).render is ManyToManyColumn.render
        and not hasattr(column, "linkify_item")
    )


#: A table of at most this many rows that lists link to (the countries of a delegation) is
#: kept by each worker, and a page's links are read from the link table alone.
KEPT_LINKED_ROWS = 500
_kept_linked = Kept("listed-linked-records", 300, forget_on_write=True)


def _kept_records(model: type[models.Model]) -> dict | None:
    """{pk: (place in the table's own order, record)} of a small table (None for a bigger
    one), kept while no process has written it (``core.kept``)."""

    def read() -> dict | None:
        rows = list(model._default_manager.all()[: KEPT_LINKED_ROWS + 1])
        if len(rows) > KEPT_LINKED_ROWS:
            return None
        return {obj.pk: (i, obj) for i, obj in enumerate(rows)}

    return _kept_linked.get((model._meta.label_lower,), read, tables=(model._meta.db_table,))


def fill_kept_links(records: list[models.Model], links: tuple) -> None:
    """Put on each record what the list shows of a small table (``listed_links``,
    ``kept_relations``): its links as a list, in the linked table's own order (one read of
    the link table for the page), and its foreign keys' records (no join); the records
    themselves from what the worker keeps. Django's prefetch compiled a join and built every
    country again: a ninth of an inbound delegations page."""
    from django.apps import apps
    from django.db import connections

    pks = list(dict.fromkeys(record.pk for record in records))
    connection = connections[records[0]._state.db or "default"]
    quote = connection.ops.quote_name
    for name, table, source, target, label in links:
        model = apps.get_model(label)
        kept = _kept_records(model) or {}
        if table is None:  # a foreign key (``kept_relations``)
            field = records[0]._meta.get_field(name)
            wanted = {getattr(r, field.attname) for r in records} - set(kept) - {None}
            extra = model._default_manager.in_bulk(wanted) if wanted else {}
            for record in records:
                key = getattr(record, field.attname)
                found = kept.get(key)
                field.set_cached_value(
                    record, None if key is None else (found[1] if found else extra.get(key))
                )
            continue
        found: dict = {pk: [] for pk in pks}
        missing: list = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(source)}, {quote(target)} FROM {quote(table)} "  # noqa: S608
                f"WHERE {quote(source)} IN ({', '.join(['%s'] * len(pks))})",
                pks,
            )
            for owner, linked in cursor.fetchall():
                if linked in kept:
                    found[owner].append(kept[linked])
                else:  # written since the worker kept the table, in this very request
                    missing.append((owner, linked))
        if missing:
            extra = model._default_manager.in_bulk({linked for _owner, linked in missing})
            for owner, linked in missing:
                if linked in extra:
                    found[owner].append((len(kept), extra[linked]))
        for record in records:
            ordered = sorted(found.get(record.pk, ()), key=lambda placed: placed[0])
            setattr(record, LISTED + name, [obj for _place, obj in ordered])


class KeptLinks(tuple):
    """What a list's query asks ``fill_kept_links`` to put on its rows (a Query's attribute
    ``kept_links``): called by ``RecordQuerySet`` once the rows are fetched."""

    __slots__ = ()

    def __call__(self, rows: list[models.Model]) -> None:
        fill_kept_links(rows, self)


def _small(model: type[models.Model]) -> bool:
    """Whether ``model``'s table may be kept: a reference type (rarely written) with no
    sensitive field (``core.field_policy``: no personal data in a worker's copy), small
    enough (``KEPT_LINKED_ROWS``): the highest id first (no read of a big table), then the
    table itself."""
    from doingoai.core import field_policy
    from doingoai.core.paging import estimated_rows

    rt = model.__dict__.get("_record_type")  # set by the registry
    if rt is None or rt.area.slug != "reference" or field_policy.sensitive(rt):
        return False
    return estimated_rows(model) <= 10 * KEPT_LINKED_ROWS and _kept_records(model) is not None


def kept_relations(rt: RecordType, qs: models.QuerySet) -> models.QuerySet:
    """``qs`` without the join of each foreign key the list shows that leads to a small
    table (a person's nationality, a case's country): the record is taken from what the
    worker keeps when the page's rows are fetched (``fill_kept_links``). A join that goes
    on through it (``commune__parent``) stays."""
    from doingoai.core.models.base import RecordQuerySet

    chosen = qs.query.select_related
    if not isinstance(qs, RecordQuerySet) or not isinstance(chosen, dict):
        return qs
    kept = []
    for name, further in chosen.items():
        try:
            field = rt.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if further or not field.many_to_one or not field.concrete:
            continue
        if not field.target_field.primary_key or not _small(field.related_model):
            continue
        kept.append((name, None, None, None, field.related_model._meta.label_lower))
    if not kept:
        return qs
    qs = qs._chain()
    names = {link[0] for link in kept}
    rest = {name: further for name, further in chosen.items() if name not in names}
    qs.query.select_related = rest or False
    qs.query.kept_links = KeptLinks((*getattr(qs.query, "kept_links", ()), *kept))
    return qs


def listed_links(
    rt: RecordType,
    qs: models.QuerySet,
    table_class: type[tables.Table],
    masked: frozenset = frozenset(),
) -> models.QuerySet:
    """``qs`` with each plain links column's records fetched as a list on the row
    (``<LISTED><name>``, one query for the page, as Django's prefetch) instead of Django's
    prefetch into a related manager and a queryset made for every row. Links to a small
    table (``KEPT_LINKED_ROWS``) are read from the link table and the records the worker
    keeps (``fill_kept_links``, when the page's rows are fetched). A masked column
    (``masked``) keeps Django's prefetch: its cells are not written from the list."""
    from django.db.models import Prefetch

    from doingoai.core.models.base import RecordQuerySet

    names = set()
    for name, column in table_class.base_columns.items():
        if name in masked or not lists_links_as_they_are(column):
            continue
        if column.accessor not in (None, name):
            continue
        try:
            if rt.model._meta.get_field(name).many_to_many:
                names.add(name)
        except FieldDoesNotExist:
            continue
    if not names:
        return qs
    kept_links = []
    if isinstance(qs, RecordQuerySet):
        for name in sorted(names):
            field = rt.model._meta.get_field(name)
            through = field.remote_field.through._meta
            target = field.related_model
            if not through.auto_created:  # a link table of its own model: its own rules
                continue
            if not _small(target):
                continue
            kept_links.append(
                (
                    name,
                    through.db_table,
                    through.get_field(field.m2m_field_name()).column,
                    through.get_field(field.m2m_reverse_field_name()).column,
                    target._meta.label_lower,
                )
            )
            names.discard(name)
    kept = [
        lookup
        for lookup in qs._prefetch_related_lookups
        if (lookup if isinstance(lookup, str) else lookup.prefetch_to)
        not in names | {link[0] for link in kept_links}
    ]
    qs = qs.prefetch_related(None).prefetch_related(
        *kept, *(Prefetch(name, to_attr=LISTED + name) for name in sorted(names))
    )
    if kept_links:  # follows the query's clones (RecordQuerySet)
        qs.query.kept_links = KeptLinks((*getattr(qs.query, "kept_links", ()), *kept_links))
    return qs
