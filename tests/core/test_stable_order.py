"""Pages never share or skip a record: every list and API page is read in an order where no
two rows tie (the order asked for, then the record's key in the direction of its last term),
so rows with the same name keep their place from one page to the next. A database is free to
return tied rows in any order, and a different one for every ``OFFSET``: on PostgreSQL a
sorted page of a thousand "Nguyễn Văn An" could repeat a person on pages 1 and 2 and never show
another. The big tables' list orders end with the key in their index too, so a deep page walks
the index alone (PostgreSQL: page 500 of a million persons 87 → 5 ms at stress)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import paging
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from doingoai.core.text import fold
from doingoai.delegations.models import InboundDelegation, OutboundDelegation

pytestmark = pytest.mark.django_db

PERSON = registry.get("core.person")
SAME = "Nguyễn Văn An"


def _same_names(count: int) -> list[int]:
    made = Person.objects.bulk_create(
        [Person(full_name=SAME, search_text=fold(SAME)) for _ in range(count)]
    )
    return sorted(p.pk for p in made)


def _page_sql(queries) -> str:  # noqa: ANN001
    """The query that read the page's persons (the one with a LIMIT over core_person)."""
    rows = [
        q["sql"]
        for q in queries
        if 'FROM "core_person"' in q["sql"] and "LIMIT" in q["sql"] and "COUNT" not in q["sql"]
    ]
    assert rows, [q["sql"] for q in queries]
    return rows[-1]


def _list_page(client, **params) -> tuple[list[int], str]:  # noqa: ANN001, ANN003
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PERSON.url("list"), params)
    assert response.status_code == 200
    shown = [row.record.pk for row in response.context["table"].page.object_list]
    return shown, _page_sql(queries)


def _api_page(client, page: int) -> tuple[list[int], str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/core/persons/", {"page": page})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]], _page_sql(queries)


def test_the_key_follows_the_order_in_the_direction_of_its_last_term() -> None:
    def order(qs) -> list[str]:  # noqa: ANN001
        return [str(term) for term in paging.stable(qs).query.order_by]

    assert order(Person.objects.order_by("full_name"))[-1] == "pk"
    assert order(Person.objects.order_by("-full_name"))[-1] == "-pk"
    assert order(Person.objects.order_by("sex", "-birth_date"))[-1] == "-pk"
    # the model's own order, when the queryset names none
    assert order(OutboundDelegation.objects.all())[-2:] == ["title", "pk"]
    # an order that holds the key already is kept as it is
    assert order(Person.objects.order_by("full_name", "-id")) == ["full_name", "-id"]
    assert order(Person.objects.order_by("-pk")) == ["-pk"]


@pytest.mark.parametrize("sort", [None, "full_name", "-full_name"])
def test_list_pages_of_tied_names_show_each_person_once(client_as, sort) -> None:  # noqa: ANN001
    made = _same_names(30)  # two pages of 25 under one name
    client = client_as(R.ADMIN)
    params = {"sort": sort} if sort else {}
    first, sql = _list_page(client, **params)
    second, _ = _list_page(client, page=2, **params)
    assert '"core_person"."id"' in sql.split("ORDER BY")[-1], sql
    assert len(first) == 25 and len(second) == 5
    assert sorted(first + second) == made
    expected = made if sort != "-full_name" else made[::-1]  # ties by key, in the sort's way
    assert first + second == expected


def test_api_pages_of_tied_names_show_each_person_once(client_as) -> None:  # noqa: ANN001
    made = _same_names(60)  # two pages of 50
    client = client_as(R.ADMIN)
    first, sql = _api_page(client, 1)
    second, _ = _api_page(client, 2)
    assert '"core_person"."id"' in sql.split("ORDER BY")[-1], sql
    assert first + second == made


def test_a_deep_page_keeps_the_order_of_the_first_pages(client_as, monkeypatch) -> None:  # noqa: ANN001
    made = _same_names(60)
    client = client_as(R.ADMIN)
    shallow = _list_page(client, page=2)[0] + _list_page(client, page=3)[0]
    monkeypatch.setattr(paging, "DEEP_OFFSET", 1)  # pages 2 and 3 read as deep pages
    deep = _list_page(client, page=2)[0] + _list_page(client, page=3)[0]
    assert shallow == deep == made[25:]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize(
    "qs",
    [
        pytest.param(lambda: Person.objects.all(), id="persons"),
        pytest.param(lambda: OutboundDelegation.objects.all(), id="outbound"),
        pytest.param(lambda: InboundDelegation.objects.all(), id="inbound"),
    ],
)
def test_a_deep_page_of_a_big_table_walks_one_index_without_a_sort(qs) -> None:  # noqa: ANN001
    """The keys of page 500 come from one index in the page's order: no sort of a million
    rows, nor an incremental sort of each name's ties (the key is the index's last column)."""
    keys = paging.stable(qs()).values_list("pk", flat=True)[12_475:12_500]
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        # whether an index serves the order: a tiny table's cheapest plan may read another
        # index and sort its few rows, so every plan but an ordered index walk is priced out
        # (a Sort left in the plan means no index gives the order)
        for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan, plan
    assert "Index" in plan, plan


def test_persons_filtered_by_sex_are_paged_from_one_index_without_a_sort() -> None:
    """The list's order within one sex is an index (sex, collated name, key): a page never
    walks the name index past the other sex's names (26–30 ms at a million persons)."""
    _same_names(3)
    page = paging.stable(Person.objects.filter(sex="F"))[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "person_sex" in plan and "TEMP B-TREE" not in plan, plan
        else:  # priced out as above: only an ordered index walk is left without a Sort
            # the table's size known: never analyzed, both ordered indexes were priced alike
            # (one row each) and the planner's pick between them varied by run
            cursor.execute("ANALYZE core_person")
            for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
                cursor.execute(f"SET LOCAL enable_{setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "person_sex" in plan and "Sort" not in plan, plan
