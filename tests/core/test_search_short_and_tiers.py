"""Search at stress: a token shorter than three letters matches the start of a word and a
query of such tokens lists newest first, served by an index where one can (SQLite: the
trigram of a space and two letters, the head index; PostgreSQL: the trigram index); the
global search reads the titles starting with the query from the head index and falls to the
ranked query only when they are fewer than a type's ten, with the same hits as before."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import fulltext
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from doingoai.core.search import global_search, later_tiers
from doingoai.core.text import fold

pytestmark = pytest.mark.django_db


def _people(*names: str) -> list[Person]:
    """Bulk-created (the FTS triggers and indexes follow inserts), in this order of keys."""
    return Person.objects.bulk_create(
        [Person(full_name=name, search_text=fold(name)) for name in names]
    )


def _plan(qs, bitmap_only: bool = False) -> str:  # noqa: ANN001
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan a big table gets
        if bitmap_only:  # only an index with a condition on the text can serve it
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return " ".join(row[0] for row in cursor.fetchall())


def test_short_tokens_match_the_start_of_a_word() -> None:
    _people(
        "Đoàn công tác tại Úc",
        "Cục Lãnh sự",  # "uc" inside a word: not Úc
        "Trần Đức Anh",
        "Úc Châu Ltd",  # at the text's start
        "Lê Văn Lợi",
        "Hà Lê",
        "Alê Xăng",  # "le" inside a word
        "Sở Ngoại vụ",
        "Hòa Bình Iso",  # "so" inside a word: not Sở
    )

    def names(query: str) -> set[str]:
        return set(Person.objects.search(query).values_list("full_name", flat=True))

    assert names("úc") == {"Đoàn công tác tại Úc", "Úc Châu Ltd"}
    assert names("le") == {"Lê Văn Lợi", "Hà Lê"}
    assert names("sở") == {"Sở Ngoại vụ"}
    assert names("l v") == {"Lê Văn Lợi"}
    assert names("a") == {"Trần Đức Anh", "Alê Xăng"}
    assert names("le van") == {"Lê Văn Lợi"}  # with a longer token: narrowed by it
    assert names("xy") == set()
    for query in ("uc", "le", "so", "l v", "a", "le van", "xy", "a%", "c_"):
        plain = Person.objects.all()
        for token in query.split():
            if len(token) < fulltext.SHORT:
                plain = plain.filter(fulltext.word_start(token))
            else:
                plain = plain.filter(search_text__contains=token)
        assert names(query) == set(plain.values_list("full_name", flat=True)), query


def test_a_query_of_short_tokens_is_listed_newest_first_with_bounded_queries(
    client_as,  # noqa: ANN001
) -> None:
    client = client_as(R.SPECIALIST)
    url = registry.get("core.person").url("list")

    def listed() -> tuple[list[int], int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url + "?q=a", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        return [int(pk) for pk in re.findall(r'href="/core/persons/(\d+)/"', html)], len(queries)

    first = _people(*(f"An Văn {i}" for i in range(15)), "Bình Minh", "Nhân Văn Anh")
    assert Person.objects.search("a").ranked("a").query.order_by == ("-pk",)
    listed()  # warm (session, permissions, kept choices)
    keys, few = listed()
    matching = sorted((p.pk for p in first if p.full_name != "Bình Minh"), reverse=True)
    assert keys == matching  # newest first, not title-first ranked (no index serves that)
    _people(*(f"Anh Thư {i}" for i in range(40)))
    listed()
    keys, many = listed()
    assert len(keys) == 25 and keys == sorted(keys, reverse=True)
    assert many == few


def test_short_tokens_are_served_by_an_index() -> None:
    _people("Lê Văn Lợi", "Hà Lê", "Bùi An")
    if connection.vendor == "sqlite":
        plan = _plan(Person.objects.search("le").ranked("le").values("pk")[:25])
        assert "core_person_fts" in plan and "core_person_search_head" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # the key list is walked newest first
        plan = _plan(Person.objects.search("a").ranked("a").values("pk")[:25])
        assert "TEMP B-TREE" not in plan, plan  # one letter: the key's order, stops early
    else:
        # two letters: "% le%" and "le%" hold the trigrams of a word's start ("  l", " le");
        # without the list's order (an index on the name would serve that order, and a
        # planner that thinks the table holds one row takes it: seen in the full suite).
        # One letter has no trigram to look up: no plan is asserted for it.
        plan = _plan(Person.objects.search("le").order_by().values("pk"), bitmap_only=True)
        assert "search_trgm" in plan, plan


def test_starts_with_is_startswith_served_by_the_head_index() -> None:
    long_title = "Ủy ban nhân dân tỉnh " + "Nghệ An " * 10
    _people("Hà Văn Sơn", "Hà Vân", "Lê Hà Văn", "Hà", "Hàz", "Hb", long_title, long_title + "x")
    for phrase in ("ha van", "ha", "h", "haz", "ha vanz", fold(long_title), fold(long_title)[:70]):
        found = set(Person.objects.filter(fulltext.starts_with(phrase)).values_list("pk"))
        expected = set(Person.objects.filter(search_text__startswith=phrase).values_list("pk"))
        assert found == expected, phrase
    # On PostgreSQL bitmap scans only: a planner that thinks the table holds one row may
    # walk another index and filter (seen in CI); only an index on the head serves a bitmap.
    plan = _plan(
        Person.objects.filter(fulltext.starts_with("ha van")).values("pk"), bitmap_only=True
    )
    assert "core_person_search_head" in plan, plan


def _old_top(user, query: str) -> list[tuple[int, int]]:  # noqa: ANN001
    """The persons' hits as the global search read them before the first tier's shortcut."""
    visible = registry.get("core.person").visible_to(user)
    return list(visible.search(query).ranked(query).values_list("pk", "_rank")[:10])


def test_the_global_search_tiers_give_the_same_top_ten(role_user) -> None:  # noqa: ANN001
    user = role_user(R.READONLY)
    people = []
    for i in range(12):  # more than ten in each tier, their keys interleaved
        people += _people(f"Hà Văn Sơn {i}", f"Lê Hà Văn {i}", f"Hà Thị Văn {i}", f"Bùi {i}")

    def persons(query: str) -> list[tuple[int, int]]:
        return [(h.id, h.rank) for h in global_search(user, query) if h.type == "core.person"]

    def as_ranked(query: str) -> list[tuple[int, int]]:
        hits = persons(query)
        return sorted(hits, key=lambda hit: (hit[1], -hit[0]))

    for query in ("Hà Văn", "ha van", "van", "ha"):
        assert as_ranked(query) == _old_top(user, query) or query == "ha", query
    assert {rank for _pk, rank in persons("Hà Văn")} == {0}
    Person.objects.filter(full_name__startswith="Hà Văn Sơn").exclude(
        full_name__in=["Hà Văn Sơn 1", "Hà Văn Sơn 7", "Hà Văn Sơn 11"]
    ).delete()
    for query in ("Hà Văn", "van"):  # three titles start so: the ranked query completes them
        assert as_ranked(query) == _old_top(user, query), query
    assert [rank for _pk, rank in as_ranked("Hà Văn")] == [0] * 3 + [1] * 7
    # two letters: the titles starting with them first, then the newest words starting so
    short = as_ranked("ha")
    starting = sorted(
        Person.objects.filter(search_text__startswith="ha").values_list("pk", flat=True),
        reverse=True,
    )[:10]
    assert [pk for pk, _rank in short][: len(starting)] == starting


def test_the_first_tier_alone_when_it_fills_the_ten(role_user) -> None:  # noqa: ANN001
    user = role_user(R.READONLY)
    _people(*(f"Nguyễn Văn Thử {i}" for i in range(12)), "Trần Nguyễn Văn")
    global_search(user, "Nguyễn Văn")  # warm
    with CaptureQueriesContext(connection) as queries:
        hits = global_search(user, "Nguyễn Văn")
    persons = [
        q["sql"] for q in queries if '"core_person"' in q["sql"] and "EXISTS" not in q["sql"]
    ]
    assert len(persons) == 2, persons  # the first tier's keys, then the records
    assert "CASE" not in persons[0]  # no rank of every match
    assert [h.rank for h in hits if h.type == "core.person"] == [0] * 10


def test_the_first_tier_is_read_unordered_unless_it_is_common(role_user, monkeypatch) -> None:  # noqa: ANN001
    """A rare query's first tier: its keys read from the head index's range in any order (the
    newest kept in Python); a common one (FIRST_TIER_KEYS or more): newest first by the key."""
    user = role_user(R.READONLY)
    made = _people(*(f"Đặng Văn Hiếm {i}" for i in range(12)))
    newest = sorted((p.pk for p in made), reverse=True)[:10]
    for cap in (500, 5):  # rare: 12 < 500; common: 12 ≥ 5
        monkeypatch.setattr(fulltext, "FIRST_TIER_KEYS", cap)
        with CaptureQueriesContext(connection) as queries:
            hits = [h.id for h in global_search(user, "dang van hiem") if h.type == "core.person"]
        assert sorted(hits, reverse=True) == newest, cap
        persons = [
            q["sql"] for q in queries if '"core_person"' in q["sql"] and "EXISTS" not in q["sql"]
        ]
        assert "ORDER BY" not in persons[0], persons  # the range's keys, in any order
        newest_first = "DESC LIMIT"
        assert any(newest_first in sql for sql in persons) == (cap == 5), persons


def test_later_tiers_give_the_ranked_querys_hits(role_user) -> None:  # noqa: ANN001
    """After the first tier, the global search asks "contains the query" then "every word",
    each newest first: the same hits, with the same ranks, as the ranked query's first ten,
    whichever tiers fill them (short words only keep the ranked query; a short first word
    inside a longer one, "an nguyen" in "Lê Trần Nguyễn", is no hit of "contains")."""
    user = role_user(R.READONLY)
    _people(
        "Nguyễn An Bình",
        "Lê Nguyễn An",
        "Trần Nguyễn An Khang",
        *(f"Nguyễn Văn An {i}" for i in range(6)),
        *(f"Nguyễn Thị Anh {i}" for i in range(5)),
        "Nguyễn Hữu Tân",
        "Phạm Nguyễn Ánh",
        "Tran Khai",
        "An Khánh Nguyễn",
        "Lê Trần Nguyễn",
        "An Nguyễn Hòa",
    )
    visible = registry.get("core.person").visible_to(user)
    for query in ("nguyen an", "Nguyễn An", "nguyen anh", "an nguyen", "an k", "nguyen", "zzz an"):
        phrase = fold(query)
        expected = list(visible.search(query).ranked(query).values_list("pk", "_rank")[:10])
        got = [(h.id, h.rank) for h in global_search(user, query) if h.type == "core.person"]
        assert sorted(got) == sorted(expected), query
        first = {pk for pk, rank in expected if rank == 0}
        tiers = later_tiers(visible, query, phrase, first, 10 - len(first))
        assert tiers == [hit for hit in expected if hit[0] not in first], query


def test_a_one_word_query_asks_no_tier_of_other_matches(role_user) -> None:  # noqa: ANN001
    """A query of one word is its own phrase: every match contains it, so the tier of "the
    words but not the phrase" is empty by definition, and is not asked (PostgreSQL read the
    trigram index's lists for it all the same: 126 ms of members for "stress-99999")."""
    user = role_user(R.READONLY)
    made = _people(*(f"Mã hồ sơ HS-{i:05d}" for i in range(3)), "Trần HS-00001 Bình")
    visible = registry.get("core.person").visible_to(user)
    with CaptureQueriesContext(connection) as queries:
        tiers = later_tiers(visible, "hs-00001", "hs-00001", set(), 10)
    assert sorted(pk for pk, _rank in tiers) == [made[1].pk, made[3].pk]
    assert {rank for _pk, rank in tiers} == {1}
    negated = [q["sql"] for q in queries if "NOT" in q["sql"]]
    assert not negated, negated


