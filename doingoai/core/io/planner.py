"""The dry run of an import: every row's fate (create, update, unchanged) and every problem
with its row (as Excel numbers it) and column, without writing anything. Re-importing a file
updates, never duplicates; blank cells erase nothing; a masked export's *** keeps the stored
value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext as _

from doingoai.core import field_policy
from doingoai.core.io.adapters import adapter_for
from doingoai.core.io.columns import ID_HEADER, Column, columns_for
from doingoai.core.io.freshness import QueryGuard, plan_basis
from doingoai.core.io.readers import read_rows
from doingoai.core.io.references import CellError, prime_references
from doingoai.core.text import fold

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

#: Rows whose references are resolved together (one query per reference column).
PRIME_CHUNK = 500


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Problem:
    """One problem found in the file: row number (as Excel shows it), column, reason."""

    row: int
    column: str
    message: str
    level: str = "error"


@dataclass
class PlannedRow:
    """What importing one row would do."""

    row: int
    raw: list[Any]
    action: str = "create"
    obj: models.Model | None = None
    m2m: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The dry run's result: every row's fate and every problem."""

    headers: list[str]
    rows: list[PlannedRow]
    file_problems: list[Problem]
    #: what the plan depends on (``freshness.plan_basis``): a commit of the same file reuses
    #: the plan while this and its ``reads`` still hold (``plan_holds``); None: never reused
    basis: tuple | None = None
    reads: PlanReads | None = None

    @property
    def problems(self) -> list[Problem]:
        return [*self.file_problems, *(p for r in self.rows for p in r.errors)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if not any(p.level == "error" for p in r.errors)]

    @property
    def rejected_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if any(p.level == "error" for p in r.errors)]

    def count(self, action: str) -> int:
        return sum(1 for r in self.valid_rows if r.action == action)


@dataclass
class PlanReads:
    """What a plan read of the database (``core.io.freshness``): each reference cell's answer
    by field and cell, and each parsed row's ID cell, key values and the record it matched."""

    references: dict[tuple[str, str], dict[Any, tuple]] = field(default_factory=dict)
    rows: list[tuple[Any, dict[str, Any], tuple]] = field(default_factory=list)


def _answer(f: models.Field, value: Any, cache: dict) -> tuple[Any, tuple]:
    """A reference cell's value and its answer: the records' IDs, or the error's message."""
    try:
        parsed = parse_cell(f, value, cache)
    except CellError as exc:
        return exc, ("error", str(exc))
    ids = tuple(o.pk for o in parsed) if isinstance(parsed, list) else (parsed.pk,)
    return parsed, ("ok", ids)


def _record_state(obj: models.Model | None) -> tuple | None:
    if obj is None:
        return None
    return obj.pk, getattr(obj, "version", None), getattr(obj, "updated_at", None)


def match_headers(rt: RecordType, headers: list[Any]) -> tuple[dict[int, Column], list[Problem]]:
    """Map the file's columns to fields: headers in Vietnamese or English, or field names."""
    from django.utils import translation

    by_fold = {}
    for language in ("en", "vi", None):
        with (
            translation.override(language)
            if language
            else translation.override(translation.get_language())
        ):
            for col in columns_for(rt):
                by_fold[fold(col.header)] = col
                by_fold[fold(col.name)] = col
    mapping: dict[int, Column] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if _is_blank(header):
            continue
        col = by_fold.get(fold(header))
        if col is None:
            problems.append(
                Problem(
                    1, str(header), "Cột không có trong mẫu nhập; cột này sẽ bị bỏ qua.", "warning"
                )
            )
            continue
        if col.name in seen:
            problems.append(
                Problem(1, str(header), "Cột bị lặp lại; chỉ dùng cột đầu tiên.", "warning")
            )
            continue
        seen.add(col.name)
        mapping[index] = col
    if not mapping:
        problems.append(
            Problem(
                1,
                "",
                "Không nhận ra cột nào: dòng 1 phải là dòng tiêu đề của "
                "mẫu nhập (tải mẫu ở trang nhập dữ liệu).",
            )
        )
    return mapping, problems


def _field_values_equal(obj: models.Model, name: str, value: Any) -> bool:
    current = getattr(obj, name)
    return current == value


