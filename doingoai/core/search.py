"""Global search over every registered record type, insensitive to case and diacritics
(including đ/Đ), ranked: title starts with the query, then contains it, then the rest.
Served by the full-text indexes of ``core.fulltext`` (FTS5 on SQLite, trigram on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

from doingoai.core.collation import sort_key
from doingoai.core.registry import registry
from doingoai.core.text import search_tokens


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
    """Search every type ``user`` may see; at most ``per_type`` hits from each type."""
    tokens = search_tokens(query)
    if not tokens:
        return []
    hits: list[SearchHit] = []
    for rt in registry.all():
        if not rt.searchable or not rt.can(user, "view"):
            continue
        # the best tier first, newest first within it (a top-N over the matches, never a
        # sort of every match in collated order); the hits are then ordered by rank and
        # Vietnamese title below
        qs = rt.visible_to(user).search(query).ranked(query)
        for obj in qs[:per_type]:
            hits.append(
                SearchHit(
                    rt.key, str(rt.label), obj.pk, str(obj), rt.url("detail", obj.pk), obj._rank
                )
            )
    hits.sort(key=lambda h: (h.rank, sort_key(h.title)))
    return hits[:limit]


def ensure_search_indexes() -> list[str]:
    """The full-text indexes that serve the search box at a million rows: a GIN trigram index
    on PostgreSQL, an FTS5 trigram table on SQLite (``core.fulltext``). Idempotent."""
    from doingoai.core import fulltext

    return fulltext.ensure()