def test_a_short_word_is_asked_as_a_word_start_the_index_can_serve() -> None:
    """PostgreSQL's trigram index serves a word's start (``LIKE '% so%'``, ``LIKE 'so%'``)
    but not a two-letter ``contains``, which made the planner recheck every row holding the
    other words ("Sở Ngoại vụ" over 50,000 publications: 38 ms, 0.4 without it). SQLite,
    where no index serves one letter, keeps the ``contains`` first. The same rows either way."""
    from django.db import connection

    from doingoai.core.fulltext import _token_condition, word_start
    from doingoai.core.models import Organisation

    for text in ("so ngoai vu", "huso ngoai", "xa hoi so", "sota", "khac"):
        Organisation.objects.create(name=text, kind="provincial_agency")
    qs = Organisation.objects.filter(word_start("so"))
    _sql, params = qs.query.sql_with_params()
    probe_sql, probe_params = _token_condition("so", postgres=connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        assert "%so%" not in params and "%so%" not in probe_params
        assert {"so%", "% so%"} <= set(params) and {"so%", "% so%"} == set(probe_params)
    else:
        assert "%so%" in params and "%so%" in probe_params
    names = sorted(
        qs.filter(name__in=["so ngoai vu", "huso ngoai", "xa hoi so", "sota", "khac"]).values_list(
            "name", flat=True
        )
    )
    assert names == ["so ngoai vu", "sota", "xa hoi so"]
    assert not Organisation.objects.filter(word_start("so")).filter(name="huso ngoai").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT name FROM "{Organisation._meta.db_table}" WHERE {probe_sql} AND name = %s',
            [*probe_params, "huso ngoai"],
        )
        assert cursor.fetchall() == []


