"""Counts that do not scan a million rows: an unfiltered big table's count is kept per process
and said to be approximate; filtered and scoped lists are counted exactly while fewer than
BIG_TABLE rows match, approximately past that."""

from __future__ import annotations

import pytest

from doingoai.core import paging
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_big_table(monkeypatch):  # noqa: ANN001, ANN202
    monkeypatch.setattr(paging, "BIG_TABLE", 3)
    paging._counts.clear()
    paging._more_than.clear()
    yield
    paging._counts.clear()
    paging._more_than.clear()


def test_unfiltered_big_table_count_is_kept_and_forgotten_on_write() -> None:
    PersonFactory.create_batch(4)
    assert paging.fast_count(Person.objects.all()) == (4, True)
    Person.objects.bulk_create([Person(full_name="Không qua save")])  # no signal: kept
    assert paging.fast_count(Person.objects.all()) == (4, True)
    PersonFactory()  # a save of the type forgets it
    assert paging.fast_count(Person.objects.all()) == (6, True)


def test_filtered_and_small_tables_are_counted_exactly(monkeypatch) -> None:  # noqa: ANN001
    PersonFactory.create_batch(4)
    assert paging.fast_count(Person.objects.filter(full_name__startswith="@")) == (0, False)
    # The estimate takes the highest id, and PostgreSQL's sequences run on across the
    # suite's rolled-back tests: "small" is set far above any id the suite reaches.
    monkeypatch.setattr(paging, "BIG_TABLE", 10**12)
    assert paging.fast_count(Person.objects.all()) == (4, False)


