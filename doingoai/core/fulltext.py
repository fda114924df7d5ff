"""Index-served search over the folded ``search_text`` of every record type.

- SQLite: an FTS5 table per type with the ``trigram`` tokenizer (substring matching, as the
  search box's ``contains`` wants), kept by triggers on the type's table
  (``<table>_fts``). :func:`narrow` restricts a search to the rows the index finds for the
  query's tokens of three letters or more (a trigram index matches them exactly as
  substrings); shorter tokens keep their filter (:func:`word_start`) on that small set.
- PostgreSQL: a GIN trigram index on ``search_text`` serves ``LIKE '%…%'`` itself.
- Both: a b-tree index on the first :data:`HEAD` characters of ``search_text``
  (``<table>_search_head``): the title is the first search field, so the records whose title
  starts with a phrase are a range of it (:func:`starts_with`), read without matching and
  ranking every record that contains the words.

A token shorter than three letters (:data:`SHORT`) is no substring a trigram index can find,
and as a substring it matches nearly everything ("a") or nonsense ("uc", Úc, inside "duc" and
"cuc"): it matches the start of a word (:func:`word_start`). On SQLite a two-letter one is found
by the trigram of a space and its letters, or by the head index at the text's start; a
one-letter one, when few rows hold a word starting with it, by the word index (an FTS5 table of
the folded text's words with a one-letter prefix index, ``<table>_words``: :func:`narrow`).

:func:`ensure` creates what is missing after every ``migrate`` (idempotent; a new type gets its
index at its first migrate)."""

from __future__ import annotations

from django.db import connection, connections, models
from django.db.models import BooleanField, F, Func, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from doingoai.core.kept import Kept

_known: dict[tuple[str, str], bool] = {}

#: Tokens shorter than this match the start of a word (:func:`word_start`), not any substring.
SHORT = 3
#: How many first characters of ``search_text`` the head index holds.
HEAD = 64


class Head(Func):
    """The first :data:`HEAD` characters of ``search_text``, written as the head index's
    expression (literal arguments: SQLite uses an expression index only for the same
    expression, never with bound parameters), in the "C" collation on PostgreSQL (code point
    order, so that a range is a prefix whatever the database's collation)."""

    template = f"SUBSTR(%(expressions)s, 1, {HEAD})"
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__("search_text")

    def as_postgresql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        sql, params = self.as_sql(compiler, connection, **extra)
        return f'({sql}) COLLATE "C"', params


def head_index(model: type[models.Model]) -> str:
    return f"{model._meta.db_table[:40]}_search_head"


def starts_with(phrase: str) -> Q:
    """Records whose folded search text starts with ``phrase`` (folded): a range of the head
    index (the same answers as ``search_text__startswith``)."""
    head = phrase[:HEAD]
    after = head[:-1] + chr(ord(head[-1]) + 1)
    condition = Q(GreaterThanOrEqual(Head(), head)) & Q(LessThan(Head(), after))
    if len(phrase) > HEAD:
        condition &= Q(search_text__startswith=phrase)
    return condition