def test_a_worse_tier_is_not_asked_once_the_better_ones_fill_the_results(role_user) -> None:  # noqa: ANN001
    """Hits are ordered by rank before title and cut to the limit: once the titles starting
    with the query and the texts containing it hold that many, no type is asked for its other
    matches (fifteen statements for "Sở Ngoại vụ" at the stress scale), and the results are the
    ones a search that asked every tier keeps."""
    user = role_user(R.READONLY)
    _people(
        *(f"Trần Văn Hàng {i}" for i in range(4)),
        *(f"Lê Trần Văn Hàng {i}" for i in range(4)),
        *(f"Trần Hàng Văn {i}" for i in range(4)),  # every word, not the phrase: rank 2
    )
    complete = global_search(user, "tran van hang", limit=100)
    assert {h.rank for h in complete} == {0, 1, 2}
    for limit, asked in ((8, False), (9, True)):
        with CaptureQueriesContext(connection) as queries:
            hits = global_search(user, "tran van hang", limit=limit)
        assert hits == complete[:limit]
        others = [q["sql"] for q in queries if 'NOT ("core_person"."search_text"' in q["sql"]]
        assert bool(others) == asked, others


def test_a_rare_one_letter_word_start_is_served_by_the_word_index(monkeypatch) -> None:  # noqa: ANN001
    """One letter: the rows holding a word that starts with it, newest first. Found by walking
    the key's index and testing each row, a letter that no newer row holds read every newer
    row (SQLite at stress: "?q=a" over 100,000 consular cases titled "Vụ việc thử tải số …",
    33 ms where the realistic data took 14). SQLite: the word index (FTS5, words of the folded
    text, a one-letter prefix index) lists the rows holding a word that starts with the
    letter when they are few (``WORD_LIST_CAP``); the start-of-word filter still decides
    (the index also splits words at punctuation). Many: the walk, which then stops early."""
    _people("An Khánh", "Lê A", "Bùi-an", "Hà (Anh)", "Trần Văn Á")
    _people(*(f"Nguyễn Văn Thử {i}" for i in range(60)))

    def found(query: str) -> list[int]:
        return list(Person.objects.search(query).ranked(query).values_list("pk", flat=True))

    for query in ("a", "á", "b", "1", "v", "("):
        plain = Person.objects.filter(fulltext.word_start(fold(query))).order_by("-pk")
        assert found(query) == list(plain.values_list("pk", flat=True)), query
    assert {p.full_name for p in Person.objects.search("a")} == {"An Khánh", "Lê A", "Trần Văn Á"}
    if connection.vendor != "sqlite":
        return
    plan = _plan(Person.objects.search("a").ranked("a").values("pk")[:25])
    assert "core_person_words" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # the list of keys walked newest first
    monkeypatch.setattr(fulltext, "WORD_LIST_CAP", 3)  # "v": 60 rows, more than the cap
    plan = _plan(Person.objects.search("v").ranked("v").values("pk")[:25])
    assert "core_person_words" not in plan, plan
    assert found("v") == sorted(
        Person.objects.filter(fulltext.word_start("v")).values_list("pk", flat=True), reverse=True
    )


def test_the_word_index_follows_edits_and_deletions() -> None:
    """The word index is kept by triggers like the trigram index: a record renamed to hold a
    word starting with the letter is found by it, one renamed away or deleted is not. The
    search itself is checked on both databases; the index exists on SQLite only."""
    first, second = _people("Bình Minh", "An Khánh")

    def listed(letter: str) -> set[int]:
        found = {p.pk for p in Person.objects.search(letter)}
        if connection.vendor == "sqlite":
            rows = fulltext._few_word_rows(Person, "default", letter)
            assert rows is not None
            with connection.cursor() as cursor:
                cursor.execute(rows.sql, rows.params)
                assert {row[0] for row in cursor.fetchall()} == found, letter
        return found

    assert listed("a") == {second.pk}
    Person.objects.filter(pk=first.pk).update(search_text=fold("Anh Thư"))
    Person.objects.filter(pk=second.pk).update(search_text=fold("Khánh"))
    assert listed("a") == {first.pk}
    Person.objects.filter(pk=first.pk).delete()
    assert listed("a") == set()
    assert listed("k") == {second.pk}
