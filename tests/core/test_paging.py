"""Counts that do not scan a million rows: an unfiltered big table's count is kept per process
and said to be approximate; filtered and scoped lists are counted exactly."""

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
    yield
    paging._counts.clear()


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


def test_the_list_and_the_api_say_the_count_is_approximate(client_as) -> None:  # noqa: ANN001
    PersonFactory.create_batch(4)
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