class WordStart(Func):
    """A word of the folded ``search_text`` starts with ``token`` (a condition). On SQLite the
    plain ``contains`` goes first: no index serves one letter there, and it rejects a row
    cheaply, where ``LIKE '% z%'`` tries every space (a rare letter over a million persons:
    140 ms with it, 360 without). On PostgreSQL it is left out: the trigram index serves
    ``LIKE '% so%'`` and ``LIKE 'so%'`` themselves (a word's start is a trigram of its own),
    while a two-letter ``contains`` gives it nothing, yet made the planner intersect the other
    words' bitmaps and recheck every row holding them ("Sở Ngoại vụ" over 50,000
    publications that all say "đối ngoại": 38 ms; by the word starts: 0.4 ms)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, token: str) -> None:
        super().__init__(F("search_text"))
        self.token = token

    def as_sql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        column, params = compiler.compile(self.source_expressions[0])
        sql, likes = _word_start_sql(column, self.token, connection.vendor == "postgresql")
        return f"({sql})", [*params, *likes]


def _word_start_sql(column: str, token: str, postgres: bool) -> tuple[str, list[str]]:
    """The ``LIKE`` conditions of :class:`WordStart` over ``column`` (also the global
    search's probe, in raw SQL)."""
    escaped = _escaped(token)
    like = f"{column} LIKE %s ESCAPE '\\'"
    starts = f"({like} OR {like})"
    if postgres:
        return starts, [f"{escaped}%", f"% {escaped}%"]
    return f"{like} AND {starts}", [f"%{escaped}%", f"{escaped}%", f"% {escaped}%"]


def word_start(token: str) -> Q:
    """A short token's meaning: a word of the folded text starts with it (:class:`WordStart`;
    the same rows as ``contains`` and (``startswith`` or ``contains(" " + token)``))."""
    return Q(WordStart(token))


class IndexRows(RawSQL):
    """The keys an index finds for a search (``pk IN (…)``, added by :func:`narrow`); marked
    so that a page or a count served otherwise can leave them out (:func:`unnarrowed`).
    ``exact``: each key once, exactly the rows holding every token (a count of the list may
    be read from the index alone)."""

    def __init__(self, sql: str, params: list, exact: bool) -> None:
        super().__init__(sql, params)
        self.exact = exact


def _fts_rows(table: str, expression: str) -> IndexRows:
    return IndexRows(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', [expression], True)


def _is_index_rows(condition: object) -> bool:
    from django.db.models.lookups import In

    return isinstance(condition, In) and isinstance(condition.rhs, IndexRows)


def _index_conditions(qs: models.QuerySet) -> tuple[list, list] | None:
    """(the conditions :func:`narrow` added, the others) of ``qs``'s WHERE, or None when it is
    not a plain AND of conditions."""
    from django.db.models.sql.where import AND

    where = qs.query.where
    if where.connector != AND or where.negated:
        return None
    found = [c for c in where.children if _is_index_rows(c)]
    return found, [c for c in where.children if not _is_index_rows(c)]


def unnarrowed(qs: models.QuerySet) -> models.QuerySet:
    """``qs`` without the index's ``pk IN (…)`` (its other conditions, order and annotations
    kept). On SQLite that list is built whole before the first row is read (~30 ms for the
    19,000 persons named "nguyen van" of a million): a page read by another index, whose rows
    then hold the words anyway, does without it."""
    parts = _index_conditions(qs)
    if not parts or not parts[0]:
        return qs
    clone = qs.all()
    clone.query.where.children = [c for c in clone.query.where.children if not _is_index_rows(c)]
    return clone


def index_count(qs: models.QuerySet, cap: int) -> int | None:
    """The rows of ``qs``, counted up to ``cap`` in the full-text index alone, when the index's
    condition is its only one (an unscoped, unfiltered search: the search box's usual case);
    else None. The same count as the list's (the index is kept by triggers), without reading
    a row of the table: 3 ms where the list's own count read 10,000 rows in 59."""
    parts = _index_conditions(qs)
    if not parts or len(parts[0]) != 1 or parts[1] or qs.query.distinct:
        return None
    rows = parts[0][0].rhs
    if not rows.exact:
        return None
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({rows.sql} LIMIT %s)", [*rows.params, cap])
        return cursor.fetchone()[0]


def contains_phrase(qs: models.QuerySet, phrase: str) -> models.QuerySet:
    """``qs``'s rows whose folded text contains ``phrase`` (folded): by the full-text index
    (SQLite: a quoted trigram string is a substring, spaces included) or the trigram index's
    ``LIKE`` (PostgreSQL)."""
    if len(phrase) >= SHORT and has_fts(qs.model, qs.db):
        quoted = '"' + phrase.replace('"', '""') + '"'
        return qs.filter(pk__in=_fts_rows(fts_table(qs.model), quoted))
    return qs.filter(search_text__contains=phrase)


#: A first tier's keys read without an order (see :func:`first_tier`).
FIRST_TIER_KEYS = 500


def first_tier(qs: models.QuerySet, phrase: str, bottom: int, top: int) -> list:
    """The keys ``bottom:top``, newest first, of ``qs``'s rows whose folded text starts with
    ``phrase`` (the best tier of a ranked search): a range of the head index, never a match
    and rank of every row holding the words (a common name: 19,000 persons of a million,
    125 ms). Fewer when the tier holds fewer. Its keys are read without an order first: asked
    for "newest first", a planner may walk the primary key backwards through a million rows
    to find the few titles starting with a rare phrase; a common one (the range holds
    :data:`FIRST_TIER_KEYS` or more) is found at once by that walk."""
    tier = qs.order_by().filter(starts_with(phrase))
    keys = list(tier.values_list("pk", flat=True)[:FIRST_TIER_KEYS])
    if len(keys) >= FIRST_TIER_KEYS:
        return list(tier.order_by("-pk").values_list("pk", flat=True)[bottom:top])
    return sorted(keys, reverse=True)[bottom:top]


def fts_table(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}_fts"


def _has_integer_pk(model: type[models.Model]) -> bool:
    return model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField")


def words_table(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}_words"


def has_fts(model: type[models.Model], using: str = "default", table: str = "") -> bool:
    """The type's trigram index (or, given, another of its full-text tables) exists."""
    conn = connections[using]
    if conn.vendor != "sqlite" or not _has_integer_pk(model):
        return False
    key = (str(conn.settings_dict["NAME"]), table or fts_table(model))
    if key not in _known:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [key[1]]
            )
            _known[key] = cursor.fetchone() is not None
    return _known[key]


def match_expression(tokens: list[str]) -> str | None:
    """The FTS5 query for the tokens the trigram index can serve (three letters or more)."""
    usable = [t for t in tokens if len(t) >= SHORT]
    if not usable:
        return None
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in usable)


