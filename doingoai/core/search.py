"""Global search over every registered record type, insensitive to case and diacritics
(including đ/Đ), ranked: title starts with the query, then contains it, then the rest."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from doingoai.core.collation import sort_key
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
    """Search every type ``user`` may see; at most ``per_type`` hits from each type."""
    tokens = search_tokens(query)
    if not tokens:
        return []
    phrase = fold(query)
    hits: list[SearchHit] = []
    for rt in registry.all():
        if not rt.searchable or not rt.can(user, "view"):
            continue
        qs = (
            rt.visible_to(user)
            .search(query)
            .annotate(
                _rank=Case(
                    When(search_text__startswith=phrase, then=Value(0)),
                    When(search_text__contains=phrase, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("_rank", *(rt.ordering or rt.model._meta.ordering or ["pk"]))
        )
        for obj in qs[:per_type]:
            hits.append(
                SearchHit(
                    rt.key, str(rt.label), obj.pk, str(obj), rt.url("detail", obj.pk), obj._rank
                )
            )
    hits.sort(key=lambda h: (h.rank, sort_key(h.title)))
    return hits[:limit]


def ensure_search_indexes() -> list[str]:
    """On PostgreSQL, a GIN trigram index on every registered type's ``search_text`` so that
    the search box's ``LIKE '%…%'`` stays fast at a million rows. Idempotent; a no-op on SQLite
    (whose folded column is scanned, measured in bench/)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    created = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for rt in registry.all():
            table = rt.model._meta.db_table
            name = f"{table[:40]}_search_trgm"
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                "USING gin (search_text gin_trgm_ops)"
            )
            created.append(name)
    return created
