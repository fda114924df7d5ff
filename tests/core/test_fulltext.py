"""The search box served by an index on both databases (core.fulltext): FTS5 trigram tables
kept by triggers on SQLite, a GIN trigram index on PostgreSQL; same answers as the plain
``contains`` filters, diacritics-insensitive."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import fulltext
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from doingoai.core.search import global_search
from doingoai.core.text import search_tokens

pytestmark = pytest.mark.django_db


def _names(query: str) -> set[str]:
    return set(Person.objects.search(query).values_list("full_name", flat=True))


def test_search_follows_inserts_updates_and_deletes() -> None:
    an = Person.objects.create(full_name="Nguyễn Văn Khải")
    Person.objects.create(full_name="Đặng Thị Hạnh")
    assert _names("nguyen van") == {"Nguyễn Văn Khải"}
    assert _names("Đặng") == {"Đặng Thị Hạnh"}
    assert _names("va kh") == {"Nguyễn Văn Khải"}  # short tokens: the start of a word
    assert _names("an kh") == set()  # not inside one
    an.full_name = "Nguyễn Văn Bình"
    an.save()
    assert _names("khai") == set()
    assert _names("binh") == {"Nguyễn Văn Bình"}
    an.delete()
    assert _names("binh") == set()


def test_the_index_serves_the_query() -> None:
    Person.objects.create(full_name="Hồ Thị Xuân")
    qs = Person.objects.search("ho thi xuan").order_by().values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert fulltext.has_fts(Person)
            assert "core_person_fts" in sql and "MATCH" in sql
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # the plan a big table gets
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "search_trgm" in plan, plan


def test_global_search_ranks_and_stays_bounded(role_user) -> None:  # noqa: ANN001
    user = role_user(R.READONLY)
    Person.objects.bulk_create(
        [
            Person(full_name=f"Nguyễn Văn Thử {i}", search_text=f"nguyen van thu {i}")
            for i in range(40)
        ]
    )
    Person.objects.create(full_name="Trần Nguyễn Văn")
    global_search(user, "Nguyễn Văn")  # warm (permissions, index lookups)
    with CaptureQueriesContext(connection) as few:
        hits = global_search(user, "Nguyễn Văn")
    persons = [h for h in hits if h.type == "core.person"]
    assert len(persons) == 10 and all(h.rank == 0 for h in persons)
    assert "Trần Nguyễn Văn" not in {h.title for h in persons}  # a lower tier
    Person.objects.bulk_create(
        [
            Person(full_name=f"Nguyễn Văn Mới {i}", search_text=f"nguyen van moi {i}")
            for i in range(40)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        global_search(user, "Nguyễn Văn")
    assert len(many) == len(few)


def test_the_index_answers_exactly_what_contains_answers() -> None:
    """On SQLite a token of three letters or more is matched by the trigram index alone (no
    LIKE over the rows found): the answers stay those of the plain ``contains`` filters,
    punctuation, digits and đ included."""
    for name in (
        "Nguyễn Văn Khải",
        "Trần-Đức Anh (Hà Nội)",
        "Lê Văn 2025/QĐ",
        "O'Brien Đoàn",
        "Nguyen Vanessa",
    ):
        Person.objects.create(full_name=name)
    for query in ("van", "duc anh", "(ha noi)", "2025/qd", "o'brien", "doan", "vanes", "an k"):
        plain = Person.objects.all()
        for token in query.split():
            if len(token) < fulltext.SHORT:
                plain = plain.filter(fulltext.word_start(token))
            else:
                plain = plain.filter(search_text__contains=token)
        expected = set(plain.values_list("full_name", flat=True))
        assert _names(query) == expected, query
    sql = str(Person.objects.search("nguyen van").query)
    if fulltext.has_fts(Person):
        assert "LIKE" not in sql.upper() and "MATCH" in sql.upper()
    assert "LIKE" in str(Person.objects.search("an k").query).upper()  # two letters: no index


def test_global_search_asks_only_the_types_that_have_the_words(role_user) -> None:  # noqa: ANN001
    """One statement of index probes says which types hold every word; only those are
    queried, and they are exactly the types whose own search finds something (short tokens,
    punctuation, % and _ included)."""
    from doingoai.core.models import Organisation

    user = role_user(R.READONLY)
    Person.objects.create(full_name="Nguyễn Văn Khải")
    Person.objects.create(full_name="Lê 50%_An")
    Organisation.objects.create(name="Sở Ngoại vụ tỉnh Nghệ An")
    types = [rt.model for rt in registry.all() if rt.searchable]
    for query in ("nguyen van", "so ngoai vu", "an", "ngh an", "50%_an", "50%", "x_an", "zzzq"):
        tokens = search_tokens(query)
        expected = {m for m in types if m._default_manager.search(query).exists()}
        kept = fulltext.tables_with_matches(types, tokens)
        assert kept >= expected, query
        if any(len(t) >= 3 for t in tokens) or connection.vendor == "postgresql":
            # kept without a probe: only a type without an index (e.g. keyed by a code)
            unasked = {m for m in kept - expected if not fulltext.has_fts(m)}
            assert kept - expected == (unasked if connection.vendor == "sqlite" else set()), query
    global_search(user, "zzzq")
    with CaptureQueriesContext(connection) as nothing:
        assert global_search(user, "zzzq") == []
    unindexed = [m for m in types if connection.vendor == "sqlite" and not fulltext.has_fts(m)]
    # the probes, and the types without an index: their tiers (titles starting with the
    # query, texts containing it; a one-word query has no "other matches")
    assert len(nothing) == 1 + 2 * len(unindexed)
    with CaptureQueriesContext(connection) as one_type:
        hits = global_search(user, "Nguyễn Văn Khải")
    assert [h.title for h in hits] == ["Nguyễn Văn Khải"]
    # three words: the probes, three tiers of each type without an index, and the persons'
    # three tiers (fewer than ten in each) and their records
    assert len(one_type) == 1 + 3 * len(unindexed) + 4


def test_big_tables_are_searched_without_a_probe_on_postgresql(role_user, monkeypatch) -> None:  # noqa: ANN001
    """PostgreSQL: a table the planner estimates above PROBE_ROWS is kept without an EXISTS
    probe (the probe walked the trigram index as the search then did again); the hits are
    the same. SQLite probes every type through its full-text index."""
    user = role_user(R.READONLY)
    Person.objects.create(full_name="Nguyễn Văn Khải")
    types = [rt.model for rt in registry.all() if rt.searchable]
    before = [(h.type, h.id) for h in global_search(user, "nguyen van khai")]
    monkeypatch.setattr(fulltext, "PROBE_ROWS", -2)  # every table "big"
    fulltext._sizes.clear()
    with CaptureQueriesContext(connection) as probes:
        kept = fulltext.tables_with_matches(types, search_tokens("nguyen van khai"))
    if connection.vendor == "postgresql":
        assert kept == set(types)
        assert not any("EXISTS" in q["sql"] for q in probes.captured_queries)
    else:
        assert kept == {Person} | {m for m in types if not fulltext.has_fts(m)}
    assert [(h.type, h.id) for h in global_search(user, "nguyen van khai")] == before
    fulltext._sizes.clear()


def test_the_probe_asks_the_index_for_two_letter_words() -> None:
    """ "Sở Ngoại vụ": the probe asks the index for "ngoai" and for words starting with "so"
    and "vu" (after a space: the trigram; at the text's start: the head index), not for
    "ngoai" alone then ``LIKE`` over every row holding it (50,000 publications that all say
    "đối ngoại": 61 ms). The answer stays exact, whichever place the short word has."""
    from doingoai.core.models import Organisation

    if not fulltext.has_fts(Organisation):
        pytest.skip("SQLite's full-text index")
    Organisation.objects.create(name="Sở Ngoại vụ tỉnh Nghệ An")  # "so" starts the text
    Person.objects.create(full_name="Lê Thị Ngoại")  # "le" starts the text
    Person.objects.create(full_name="Ngoại Văn Thành")  # neither short word
    for query, found in (("so ngoai vu", {Organisation}), ("ngoai le", {Person})):
        with CaptureQueriesContext(connection) as probe:
            kept = fulltext.tables_with_matches([Organisation, Person], search_tokens(query))
        assert kept == found, query
        sql = probe.captured_queries[0]["sql"]
        assert "MATCH" in sql and "substr(search_text, 1, 64) >=" in sql
    with CaptureQueriesContext(connection) as probe:
        fulltext.tables_with_matches([Person], search_tokens("so ngoai vu"))
    assert '\'"ngoai" AND " so" AND " vu"\'' in probe.captured_queries[0]["sql"]