def narrow(qs: models.QuerySet, tokens: list[str]) -> tuple[models.QuerySet, set[str]]:
    """``qs`` restricted to the rows the full-text index finds (SQLite), else unchanged; and
    the tokens the index matched exactly. A trigram index matches a token of three letters or
    more as a substring of the folded text, which is what ``contains`` asks: those tokens need
    no ``LIKE`` over the rows found (it read every matching row: the count of a common name
    over a million persons took 81 ms with it, 46 without). Without such a token, a
    two-letter one is found at a word's start by the trigram of a space and its letters, or
    at the text's start by the head index; a one-letter one that starts words of few rows, by
    the word index (:func:`_few_word_rows`)."""
    if not tokens or not has_fts(qs.model, qs.db):
        return qs, set()
    table = fts_table(qs.model)
    expression = match_expression(tokens)
    if expression is not None:
        narrowed = qs.filter(pk__in=_fts_rows(table, expression))
        return narrowed, {t for t in tokens if len(t) >= SHORT}
    pairs = {t for t in tokens if len(t) == 2}
    for token in sorted(pairs):
        qs = qs.filter(pk__in=_word_start_rows(qs.model, token))
    for token in sorted({t for t in tokens if len(t) == 1 and t.isalnum()}):
        rows = _few_word_rows(qs.model, qs.db, token)
        if rows is not None:
            qs = qs.filter(pk__in=rows)
    return qs, pairs


#: A one-letter token whose words start fewer rows than this is found by the word index (the
#: list of their keys, walked newest first); more, by walking the table newest first, which
#: then finds a page of them early.
WORD_LIST_CAP = 5_000


def _few_word_rows(model: type[models.Model], using: str, letter: str) -> IndexRows | None:
    """The keys of the rows holding a word that starts with ``letter`` (SQLite), from the word
    index, when fewer than :data:`WORD_LIST_CAP`; else None. A superset: the index splits
    words at punctuation too ("bui-an"), so the start-of-word filter still decides. Without
    it, a page of a letter that no newer row holds walked every newer row: "?q=a" read the
    100,000 consular cases of the stress data, none with a word starting with "a" (33 ms;
    the realistic data's page, 14)."""
    words = words_table(model)
    if not has_fts(model, using, words):
        return None
    expression = '"' + letter + '"*'
    with connections[using].cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM (SELECT 1 FROM "{words}" WHERE "{words}" MATCH %s LIMIT %s)',
            [expression, WORD_LIST_CAP],
        )
        if cursor.fetchone()[0] >= WORD_LIST_CAP:
            return None
    return IndexRows(f'SELECT rowid FROM "{words}" WHERE "{words}" MATCH %s', [expression], False)


def _word_start_rows(model: type[models.Model], token: str) -> IndexRows:
    """The keys of the rows where a word starts with a two-letter ``token`` (SQLite): the
    trigram of a space and the token, and the text's start from the head index, as one list
    (an ``OR`` of the two read every matching row, 212 ms for "le" in a million persons; the
    list is walked in key order and stops after a page: 43 ms)."""
    table, fts, pk = model._meta.db_table, fts_table(model), model._meta.pk.column
    head = f"substr(search_text, 1, {HEAD})"
    return IndexRows(
        f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s UNION ALL '
        f'SELECT "{pk}" FROM "{table}" WHERE {head} >= %s AND {head} < %s',
        ['" ' + token.replace('"', '""') + '"', token, token[:-1] + chr(ord(token[-1]) + 1)],
        False,
    )


