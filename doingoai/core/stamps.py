"""Each table's count of writes (its *stamp*), so that a worker can tell whether what it kept
from a table is still what the table holds, whichever process wrote it.

- **Every write statement** on any connection (``INSERT``, ``UPDATE``, ``DELETE``, whatever
  the path: the ORM, bulk inserts, raw SQL, the job worker) adds one to its table's row in
  ``core_tablestamp`` once it is committed (right away outside a transaction), through a
  cursor of its own. Not inside the writer's transaction: the stamp's row would be locked
  until its commit, and an import of a hundred thousand rows would hold every other write of
  that table. A rolled-back write moves no stamp.
- The same write also moves the table's count in this process at once (``_local``),
  before its commit: what this process keeps is forgotten by its own writes immediately.
- **A request reads the stamps once** (:func:`current`, one statement of every table's row,
  before the page reads its data), and everything it checks is checked against that reading:
  a value read after a later write is only kept with the older stamp, and read again next time.
- The tables a page reads are noted while :func:`noting` is on (``FROM``/``JOIN`` in the SQL:
  the ORM's, raw SQL's and the full-text tables', which stand for the table they index): the
  kept pages (``core.page_cache``) keep them with the page.

Used by ``core.kept.Kept`` (values kept while their tables' stamps are unchanged) and by
``core.page_cache``."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

STAMPS = "core_tablestamp"
#: The stamps' own table is not stamped.
IGNORED = frozenset({STAMPS})
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
_WRITE = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r'\s+"?(\w+)"?',
    re.IGNORECASE,
)
_WRITE_HEADS = ("INSERT", "UPDATE", "DELETE", "REPLAC")

#: This process's writes per table, counted at the statement (before the commit).
_local: dict[str, int] = {}


class _Request(threading.local):
    #: The stamps read by this request (None: not read yet, or outside a request).
    stamps: dict[str, int] | None = None
    in_request: bool = False
    #: The tables read while noting (None: not noting).
    reads: set[str] | None = None
    #: Whether anything was written while noting.
    wrote: bool = False
    #: The write statements of each table while noting.
    written: dict[str, int] | None = None
    #: The writes to be made again each time what was noted is shown (:func:`note_repeatable`).
    repeat: list | None = None


_request = _Request()


def request_started(**kwargs) -> None:  # noqa: ANN003
    """``request_started``: the request reads the stamps afresh, once."""
    _request.stamps = None
    _request.in_request = True


def request_finished(**kwargs) -> None:  # noqa: ANN003
    _request.stamps = None
    _request.in_request = False


def ready(connection) -> bool:  # noqa: ANN001
    """Whether this connection's database has the stamps' table (not before core's migration
    that creates it: a failing statement would abort a PostgreSQL transaction). Asked again
    until it has (a process may migrate, or create a test database, then write)."""
    if getattr(connection, "_doingoai_stamps", False):
        return True
    connection.ensure_connection()  # a request's first statement may be the stamps' reading
    cursor = connection.create_cursor()
    try:
        found = STAMPS in connection.introspection.table_names(cursor)
    finally:
        cursor.close()
    connection._doingoai_stamps = found
    return found


def read(tables: list[str] | None = None) -> dict[str, int]:
    """The stamps in the database now (of ``tables``, or of every table stamped so far)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not ready(connection):
        return {}
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute(f"SELECT name, n FROM {STAMPS}")
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"SELECT name, n FROM {STAMPS} WHERE name IN ({marks})", tables)
        return dict(cursor.fetchall())


def current() -> dict[str, int]:
    """The stamps as this request first read them (read now, once per request; outside a
    request, read each time)."""
    if not _request.in_request:
        return read()
    if _request.stamps is None:
        _request.stamps = read()
    return _request.stamps


def in_transaction() -> bool:
    """Whether the default connection is inside a transaction: what is read there may be its
    own writes, not yet committed and perhaps rolled back, so it is not kept (a test's
    transaction included: a test reads what it wrote)."""
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


