"""Checks shared by the tests of lists sorted by a related record's name kept on the row
(``core.sortkeys.RelatedName``)."""

from __future__ import annotations

from django.db import connection


def assert_sorted_by_kept_name(rt, order_by: str, kept: str, joined: str, index: str) -> None:  # noqa: ANN001
    """The list of ``rt`` sorted by ``order_by`` orders by the kept copy ``kept``, not over a
    join of ``joined``, and on SQLite its first page walks ``index`` without a sort."""
    from doingoai.core.tables import table_for

    table = table_for(rt)(rt.model.objects.all(), order_by=order_by)
    sql = str(table.data.data.query)
    assert kept in sql and joined not in sql.split("ORDER BY")[1]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + str(table.data.data[:25].query))
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert index in plan and "TEMP B-TREE" not in plan
