"""After a migration, SQLite's indexes without statistics on analysed tables are analysed (a
new index beside measured ones made the planner sort 101,436 delegations for a page)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from doingoai.core.dbstats import analyse_new_indexes
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _stat(index: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [index])
        return cursor.fetchall()


def test_a_new_index_of_an_analysed_table_is_analysed_after_migrate() -> None:
    if connection.vendor != "sqlite":
        assert analyse_new_indexes() == []  # PostgreSQL's autovacuum analyses by itself
        return
    PersonFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_person")
        assert _stat("person_full_name_vi")
        # as a migration adding the index leaves it: the table measured, the index not
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = 'person_full_name_vi'")
    assert not _stat("person_full_name_vi")
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate still runs
    assert _stat("person_full_name_vi")
    assert "person_full_name_vi" not in analyse_new_indexes()  # measured: left alone