def test_postgresql_says_a_big_table_by_the_planners_estimate() -> None:
    """PostgreSQL: an unfiltered big table (by ``reltuples``) is said by that estimate, no
    ``COUNT`` at all; a filtered list is still counted exactly. Elsewhere the estimate is 0.
    (Organisations: ``ANALYZE`` outlives the test's transaction, and the other tests here
    count persons.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.core.models import Organisation
    from tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(4)
    if connection.vendor != "postgresql":
        assert paging.planner_rows(Organisation) == 0
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_organisation")
    estimate = paging.planner_rows(Organisation)
    assert estimate >= 4
    with CaptureQueriesContext(connection) as queries:
        assert paging.fast_count(Organisation.objects.all()) == (estimate, True)
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    some = Organisation.objects.filter(name__startswith="@")
    assert paging.fast_count(some) == (0, False)


def test_the_list_and_the_api_say_the_count_is_approximate(client_as) -> None:  # noqa: ANN001
    PersonFactory.create_batch(4, sex="F")  # "?sex=M" keeps fewer than BIG_TABLE: exact
    client = client_as(R.SPECIALIST)
    rt = registry.get("core.person")
    page = client.get(rt.url("list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "khoảng 4 bản ghi" in page
    filtered = client.get(rt.url("list") + "?sex=M", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "khoảng" not in filtered
    data = client.get("/api/v1/core/persons/").json()
    assert data["count"] == 4 and data["count_is_approximate"] is True
    assert "count_is_approximate" not in client.get("/api/v1/core/persons/?sex=M").json()


def test_a_deep_page_shows_the_rows_an_offset_would(monkeypatch, client_as) -> None:  # noqa: ANN001
    """From DEEP_OFFSET rows in, a page reads the keys first, then those rows: the same rows
    in the same order as OFFSET, on the list (25 a page) and in the API (50 a page)."""
    import re

    PersonFactory.create_batch(60)
    monkeypatch.setattr(paging, "BIG_TABLE", 10**12)
    by_id = list(Person.objects.order_by("-pk").values_list("full_name", flat=True))
    client = client_as(R.SPECIALIST)
    url = registry.get("core.person").url("list") + "?page=2&sort=-full_name"

    def rows_on_the_page() -> list[str]:
        html = client.get(url).content.decode()
        return re.findall(r'href="(/core/persons/\d+/)"', html)

    def api_page() -> list[int]:
        return [r["id"] for r in client.get("/api/v1/core/persons/?page=2").json()["results"]]

    by_offset, api_by_offset = rows_on_the_page(), api_page()
    monkeypatch.setattr(paging, "DEEP_OFFSET", 5)
    page = paging.FastCountPaginator(Person.objects.order_by("-pk"), 5).page(2)
    assert [p.full_name for p in page.object_list] == by_id[5:10]
    assert page.has_next() and page.has_previous() and page.paginator.count == 60
    assert len(set(by_offset)) == 25 and rows_on_the_page() == by_offset
    assert len(api_by_offset) == 10 and api_page() == api_by_offset


def test_a_search_lists_best_matches_first_and_stops_counting_past_the_cap(
    monkeypatch,
    client_as,  # noqa: ANN001
) -> None:
    """A search box's results: title starting with the query first, then containing it, then
    the rest, newest first within each; a column sort replaces that order; the count stops
    past SEARCH_COUNT_CAP and says "more than" (API: count_is_approximate)."""
    import re

    monkeypatch.setattr(paging, "BIG_TABLE", 10**12)
    older_start = Person.objects.create(full_name="Hà Văn Sơn")
    middle = Person.objects.create(full_name="Lê Hà Văn")
    newer_start = Person.objects.create(full_name="Hà Văn Tùng")
    rest = Person.objects.create(full_name="Hà Thị Văn")  # both words, not the phrase
    client = client_as(R.SPECIALIST)
    rt = registry.get("core.person")

    def listed(params: str) -> list[int]:
        html = client.get(rt.url("list") + params, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        return [int(pk) for pk in re.findall(r'href="/core/persons/(\d+)/"', html)]

    best_first = [newer_start.pk, older_start.pk, middle.pk, rest.pk]
    assert listed("?q=ha van") == best_first
    api = client.get("/api/v1/core/persons/?q=ha+van").json()
    assert [r["id"] for r in api["results"]] == best_first and api["count"] == 4
    assert "count_is_approximate" not in api
    by_name = listed("?q=ha+van&sort=full_name")
    assert by_name != best_first and set(by_name) == set(best_first)
    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 3)
    page = client.get(rt.url("list") + "?q=ha+van", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "hơn 3 bản ghi" in page
    api = client.get("/api/v1/core/persons/?q=ha+van").json()
    assert api["count"] == 3 and api["count_is_approximate"] is True
    assert len(api["results"]) == 3  # pages stop at the cap too (400 pages of 25 in use)
    exact = client.get(rt.url("list") + "?q=son", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "hơn" not in exact and "1 bản ghi" in exact


def test_a_searched_page_is_read_from_the_first_tier_when_it_fills_it(
    monkeypatch,
    client_as,  # noqa: ANN001
) -> None:
    """A ranked search's pages that titles starting with the query fill are read from the
    head index's range, newest first, without ranking every match (nor, on SQLite, the
    full-text index's list of them): the same rows in the
    same order as the ranked query, with a filter too; a page past the tier is the ranked
    query's. The count of a search with no other condition is read from the index alone."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.core import fulltext

    monkeypatch.setattr(paging, "BIG_TABLE", 10**12)
    starts = [
        Person.objects.create(full_name=f"Nguyễn Văn Tầng {i}", sex="M" if i % 4 else "F")
        for i in range(40)
    ]
    inside = [Person.objects.create(full_name=f"Trần Nguyễn Văn {i}") for i in range(6)]
    Person.objects.create(full_name="Nguyễn Thị Văn")  # both words, not the phrase
    Person.objects.create(full_name="Lê Văn Khác")
    client = client_as(R.SPECIALIST)
    rt = registry.get("core.person")

    def listed(params: str) -> tuple[list[int], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(rt.url("list") + params, HTTP_ACCEPT_LANGUAGE="vi")
        html = response.content.decode()
        found = [int(pk) for pk in re.findall(r'href="/core/persons/(\d+)/"', html)]
        return found, [q["sql"] for q in queries if "core_person" in q["sql"]]

    def ranked(**filters: object) -> list[int]:
        qs = Person.objects.filter(**filters).search("nguyen van").ranked("nguyen van")
        return list(qs.values_list("pk", flat=True))

    sqlite = connection.vendor == "sqlite"  # a full-text index of its own
    expected = ranked()
    assert expected[:40] == sorted((p.pk for p in starts), reverse=True)
    assert set(expected[40:46]) == {p.pk for p in inside}
    first, sql = listed("?q=Nguyễn+Văn")
    assert first == expected[:25]
    assert not any("CASE WHEN" in s and "ORDER BY" in s for s in sql), sql  # no ranking
    if sqlite:
        assert not any("_fts" in s for s in sql if "COUNT" not in s), sql  # no list of matches
        from_index = 'SELECT COUNT(*) FROM (SELECT rowid FROM "core_person_fts"'
        assert any(s.startswith(from_index) for s in sql), sql  # counted in the index
    second, sql = listed("?q=nguyen+van&page=2")  # past the tier (40 titles): ranked
    assert second == expected[25:]
    assert any("CASE WHEN" in s for s in sql)
    men = ranked(sex="M")
    assert len(men) == 30  # the tier alone fills the first page
    filtered, sql = listed("?q=nguyen+van&sex=M")
    assert filtered == men[:25]
    if sqlite:  # filtered: counted in the table, not the index
        assert any("COUNT" in s and '"core_person"."sex"' in s for s in sql), sql
    api = client.get("/api/v1/core/persons/?q=nguyen+van").json()
    assert [r["id"] for r in api["results"]] == expected and api["count"] == len(expected)
    searched = Person.objects.search("nguyen van")
    assert fulltext.index_count(searched, 100) == (len(expected) if sqlite else None)
    assert fulltext.index_count(searched.filter(sex="M"), 100) is None


def test_a_filter_keeping_many_rows_of_a_big_table_is_counted_approximately(
    client_as,  # noqa: ANN001
) -> None:
    """A filter that keeps at least BIG_TABLE rows (persons by sex: half a million at the
    stress scale, 70–80 ms to count on every page) is said approximately: PostgreSQL by the
    planner's estimate (never below the rows read), SQLite by an exact count kept like an
    unfiltered table's and forgotten by a write; a filter keeping fewer is counted exactly,
    reading no more than BIG_TABLE rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonFactory.create_batch(5, sex="F")
    PersonFactory.create_batch(2, sex="M")
    women = Person.objects.filter(sex="F")
    count, approximate = paging.fast_count(women)
    assert approximate and count >= 3
    if connection.vendor == "sqlite":
        assert count == 5
        with CaptureQueriesContext(connection) as queries:
            assert paging.fast_count(women) == (5, True)
        # kept: neither counted nor read again (the rows read to know it cost 5-10 ms)
        assert not [q for q in queries if "COUNT(*)" in q["sql"]]
        PersonFactory(sex="F")  # a save of the type forgets it
        assert paging.fast_count(women) == (6, True)
    assert paging.fast_count(Person.objects.filter(sex="M")) == (2, False)
    client = client_as(R.SPECIALIST)
    rt = registry.get("core.person")
    page = client.get(rt.url("list") + "?sex=F", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "khoảng" in page
    men = client.get(rt.url("list") + "?sex=M", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "khoảng" not in men and "2 bản ghi" in men
    assert client.get("/api/v1/core/persons/?sex=F").json()["count_is_approximate"] is True


def test_a_search_known_to_pass_the_cap_is_not_counted_again(monkeypatch) -> None:  # noqa: ANN001
    """A search box's count stops past SEARCH_COUNT_CAP ("more than"); once a search is
    known to pass it, the next pages do not count it again ("?q=a" read a thousand rows of
    every page it served) until a write of the type forgets it. A search under the cap is
    counted exactly every time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 3)
    PersonFactory.create_batch(5, full_name="Nguyễn Văn An")
    PersonFactory(full_name="Trần Bình")

    def count(query: str) -> tuple[int, bool]:
        paginator = paging.FastCountPaginator(Person.objects.search(query).order_by("-pk"), 2)
        return paginator.count, paginator.more_than

    assert count("an") == (3, True)
    with CaptureQueriesContext(connection) as queries:
        assert count("an") == (3, True)
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    assert count("binh") == (1, False)
    with CaptureQueriesContext(connection) as queries:
        assert count("binh") == (1, False)
    assert [q for q in queries if "COUNT(" in q["sql"]]
    PersonFactory(full_name="Lê An")  # a save of the type forgets it
    with CaptureQueriesContext(connection) as queries:
        assert count("an") == (3, True)
    assert [q for q in queries if "COUNT(" in q["sql"]]


def test_a_tables_size_is_asked_once_per_process_and_forgotten_on_write(client_as) -> None:  # noqa: ANN001
    """The size a list's table and its filters' tables are estimated at (their highest key,
    PostgreSQL's estimate) is kept by the process: a persons' page asked it three times on
    every page. A write of the type in this process forgets it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonFactory.create_batch(2)
    client = client_as(R.SPECIALIST)
    url = registry.get("core.person").url("list")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    asked = [q["sql"] for q in queries.captured_queries if "MAX(" in q["sql"]]
    asked += [q["sql"] for q in queries.captured_queries if "reltuples" in q["sql"]]
    assert asked == []
    PersonFactory.create()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert any("MAX(" in q["sql"] and '"core_person"' in q["sql"] for q in queries.captured_queries)