def _owner_change_problem(rt: RecordType, obj: models.Model, user, creating: bool):  # noqa: ANN001, ANN202
    """(column, message) when a submitting agency's row would move a record to another
    organisation: an agency can never give its record away, on any channel."""
    from doingoai.core import roles as R

    if creating or not rt.owner_field or "__" in rt.owner_field or not R.is_agency_user(user):
        return None
    if getattr(obj, f"{rt.owner_field}_id") == user.organisation_id:
        return None
    setattr(obj, f"{rt.owner_field}_id", user.organisation_id)
    header = str(rt.model._meta.get_field(rt.owner_field).verbose_name)
    return header[:1].upper() + header[1:], _(
        "A submitting agency cannot move its record to another organisation."
    )


def _pk_of(rt: RecordType, value: Any) -> Any:
    """The primary key a cell names, or None when it cannot be one."""
    try:
        return rt.model._meta.pk.to_python(int(value) if isinstance(value, float) else value)
    except ValidationError:
        return None


def _key_of(rt: RecordType, values: dict[str, Any]) -> tuple:
    return tuple(getattr(values[k], "pk", values[k]) for k in rt.import_key)


def _match(rt: RecordType, existing: _Existing, pk_value: Any, values: dict[str, Any]) -> tuple:
    """The record a row names (by ID or by key), as ``_Existing`` found it."""
    if pk_value is not None:
        return ("pk", _record_state(existing.by_pk.get(_pk_of(rt, pk_value))))
    if rt.import_key and all(k in values for k in rt.import_key):
        key = _key_of(rt, values)
        obj = existing.by_key.get(key)
        return ("key", _record_state(obj), obj is None and key in existing.hidden_keys)
    return ("new",)


class _Existing:
    """The records a chunk of rows names (by ID or by the import key), loaded in at most three
    queries per chunk instead of two per row; ``hidden_keys`` are keys of records that exist
    but that the user may not change (another agency's)."""

    def __init__(self, rt: RecordType, visible: models.QuerySet) -> None:
        self.rt = rt
        self.visible = visible
        self.by_pk: dict[Any, models.Model] = {}
        self.by_key: dict[tuple, models.Model] = {}
        self.hidden_keys: set[tuple] = set()
        # only a user who sees part of the records (an agency) can meet a hidden one
        self.scoped = visible.query.where != rt.model._default_manager.all().query.where

    def _stored_key(self, obj: models.Model) -> tuple:
        model = self.rt.model
        return tuple(getattr(obj, model._meta.get_field(k).attname) for k in self.rt.import_key)

    def load(self, chunk: list[tuple[PlannedRow, dict[str, Any], Any]]) -> None:
        rt = self.rt
        pks = {_pk_of(rt, pk) for _p, _v, pk in chunk if pk is not None} - {None}
        # no order: a page's order made PostgreSQL sort (in parallel workers) the estimated
        # matches of 500 names, 24 ms a chunk for none found at a million persons (4 ms)
        found = self.visible.order_by()
        self.by_pk = {obj.pk: obj for obj in found.filter(pk__in=pks)} if pks else {}
        keys = {
            _key_of(rt, values)
            for _p, values, pk in chunk
            if pk is None and rt.import_key and all(k in values for k in rt.import_key)
        }
        self.by_key, self.hidden_keys = {}, set()
        if not keys:
            return
        # one query on the key's first column (indexed, no OR of hundreds of pairs that
        # SQLite would nest past its expression depth); the whole key is matched here
        first = rt.import_key[0]
        wanted = models.Q(**{f"{first}__in": {k[0] for k in keys}})
        for obj in found.filter(wanted):
            stored = self._stored_key(obj)
            if stored in keys:  # of records sharing a key, the oldest, in any order read
                kept = self.by_key.get(stored)
                if kept is None or obj.pk < kept.pk:
                    self.by_key[stored] = obj
        missing = keys - set(self.by_key)
        if missing and self.scoped:
            stored = rt.model._default_manager.filter(wanted).only(*rt.import_key)
            self.hidden_keys = {self._stored_key(obj) for obj in stored} & missing


def parse_cell(f: models.Field, value: Any, cache: dict) -> Any:
    """One cell's Python value for ``f`` (through the field's adapter), or CellError."""
    return adapter_for(f).parse(f, value, cache)