#: Each full-text table of a type on SQLite: its name and its FTS5 options. The trigram
#: index serves substrings of three letters or more (and a space and two letters); the word
#: index, the words of the folded text (split at spaces and punctuation) with a one-letter
#: prefix index, keys only (``detail=none``): the rows where a word starts with one letter.
FTS_TABLES = (
    (fts_table, "tokenize='trigram'"),
    (words_table, "tokenize='unicode61 remove_diacritics 0', prefix='1', detail=none"),
)


def _sqlite_statements(model: type[models.Model], name=fts_table, options: str = "") -> list[str]:  # noqa: ANN001
    table, fts = model._meta.db_table, name(model)
    pk = model._meta.pk.column
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(search_text, '
        f"content='{table}', content_rowid='{pk}', {options or FTS_TABLES[0][1]})",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new."{pk}", new.search_text); END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES (\'delete\', old."{pk}", '
        f"old.search_text); END",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF search_text ON "{table}" '
        f'BEGIN INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES (\'delete\', '
        f'old."{pk}", old.search_text); INSERT INTO "{fts}"(rowid, search_text) '
        f'VALUES (new."{pk}", new.search_text); END',
    ]


def ensure() -> list[str]:
    """Create the missing full-text indexes of every registered type; returns their names."""
    from doingoai.core.registry import registry

    created: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for rt in registry.all():
                table = rt.model._meta.db_table
                name = f"{table[:40]}_search_trgm"
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    "USING gin (search_text gin_trgm_ops)"
                )
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{head_index(rt.model)}" ON "{table}" '
                    f'((substr(search_text, 1, {HEAD}) COLLATE "C"))'
                )
                created += [name, head_index(rt.model)]
            return created
        if connection.vendor != "sqlite":
            return created
        for rt in registry.all():
            model = rt.model
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{head_index(model)}" ON '
                f'"{model._meta.db_table}" (substr(search_text, 1, {HEAD}))'
            )
            created.append(head_index(model))
            if not _has_integer_pk(model):
                continue
            for name, options in FTS_TABLES:
                fts = name(model)
                cursor.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [fts]
                )
                existed = cursor.fetchone() is not None
                for statement in _sqlite_statements(model, name, options):
                    cursor.execute(statement)
                if not existed:
                    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
                created.append(fts)
    _known.clear()
    return created


def _escaped(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _token_condition(token: str, postgres: bool = False) -> tuple[str, list[str]]:
    """``LIKE`` over ``search_text`` with the search's meaning of ``token``: a substring, or
    for a short token the start of a word (as :class:`WordStart`: on PostgreSQL without the
    ``contains`` that kept the trigram index from serving the word's start)."""
    if len(token) >= SHORT:
        return "search_text LIKE %s ESCAPE '\\'", [f"%{_escaped(token)}%"]
    return _word_start_sql("search_text", token, postgres)


#: A table the planner estimates above this many rows is searched without a probe
#: (PostgreSQL, :func:`tables_with_matches`).
PROBE_ROWS = 50_000
#: How long (seconds) a process keeps the planner's estimates of the tables' sizes.
SIZES_SECONDS = 300
_sizes = Kept("big-tables", SIZES_SECONDS)


def _big_tables(conn) -> set[str]:  # noqa: ANN001
    """The tables of more than :data:`PROBE_ROWS` rows by the planner's estimate (one query,
    kept for :data:`SIZES_SECONDS` per process)."""

    def read() -> set[str]:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s "
                "AND relnamespace = 'public'::regnamespace",
                [PROBE_ROWS],
            )
            return {row[0] for row in cursor.fetchall()}

    return _sizes.get((str(conn.settings_dict["NAME"]), conn.settings_dict.get("PORT")), read)


