"""The SQLite planner's statistics kept whole after a migration.

SQLite plans from ``sqlite_stat1``, written by ``ANALYZE``. A migration that adds an index to
an analysed table leaves that index without a row, and the planner then assumes the default
for it (about ten rows per value) beside the measured figures of the others: after
``outbound_agency_status`` was added, the outbound delegations sorted by title were read by
scanning the agencies and sorting every delegation (2.2–3.2 s at 101,436 delegations) instead
of walking the title's index (a page: 25 rows). After every ``migrate`` the indexes of analysed
tables that have no statistics are analysed, each alone (one read of that index). A database
never analysed keeps the planner's defaults throughout; PostgreSQL's autovacuum analyses by
itself."""

from __future__ import annotations

from django.db import connections


def analyse_new_indexes(using: str = "default") -> list[str]:
    """Analyse the indexes of analysed tables that have no statistics yet; their names."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL "
            "AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1) "
            "AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)"
        )
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            cursor.execute(f'ANALYZE "{name}"')
    return names
