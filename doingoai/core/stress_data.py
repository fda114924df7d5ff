"""Core's stress data (registered in ``core.stress``): at ``factor`` 1.0, 5,000 domestic
organisations, 1,000,000 persons and 20,000 legal documents, written by raw bulk inserts
(``COPY`` on PostgreSQL, ``executemany`` on SQLite) with explicit ids, every stored derived
column filled (folded search text). No history rows (stress data is not edited history).
Never imported by a request path."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.db import connection, models, transaction
from django.utils import timezone

from doingoai.core import sortkeys
from doingoai.core.demo import POSITIONS, vietnamese_name
from doingoai.core.stress import StressGenerator, register_stress
from doingoai.core.text import fold as _fold

BATCH = 5000


@lru_cache(maxsize=200_000)
def _fold_part(text: str) -> str:
    return _fold(text)


def fold(text: str) -> str:
    """``core.text.fold`` word by word, cached (the generated texts repeat their words)."""
    return " ".join(_fold_part(word) for word in text.split())


def next_id(model: type[models.Model]) -> int:
    """The first free id of ``model``'s table."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
        return int(cursor.fetchone()[0]) + 1


def bulk_insert(model: type[models.Model], rows: Iterable[dict[str, object]]) -> int:
    """Insert ``rows`` (column name → value; the other columns get their field's default)
    into ``model``'s table in batches; returns how many."""
    fields = list(model._meta.concrete_fields)
    columns = [f.column for f in fields]
    defaults = {
        f.column: (f.get_default() if f.has_default() or not f.null else None) for f in fields
    }
    now = timezone.now()
    defaults.update({"created_at": now, "updated_at": now, "version": 1})

    def tuples():  # noqa: ANN202
        for row in rows:
            yield tuple(row.get(c, defaults[c]) for c in columns)

    table = model._meta.db_table
    cols = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -400000")
            cursor.execute("PRAGMA synchronous = OFF")
    # the type's own indexes are built once after the rows (a sort), not updated per row
    # (on SQLite every collated-index update calls the Python collation ~20 times)
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            editor.remove_index(model, index)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                written = _copy(table, cols, tuples())
            else:
                written = _sqlite_insert(table, cols, columns, tuples())
            # the related names kept for sorting (core.sortkeys), set-based, before the
            # indexes are built
            sortkeys.fill(model, only_missing=True)
            return written
    finally:
        with connection.schema_editor() as editor:
            for index in model._meta.indexes:
                editor.add_index(model, index)


def _copy(table: str, cols: str, rows: Iterable[tuple]) -> int:
    count = 0
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _sqlite_insert(table: str, cols: str, columns: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reset_sequences(*models_: type[models.Model]) -> None:
    """After inserts with explicit ids (PostgreSQL's sequences must move past them)."""
    from django.core.management.color import no_style

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.core.models import Country, LegalDocument, Organisation, Person

    vn = Country.objects.get(code="VN")
    written: dict[str, int] = {}
    labels = {
        "provincial_agency": "Sở",
        "commune": "UBND xã",
        "public_unit": "Trung tâm",
        "enterprise": "Công ty TNHH",
    }
    kinds = list(labels)

    n_orgs = max(20, int(5000 * factor))
    first = next_id(Organisation)
    org_names: dict[int, str] = {}

    def orgs():  # noqa: ANN202
        for i in range(n_orgs):
            kind = kinds[i % len(kinds)]
            name = f"{labels[kind]} {vietnamese_name(rng)[0]} số {first + i}"
            org_names[first + i] = name
            yield {
                "id": first + i,
                "search_text": fold(f"{name} {vn.name_vi}"),  # name, country
                "name": name,
                "kind": kind,
                "country_id": vn.pk,
            }

    written["core.organisation"] = bulk_insert(Organisation, orgs())
    org_ids = list(org_names)

    n_persons = int(1_000_000 * factor)
    first_person = next_id(Person)

    def persons():  # noqa: ANN202
        for i in range(n_persons):
            name, sex = vietnamese_name(rng)
            birth = date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
            position = rng.choice(POSITIONS)
            org = org_ids[rng.randrange(len(org_ids))]
            yield {
                "id": first_person + i,
                "search_text": fold(f"{name} {position} {org_names[org]}"),
                "full_name": name,
                "sex": sex,
                "birth_date": birth,
                "birth_year": birth.year,
                "nationality_id": vn.pk,
                "position": position,
                "organisation_id": org,
            }

    written["core.person"] = bulk_insert(Person, persons())

    n_docs = int(20_000 * factor)
    first_doc = next_id(LegalDocument)
    doc_kinds = ["QĐ", "CV", "BC", "KH", "TB"]

    def documents():  # noqa: ANN202
        start = date(2005, 1, 1)
        for i in range(n_docs):
            kind = doc_kinds[i % len(doc_kinds)]
            number = f"{first_doc + i}/{kind}-UBND"
            summary = f"Văn bản số {number} về công tác đối ngoại"
            issuer = "UBND tỉnh Nghệ An"
            yield {
                "id": first_doc + i,
                "search_text": fold(f"{number} {summary} {issuer}"),
                "number": number,
                "kind": kind,
                "issued_date": start + timedelta(days=rng.randrange(365 * 21)),
                "issuer": issuer,
                "summary": summary,
            }

    written["core.legaldocument"] = bulk_insert(LegalDocument, documents())
    reset_sequences(Organisation, Person, LegalDocument)
    return written


register_stress(StressGenerator("core", 0, generate))
