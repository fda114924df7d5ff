"""Global search over every registered record type, insensitive to case and diacritics
(including đ/Đ), ranked: title starts with the query, then contains it, then the rest.
Served by the full-text indexes of ``core.fulltext`` (FTS5 on SQLite, trigram on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

from doingoai.core.collation import sort_key
from doingoai.core.fulltext import (
    SHORT,
    contains_phrase,
    first_tier,
    tables_with_matches,
    word_start,
)
from doingoai.core.registry import registry
from doingoai.core.text import fold, search_tokens


@dataclass(frozen=True)
class SearchHit:
    """One result of the global search."""

    type: str
    type_label: str
    id: object
    title: str
    url: str
    rank: int


def global_search(user, query: str, limit: int = 50, per_type: int = 10) -> list[SearchHit]:
    """Search every type ``user`` may see; at most ``per_type`` hits from each type.

    Tier by tier over every type (``first_tier``, then ``contains_tier``, then
    ``other_tier``): the hits are ordered by rank before title and cut to ``limit``, so once
    the better tiers hold ``limit`` hits a worse tier cannot add one, and is not asked ("Sở
    Ngoại vụ" at the stress scale: 74 titles contain it, the fifteen statements asking each
    type for the others were not needed)."""
    tokens = search_tokens(query)
    if not tokens:
        return []
    types = [rt for rt in registry.all() if rt.searchable and rt.can(user, "view")]
    matching = tables_with_matches([rt.model for rt in types], tokens)
    phrase = fold(query)
    # the best tier first, newest first within it (a top-N over the matches, never a sort of
    # every match in collated order); the hits are then ordered by rank and Vietnamese title
    # below. Keys and ranks first (a query of two columns: most types match nothing, and
    # compiling a query of every column and its joins cost more than running it), then the
    # records found, for their titles. The first tier (titles starting with the query) is a
    # range of the head index: a common name's persons come from it alone, where ranking
    # matched and read all 19,000 who have both words (125 ms at a million persons;
    # ``fulltext.first_tier``); the later tiers only when it holds fewer.
    visible = {rt.key: rt.visible_to(user) for rt in types if rt.model in matching}
    found = {
        key: [(pk, 0) for pk in first_tier(qs, phrase, 0, per_type)] for key, qs in visible.items()
    }
    for tier in (contains_tier, other_tier):
        if sum(len(hits) for hits in found.values()) >= limit:
            break
        for key, qs in visible.items():
            if len(found[key]) < per_type:
                first = {pk for pk, rank in found[key] if rank == 0}
                found[key] += tier(qs, query, phrase, first, per_type - len(found[key]))
    hits: list[SearchHit] = []
    for rt in types:
        keys = found.get(rt.key)
        if not keys:
            continue
        records = visible[rt.key].in_bulk([pk for pk, _rank in keys])
        for pk, rank in keys:
            if pk in records:
                hits.append(
                    SearchHit(
                        rt.key, str(rt.label), pk, str(records[pk]), rt.url("detail", pk), rank
                    )
                )
    hits.sort(key=lambda h: (h.rank, sort_key(h.title)))
    return hits[:limit]


def _short_words_only(tokens: list[str]) -> bool:
    return not any(len(token) >= SHORT for token in tokens)


def contains_tier(visible, query: str, phrase: str, first: set, wanted: int) -> list:  # noqa: ANN001
    """After the first tier (``first``: every title starting with the query), the next
    ``wanted`` texts containing the query (rank 1), newest first. Ranking every match read and
    sorted all of them: "nguyen an" (no title starts so, no text holds it) ranked 93,000
    persons holding "nguyen" for ten of them (250 ms and more on SQLite); the tiers walk the
    matches newest first and stop after ten (~60 ms). A phrase whose first word is short may
    sit inside a longer word ("so ngoai vu" in "huso ngoai vu"), which the search's
    word-start rule rejects: that word must also start a word somewhere, as the search asks
    ("Sở Ngoại vụ" over 10,000 press visits that all name it: ranked 13 ms, tiers 5). A query
    of short words only keeps the ranked query (no index finds them; it is listed newest
    first), which gives this tier and the next at once."""
    tokens = search_tokens(query)
    if _short_words_only(tokens):
        ranked = visible.search(query).ranked(query).values_list("pk", "_rank")
        return [hit for hit in ranked[: len(first) + wanted] if hit[0] not in first][:wanted]
    inside = contains_phrase(visible, phrase)
    if len(tokens[0]) < SHORT:
        inside = inside.filter(word_start(tokens[0]))
    inside = inside.exclude(pk__in=first).order_by("-pk")
    return [(pk, 1) for pk in inside.values_list("pk", flat=True)[:wanted]]


def other_tier(visible, query: str, phrase: str, first: set, wanted: int) -> list:  # noqa: ANN001
    """The next ``wanted`` matches that do not contain the query as one phrase (rank 2),
    newest first. One word is the phrase itself: every match contains it, no such match
    exists; a query of short words only was answered whole by ``contains_tier``."""
    tokens = search_tokens(query)
    if tokens == [phrase] or _short_words_only(tokens):
        return []
    rest = visible.search(query).exclude(search_text__contains=phrase).order_by("-pk")
    return [(pk, 2) for pk in rest.values_list("pk", flat=True)[:wanted]]


def later_tiers(visible, query: str, phrase: str, first: set, wanted: int) -> list[tuple]:  # noqa: ANN001
    """The hits after the first tier, as (key, rank): ``contains_tier``, then ``other_tier``
    while fewer than ``wanted``."""
    hits = contains_tier(visible, query, phrase, first, wanted)
    if len(hits) < wanted:
        hits += other_tier(visible, query, phrase, first, wanted - len(hits))
    return hits


def ensure_search_indexes() -> list[str]:
    """The full-text indexes that serve the search box at a million rows: a GIN trigram index
    on PostgreSQL, an FTS5 trigram table on SQLite (``core.fulltext``). Idempotent."""
    from doingoai.core import fulltext

    return fulltext.ensure()