def plan_import(rt: RecordType, data: bytes, user, *, progress=None, name: str = "") -> ImportPlan:  # noqa: ANN001
    """Dry run: parse and validate every row without writing anything. The file is read once
    and each chunk's references are resolved in one query per column. ``progress(phase,
    done, total)`` is told every 100 rows (background jobs show it); ``name`` is the uploaded
    file's name (a ``.csv`` is read as CSV)."""
    basis = plan_basis(rt, data, user, name)
    guard = QueryGuard()
    with connections[rt.model._default_manager.db].execute_wrapper(guard):
        plan = _plan(rt, data, user, progress, name, guard)
    plan.basis = basis if guard.unexpected == 0 else None
    return plan


def _plan(rt: RecordType, data: bytes, user, progress, name: str, guard: QueryGuard) -> ImportPlan:  # noqa: ANN001, C901, PLR0912, PLR0915
    rows = read_rows(data, name)
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    mapping, file_problems = match_headers(rt, rows[0])
    reads = PlanReads()
    plan = ImportPlan(headers=headers, rows=[], file_problems=file_problems, reads=reads)
    if any(p.level == "error" for p in file_problems):
        return plan
    cache: dict = {}
    visible = rt.visible_to(user)
    keys_seen: dict[tuple, int] = {}
    editable = {f.name for f in rt.model._meta.get_fields() if getattr(f, "editable", False)}
    relations = [
        (i, c.field) for i, c in mapping.items() if c.field is not None and c.field.is_relation
    ]
    adapters = {i: adapter_for(c.field) for i, c in mapping.items() if c.field is not None}
    parsed: list[tuple[PlannedRow, dict[str, Any], Any]] = []
    for offset, raw in enumerate(rows[1:], start=2):
        if relations and (offset - 2) % PRIME_CHUNK == 0:
            chunk = rows[offset - 1 : offset - 1 + PRIME_CHUNK]
            guard.allowed = True
            for index, f in relations:
                prime_references(f, (r[index] for r in chunk if index < len(r)), cache)
            guard.allowed = False
        if progress is not None and offset % 100 == 0:
            progress("check", (offset - 1) // 2, len(rows) - 1)
        if all(_is_blank(v) for v in raw):
            continue
        planned = PlannedRow(row=offset, raw=raw)
        plan.rows.append(planned)
        values: dict[str, Any] = {}
        pk_value = None
        for index, col in mapping.items():
            value = raw[index] if index < len(raw) else None
            if _is_blank(value) or (value == field_policy.MASK and col.name in rt.sensitive_fields):
                continue  # blank erases nothing; a masked export's *** keeps the stored value
            if col.field is None:
                pk_value = value
                continue
            if col.field.is_relation:  # what it resolved to is checked again by the commit
                guard.allowed = True
                resolved, answer = _answer(col.field, value, cache)
                guard.allowed = False
                answers = reads.references.setdefault(
                    (col.field.model._meta.label_lower, col.field.name), {}
                )
                answers[value] = answer
                if isinstance(resolved, CellError):
                    planned.errors.append(Problem(offset, col.header, str(resolved)))
                else:
                    values[col.name] = resolved
                continue
            try:
                values[col.name] = adapters[index].parse(col.field, value, cache)
            except CellError as exc:
                planned.errors.append(Problem(offset, col.header, str(exc)))
        parsed.append((planned, values, pk_value))
    existing = _Existing(rt, visible)
    # what each row's checks need of the fields, looked up once for the file
    many_to_many = {f.name for f in rt.model._meta.get_fields() if f.many_to_many}
    relation_names = {f.name for f in rt.model._meta.get_fields() if f.is_relation}
    # the primary key is not checked (a row's record was found by it); the unique checks,
    # a query per row each, only when the type has any beyond it
    not_checked = [
        *(f.name for f in rt.model._meta.fields if f.name not in editable),
        rt.model._meta.pk.name,
    ]
    unique_checks, date_checks = rt.model()._get_unique_checks(exclude=not_checked)
    validate_unique = bool(unique_checks or date_checks)
    for number, (planned, values, pk_value) in enumerate(parsed):
        if number % PRIME_CHUNK == 0:
            guard.allowed = True
            existing.load(parsed[number : number + PRIME_CHUNK])
            guard.allowed = False
        key_values = {k: values[k] for k in rt.import_key if k in values}
        reads.rows.append((pk_value, key_values, _match(rt, existing, pk_value, values)))
        if progress is not None and number % 100 == 0:
            progress("check", (len(rows) - 1 + number) // 2, len(rows) - 1)
        offset = planned.row
        obj = None
        if pk_value is not None:
            obj = existing.by_pk.get(_pk_of(rt, pk_value))
            if obj is None:
                planned.errors.append(
                    Problem(
                        offset, ID_HEADER, f"Không có bản ghi mã “{pk_value}” mà bạn được phép sửa."
                    )
                )
                continue
        elif rt.import_key and all(k in values for k in rt.import_key):
            key = _key_of(rt, values)
            if key in keys_seen:
                planned.errors.append(
                    Problem(
                        offset,
                        ", ".join(
                            str(rt.model._meta.get_field(k).verbose_name) for k in rt.import_key
                        ),
                        f"Trùng với dòng {keys_seen[key]} trong cùng tệp.",
                    )
                )
                continue
            keys_seen[key] = offset
            obj = existing.by_key.get(key)
            if obj is None and key in existing.hidden_keys:
                planned.errors.append(
                    Problem(
                        offset, "", "Bản ghi này đã có nhưng thuộc đơn vị khác; bạn không được sửa."
                    )
                )
                continue
        if planned.errors:
            continue
        creating = obj is None
        if creating:
            obj = rt.model()
            if rt.workflow:
                setattr(obj, rt.workflow.field, rt.workflow.initial)
        plain = {k: v for k, v in values.items() if k not in many_to_many}
        m2m = {k: v for k, v in values.items() if k in many_to_many}
        changed = creating or any(not _field_values_equal(obj, k, v) for k, v in plain.items())
        if not creating and not changed:
            changed = any(
                {o.pk for o in getattr(obj, k).all()} != {o.pk for o in v} for k, v in m2m.items()
            )
        for key, value in plain.items():
            setattr(obj, key, value)
        owner_problem = _owner_change_problem(rt, obj, user, creating)
        if owner_problem:
            planned.errors.append(Problem(offset, owner_problem[0], owner_problem[1]))
        if rt.owner_field and "__" not in rt.owner_field and creating:
            from doingoai.core import roles as R

            if R.is_agency_user(user):
                setattr(obj, f"{rt.owner_field}_id", user.organisation_id)
        # links the file named were found among the records the user may see: checking
        # that they exist again would cost a query per link per row
        resolved = [k for k in plain if k in relation_names]
        try:
            obj.full_clean(exclude=[*not_checked, *resolved], validate_unique=validate_unique)
        except ValidationError as exc:
            header_of = {c.name: c.header for c in mapping.values()}
            for name, messages in exc.message_dict.items():
                column = header_of.get(
                    name,
                    "" if name == "__all__" else str(rt.model._meta.get_field(name).verbose_name),
                )
                for message in messages:
                    planned.errors.append(Problem(offset, column, message))
        planned.obj = obj
        planned.m2m = m2m
        planned.action = "create" if creating else ("update" if changed else "unchanged")
    return plan


def plan_holds(plan: ImportPlan, rt: RecordType, data: bytes, user, name: str = "") -> bool:  # noqa: ANN001
    """Whether ``plan`` (a dry run of ``data``) is still what planning ``data`` now would give:
    the same basis, and its reads done again in bulk give the same answers (every reference
    cell resolves to the same records or fails with the same message, every row matches the
    same record at the same version, or still none)."""
    reads = plan.reads
    if plan.basis is None or reads is None or plan.basis != plan_basis(rt, data, user, name):
        return False
    from django.apps import apps

    for (label, name_), answers in reads.references.items():
        f = apps.get_model(label)._meta.get_field(name_)
        cache: dict = {}
        cells = list(answers)
        for start in range(0, len(cells), PRIME_CHUNK):
            prime_references(f, cells[start : start + PRIME_CHUNK], cache)
        if any(_answer(f, value, cache)[1] != answer for value, answer in answers.items()):
            return False
    existing = _Existing(rt, rt.visible_to(user))
    for start in range(0, len(reads.rows), PRIME_CHUNK):
        chunk = reads.rows[start : start + PRIME_CHUNK]
        existing.load([(None, values, pk_value) for pk_value, values, _m in chunk])  # type: ignore[misc]
        for pk_value, values, matched in chunk:
            if _match(rt, existing, pk_value, values) != matched:
                return False
    return True