def token(tables: tuple[str, ...]) -> tuple:
    """What ``tables`` hold, as this request sees it: their stamps read by the request and
    this process's writes of them since."""
    seen = current()
    return tuple((seen.get(table, 0), _local.get(table, 0)) for table in tables)


def _bump(connection, tables: list[str]) -> None:  # noqa: ANN001
    """One more write on each of ``tables``, through a cursor of its own (the writer's may
    still hold its statement's rows) that is neither logged nor wrapped (query counts and
    this wrapper do not see it)."""
    rows = ", ".join(["(%s, 1)"] * len(tables))
    sql = (
        f"INSERT INTO {STAMPS} (name, n) VALUES {rows} "
        f"ON CONFLICT (name) DO UPDATE SET n = {STAMPS}.n + 1"
    )
    cursor = connection.create_cursor()
    try:
        cursor.execute(sql, tables)
    finally:
        cursor.close()


def _stamp_after_commit(connection, table: str) -> None:  # noqa: ANN001
    """The table's stamp moves once the write is committed (right away outside a
    transaction). A page reads the stamps before its data, so a page rendered between the
    commit and the stamp is only kept with the older stamp, and rendered again after it."""
    pending = connection.__dict__.setdefault("_doingoai_pending", set())
    pending.add(table)

    def flush() -> None:
        tables = sorted(pending)
        pending.clear()
        if tables and ready(connection):
            _bump(connection, tables)

    # every write asks (a savepoint rolled back drops what was asked inside it); the first
    # flush at the commit stamps every table written, the others find nothing to do
    transaction.on_commit(flush, using=connection.alias, robust=True)


def watch(execute, sql, params, many, context):  # noqa: ANN001, ANN201
    """The execute wrapper of every connection: stamps the tables a statement writes, notes
    the tables read while noting."""
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    head = sql[:32].lstrip()[:6].upper()  # not a copy of a long statement per query
    if head.startswith(_WRITE_HEADS):
        match = _WRITE.match(sql)
        changed = head.startswith(("INSERT", "REPLAC")) or context["cursor"].rowcount != 0
        if match and changed and match.group(1) not in IGNORED:
            table = match.group(1)
            connection = context["connection"]
            _request.wrote = True
            if _request.written is not None:
                _request.written[table] = _request.written.get(table, 0) + 1
            _local[table] = _local.get(table, 0) + 1
            if connection.alias == DEFAULT_DB_ALIAS:
                _stamp_after_commit(connection, table)
    elif _request.reads is not None:
        _request.reads.update(_READ.findall(sql))
    return result


@contextmanager
def noting():
    """Notes the tables read (``reads``), whether anything was written (``wrote``), the
    write statements of each table (``written``) and the writes to be made again
    (``repeat``) by what runs inside: yields the notes, complete once the block ends."""
    notes = _Notes()
    _request.reads, _request.wrote, _request.written, _request.repeat = set(), False, {}, []
    try:
        yield notes
    finally:
        notes.reads, notes.wrote = _request.reads or set(), _request.wrote
        notes.written, notes.repeat = _request.written or {}, _request.repeat or []
        _request.reads, _request.wrote, _request.written, _request.repeat = None, False, None, None


def note_repeatable(table: str, write: Callable[[Any], None]) -> None:
    """A write made because something was shown, to be made again each time it is shown
    (the access log's line for a read of sensitive data): ``write(user)`` writes it for
    ``user``, in one statement (a page is kept with such writes only when they are every
    write statement it made). Noted while :func:`noting`, so that a kept page
    (``core.page_cache``) served again makes it for the user it is served to."""
    if _request.repeat is not None:
        _request.repeat.append((table, write))


class _Notes:
    reads: set[str]
    wrote: bool
    written: dict[str, int]
    repeat: list[tuple[str, Callable[[Any], None]]]

    def __init__(self) -> None:
        self.reads, self.wrote, self.written, self.repeat = set(), False, {}, []


def install(sender=None, connection=None, **kwargs) -> None:  # noqa: ANN001
    """``connection_created``: the wrapper on every new connection of the process."""
    if connection is not None and watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)