def _sqlite_probe(
    model: type[models.Model], tokens: list[str], expression: str
) -> tuple[str, list]:
    """The condition (``EXISTS`` …) that a row of ``model`` holds every token, on SQLite.

    The index's own rows are walked (one per row of the table, kept by triggers; its
    ``search_text`` is read from the table), stopping at the first that matches: a probe of
    ``pk IN (…)`` built the whole list of matches first (90 ms for "nguyen van" over a million
    persons and half a million members). A two-letter token starts a word: after a space (the
    trigram of the space and its letters, which the index serves) or at the text's start (two
    different ones cannot both start it): one probe for each place, every one led by the
    index, unless the text's start is the narrower (a head range of fewer than
    :data:`HEAD_PROBE` rows is read whole: "vu" starts 50,000 of a million overseas
    Vietnamese; "ngoai" and " so" are in each of 50,000 publications, "Bản tin đối ngoại
    số …"). Asked only by ``LIKE`` over the rows of the longer tokens, a type where these are
    everywhere and the short ones nowhere was read whole: "Sở Ngoại vụ" over the
    publications, 61 ms."""
    fts, table = fts_table(model), model._meta.db_table
    conditions = [_token_condition(t) for t in tokens if len(t) < SHORT]
    like = "".join(f" AND {c}" for c, _p in conditions)
    like_params = [p for _c, ps in conditions for p in ps]
    longer = [_token_condition(t) for t in tokens if len(t) >= SHORT]
    every = "".join(f" AND {c}" for c, _p in longer) + like
    every_params = [p for _c, ps in longer for p in ps] + like_params
    pairs = sorted({t for t in tokens if len(t) == 2})
    head = f"substr(search_text, 1, {HEAD})"
    starts = f"{head} >= %s AND {head} < %s"

    def after_space(words: list[str]) -> str:
        return "".join(' AND " ' + t.replace('"', '""') + '"' for t in words)

    sql = [f'EXISTS (SELECT 1 FROM "{fts}" WHERE "{fts}" MATCH %s{like})']
    params: list = [expression + after_space(pairs), *like_params]
    for token in pairs:
        bounds = [token, token[:-1] + chr(ord(token[-1]) + 1)]
        sql.append(
            f'CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM "{table}" WHERE {starts} '
            f"LIMIT {HEAD_PROBE})) < {HEAD_PROBE} "
            f'THEN EXISTS (SELECT 1 FROM "{table}" WHERE {starts}{every}) '
            f'ELSE EXISTS (SELECT 1 FROM "{fts}" WHERE "{fts}" MATCH %s AND {starts}{like}) END'
        )
        params += [*bounds, *bounds, *every_params]
        params += [expression + after_space([t for t in pairs if t != token]), *bounds]
        params += like_params
    return (sql[0] if len(sql) == 1 else "(" + " OR ".join(sql) + ")"), params


#: A text's start shared by fewer rows than this is read from the table's head index (a
#: probe of a two-letter word at the start of the text), more from the full-text index.
HEAD_PROBE = 500


def tables_with_matches(
    models_: list[type[models.Model]], tokens: list[str], using: str = "default"
) -> set[type[models.Model]]:
    """The models among ``models_`` whose table has a row containing every token (visibility
    aside: a superset of what a user finds), asked in one statement of ``EXISTS`` probes, each
    served by the type's full-text index and stopping at its first row. The global search then
    queries only these types: compiling a query per type for the thirty-odd types that match
    nothing cost more than the search itself. A model whose index cannot answer (SQLite without
    its FTS table, or only tokens shorter than three letters there) is always kept; on SQLite a
    two-letter token is asked of the index as a word's start (:func:`_sqlite_probe`), and
    every short token is checked by ``LIKE`` on the rows found, as the search does."""
    conn = connections[using]
    kept: set[type[models.Model]] = set()
    probes: list[tuple[type[models.Model], str, list[str]]] = []
    big = _big_tables(conn) if conn.vendor == "postgresql" else set()
    for model in models_:
        table = model._meta.db_table
        if conn.vendor == "sqlite":
            expression = match_expression(tokens) if has_fts(model, using) else None
            if expression is None:
                kept.add(model)
                continue
            probes.append((model, *_sqlite_probe(model, tokens, expression)))
        elif table in big:
            # PostgreSQL's probe walks the trigram index as the type's own search then does
            # again (a bitmap is built whole before EXISTS sees a row: 110 ms of 150 for
            # "stress-99999" over half a million members, twice): a big table is searched
            # without it
            kept.add(model)
        else:
            conditions = [_token_condition(t, postgres=True) for t in tokens]
            probes.append(
                (
                    model,
                    f'EXISTS (SELECT 1 FROM "{table}" WHERE '
                    + " AND ".join(c for c, _p in conditions)
                    + ")",
                    [p for _c, ps in conditions for p in ps],
                )
            )
    if not probes:
        return kept
    sql = " UNION ALL ".join(
        f"SELECT {index} WHERE {probe}" for index, (_m, probe, _p) in enumerate(probes)
    )
    params = [p for _m, _probe, ps in probes for p in ps]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        kept.update(probes[row[0]][0] for row in cursor.fetchall())
    return kept
