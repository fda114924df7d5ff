"""A list's cells computed once per column (``_Cell``) are exactly django-tables2's own, for
every column of every registered type (choices, relations, many-to-many, dates, links)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from doingoai.core import roles as R
from doingoai.core.registry import registry
from doingoai.core.tables import table_for
from doingoai.core.templatetags.doingoai import _Cell
from doingoai.core.views.records.crud import _with_columns
from tests.factories import CONTRACT_CHILDREN, CONTRACT_FACTORIES

TYPES = sorted((rt for rt in registry.all() if rt.menu), key=lambda rt: rt.key)


@pytest.mark.parametrize("rt", TYPES, ids=[rt.key for rt in TYPES])
def test_fast_cells_equal_django_tables2s(rt, role_user) -> None:  # noqa: ANN001
    for _ in range(2):
        obj = CONTRACT_FACTORIES[rt.key]()
        if rt.key in CONTRACT_CHILDREN:
            CONTRACT_CHILDREN[rt.key](obj)
    request = RequestFactory().get("/")
    request.user = role_user(R.ADMIN)
    table = table_for(rt)(_with_columns(rt, rt.model._default_manager.all(), request.user))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    fast = [column for column in table.columns if _Cell.fast(table, column)]
    assert fast  # at least the columns of the model's own fields
    rows = list(table.paginated_rows)
    assert rows
    for row in rows:
        for column in fast:
            assert str(_Cell(table, column)(row)) == str(row.get_cell(column.name)), column.name


def test_linked_records_read_from_what_the_list_fetched(
    role_user, django_assert_num_queries
) -> None:  # noqa: ANN001
    """A many-to-many column (an inbound delegation's countries) is written from the records the
    list fetched beforehand: the same text as django-tables2's, the empty mark for none, no
    query and no related manager per row (three per cell were a fifth of the page)."""
    from unittest import mock

    from django_tables2.columns import ManyToManyColumn

    from tests.factories import CountryFactory

    rt = registry.get("delegations.inbounddelegation")
    make = CONTRACT_FACTORIES[rt.key]
    both, none = make(), make()
    both.countries.set(
        [
            CountryFactory(code="ZY", name_vi="Lào <b>"),
            CountryFactory(code="ZZ", name_vi="Nhật Bản"),
        ]
    )
    none.countries.clear()
    request = RequestFactory().get("/")
    request.user = role_user(R.ADMIN)

    def page():  # noqa: ANN202
        table = table_for(rt)(_with_columns(rt, rt.base_queryset(), request.user))
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        return table, list(table.paginated_rows)

    table, rows = page()
    # the links come as a list on each row: no related manager or queryset made per row
    assert all(isinstance(row.record._listed_countries, list) for row in rows)
    assert not any("countries" in getattr(r.record, "_prefetched_objects_cache", {}) for r in rows)
    expected = {row.record.pk: str(row.get_cell("countries")) for row in rows}
    with mock.patch.object(ManyToManyColumn, "render", side_effect=AssertionError("per row")):
        table, rows = page()
        column = table.columns["countries"]
        with django_assert_num_queries(0):
            cell = _Cell(table, column)
            got = {row.record.pk: str(cell(row)) for row in rows}
    assert got == expected
    assert "Lào &lt;b&gt;" in got[both.pk] and "Nhật Bản" in got[both.pk]
    assert got[none.pk] == str(column.default)


def test_a_linked_records_column_keeps_a_renderer_put_in_its_place(role_user) -> None:  # noqa: ANN001
    """The field policy masks a sensitive column by replacing its renderer: a many-to-many
    column written from the fetched records must still go through that renderer."""
    from tests.factories import CountryFactory

    rt = registry.get("delegations.inbounddelegation")
    obj = CONTRACT_FACTORIES[rt.key]()
    obj.countries.set([CountryFactory(code="ZX", name_vi="Quốc gia kín")])
    request = RequestFactory().get("/")
    request.user = role_user(R.ADMIN)
    table = table_for(rt)(_with_columns(rt, rt.base_queryset(), request.user))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    table.columns["countries"].render = lambda value: "●●●"
    cell = _Cell(table, table.columns["countries"])
    shown = {row.record.pk: str(cell(row)) for row in table.paginated_rows}
    assert shown[obj.pk] == "●●●"


def _squeezed(markup: str) -> str:
    """Markup without the template's layout whitespace (between tags, and runs of it)."""
    import re

    markup = re.sub(r"\s+", " ", markup).replace(" >", ">")
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", markup).strip()


@pytest.mark.parametrize(
    "query",
    ["", "?page=2", "?page=3&sort=-pk&q=a%20%3Cb%3E", "?x=1&x=2&page=1"],
    ids=["first", "middle", "sorted-searched", "repeated"],
)
def test_header_and_page_links_equal_django_tables2s(query, role_user) -> None:  # noqa: ANN001
    """The header (sort links) and the page links written in Python (``table_head``,
    ``table_pages``) are django-tables2's ``bootstrap5.html`` blocks, for every type, but for
    the navigation's label, which is in Vietnamese."""
    import re

    from django.template import engines
    from django.template.loader import get_template
    from django.utils import translation

    for _ in range(5):
        obj = CONTRACT_FACTORIES["core.person"]()
    ours = engines["django"].from_string(
        "{% load doingoai %}{% table_head table %}@@{% table_pages table %}"
    )
    stock = get_template("django_tables2/bootstrap5.html")
    with translation.override("vi"):
        for rt in TYPES:
            request = RequestFactory().get("/" + query)
            request.user = role_user(R.ADMIN)
            table = table_for(rt)(rt.model._default_manager.all())
            RequestConfig(request, paginate={"per_page": 2}).configure(table)
            head, pages = ours.render({"table": table, "request": request}).split("@@")
            whole = stock.render({"table": table, "request": request})
            want_head = re.search(r"<thead.*</thead>", whole, re.S)
            # the one difference: the navigation's label in the page's language
            whole = whole.replace('"Table navigation"', '"Chuyển trang của bảng"')
            want_pages = re.search(r"<nav.*</nav>", whole, re.S)
            assert _squeezed(head) == _squeezed(want_head.group(0) if want_head else ""), rt.key
            assert _squeezed(pages) == _squeezed(want_pages.group(0) if want_pages else ""), rt.key
    assert obj.pk


@pytest.mark.django_db
def test_a_records_link_is_its_detail_pages_url() -> None:
    """``get_absolute_url`` writes a registered type's link from the pattern reversed once
    (``RecordType.url``): the same address as ``reverse()``, for every type."""
    from django.urls import reverse

    for rt in TYPES:
        obj = CONTRACT_FACTORIES[rt.key]()
        opts = rt.model._meta
        want = reverse(f"rec:{opts.app_label}.{opts.model_name}-detail", args=[obj.pk])
        assert obj.get_absolute_url() == want, rt.key


@pytest.mark.django_db
def test_only_small_reference_tables_without_personal_data_are_kept() -> None:
    """A worker keeps the countries a list shows, never a type with sensitive fields (the
    persons: no personal data in a worker's copy) nor a module's own records."""
    from doingoai.core.models import Country, Person
    from doingoai.core.tables import _small

    CONTRACT_FACTORIES["core.person"]()
    assert _small(Country)
    assert not _small(Person)
    assert not _small(registry.get("delegations.inbounddelegation").model)
