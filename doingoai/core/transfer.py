"""Export of filtered lists to XLSX/CSV and import from XLSX: template with a sample row,
a dry run that lists every problem with its row and column, and an all-or-nothing commit
(or, by choice, the valid rows only). Re-importing a file updates, never duplicates; blank
cells erase nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from doingoai.core import field_policy, io_safety, services
from doingoai.core.registry import registry
from doingoai.core.text import fold

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

ID_HEADER = "Mã bản ghi (ID)"
ERROR_HEADER = "Lỗi"
TRUE_WORDS = {"co", "x", "yes", "true", "1", "dung"}
FALSE_WORDS = {"khong", "no", "false", "0", "sai"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (not XLSX, empty, too large ...)."""


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet: a model field and its header."""

    name: str
    header: str
    field: models.Field | None


def columns_for(rt: RecordType) -> list[Column]:
    """The export/import columns: the record's ID, then ``io_fields`` in order."""
    cols = [Column("pk", ID_HEADER, None)]
    for name in rt.get_io_fields():
        f = rt.model._meta.get_field(name)
        cols.append(Column(name, str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:], f))
    return cols


# --- export ---------------------------------------------------------------------------------
def _cell_out(obj: models.Model, col: Column) -> Any:
    if col.field is None:
        return obj.pk
    f = col.field
    if f.many_to_many:
        return "; ".join(str(o) for o in getattr(obj, f.name).all())
    value = getattr(obj, f.name)
    if value is None or value == "":
        return None
    if f.choices:
        return str(getattr(obj, f"get_{f.name}_display")())
    if isinstance(f, models.BooleanField):
        return "Có" if value else "Không"
    if f.is_relation:  # as the app prints it, which an import reads back unambiguously
        return str(value)  # (a document: "150/QĐ-UBND ngày 29/12/2019", not its bare number)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _prefetch_for_export(rt: RecordType, qs: models.QuerySet) -> models.QuerySet:
    rel = [c.name for c in columns_for(rt) if c.field is not None and c.field.is_relation]
    fk = [n for n in rel if not rt.model._meta.get_field(n).many_to_many]
    m2m = [n for n in rel if rt.model._meta.get_field(n).many_to_many]
    if fk:
        qs = qs.select_related(*fk)
    return qs.prefetch_related(*m2m) if m2m else qs


def export_rows(rt: RecordType, qs: models.QuerySet, user=None) -> Iterator[list[Any]]:  # noqa: ANN001
    """The header row, then one row per record; with ``user``, the field policy masks
    what that user may not see."""
    cols = columns_for(rt)
    names = [c.name for c in cols]
    yield [c.header for c in cols]
    for obj in _prefetch_for_export(rt, qs).iterator(chunk_size=2000):
        row = [_cell_out(obj, c) for c in cols]
        if user is not None and hasattr(rt, "export_row"):  # a type's own rule (consent)
            row = rt.export_row(obj, names, row, user)
        yield field_policy.mask_row(rt, user, names, row) if user is not None else row


def export_xlsx(rt: RecordType, qs: models.QuerySet, user=None) -> bytes:  # noqa: ANN001
    """The filtered list as an XLSX workbook, written row by row in openpyxl's write-only
    mode (constant memory whatever the number of records): bold frozen header, dates as
    dd/mm/yyyy, text that looks like a formula kept as text."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(rt.label_plural)[:31])
    ws.freeze_panes = "A2"
    rows = export_rows(rt, qs, user)
    header = []
    for title in next(rows):
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_xlsx_out(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_out(ws, value: Any) -> Any:  # noqa: ANN001
    if isinstance(value, (datetime, date)):
        cell = WriteOnlyCell(ws, value=value)
        timed = isinstance(value, datetime) and (value.hour or value.minute)
        cell.number_format = "DD/MM/YYYY HH:MM" if timed else "DD/MM/YYYY"
        return cell
    return io_safety.xlsx_cell(ws, value)


def export_csv(rt: RecordType, qs: models.QuerySet, user=None) -> Iterable[str]:  # noqa: ANN001
    """The filtered list as CSV (UTF-8 with BOM so that Excel reads Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in export_rows(rt, qs, user):
        writer.writerow(
            [
                v.strftime("%d/%m/%Y")
                if isinstance(v, (date, datetime))
                else io_safety.neutralise_text(v)
                for v in row
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


# --- template -------------------------------------------------------------------------------
def _sample_resolves(f: models.Field, value: Any) -> bool:
    parts = str(value).split(";") if f.many_to_many else [value]
    try:
        for part in parts:
            _resolve_related(f, part, {})
    except CellError:
        return False
    return True


def _sample_reference(f: models.Field) -> str | None:
    """An existing record named as a cell names it (its display, else its ID)."""
    obj = f.related_model._default_manager.first()
    if obj is None:
        return None
    return str(obj) if _sample_resolves(f, str(obj)) else str(obj.pk)


def _sample_value(rt: RecordType, col: Column) -> Any:
    """The sample row's cell: the type's ``import_sample``, else a value of the right kind;
    a reference names a record that exists, so that the sample passes its own dry run."""
    sample = getattr(rt, "import_sample", {}) or {}
    f = col.field
    if col.name in sample:
        value = sample[col.name]
        if f is None or not f.is_relation or value in (None, "") or _sample_resolves(f, value):
            return str(value) if isinstance(value, Promise) else value
        return _sample_reference(f) or value
    if f is None:
        return None
    if f.choices:
        return str(f.choices[0][1])
    if isinstance(f, models.DateField):
        return "01/07/2025"
    if isinstance(f, models.BooleanField):
        return "Có"
    if isinstance(f, (models.IntegerField, models.DecimalField)):
        return 1
    if f.is_relation:
        return _sample_reference(f)
    if isinstance(f, models.EmailField):
        return "vanthu@example.gov.vn"
    if isinstance(f, models.URLField):
        return "https://example.gov.vn"
    return str(f.verbose_name)


def _column_help(col: Column) -> tuple[str, str, str]:
    f = col.field
    if f is None:
        return (col.header, "Không", "Để trống khi thêm mới; giữ nguyên khi sửa bản ghi đã xuất.")
    required = "Có" if not f.blank and not f.has_default() else "Không"
    if f.choices:
        fmt = "Một trong: " + _allowed_text(f)
    elif isinstance(f, models.DateField):
        fmt = "Ngày dạng dd/mm/yyyy, ví dụ 01/07/2025"
    elif isinstance(f, models.BooleanField):
        fmt = "Có / Không"
    elif f.is_relation:
        fmt = _reference_help(f)
        if f.many_to_many:
            fmt = "Nhiều giá trị, cách nhau bằng dấu chấm phẩy (;); mỗi giá trị: " + fmt
    elif isinstance(f, (models.IntegerField, models.DecimalField)):
        fmt = "Số, ví dụ 1.234.567 hoặc 1234,5"
    else:
        fmt = "Văn bản"
    return (col.header, required, fmt)


def _allowed_text(f: models.Field) -> str:
    """The allowed values of a choice column; a long list (currencies) by its first ones."""
    labels = [str(label) for _v, label in f.flatchoices]
    if len(labels) <= 20:
        return "; ".join(labels)
    codes = [str(v) for v, _label in f.flatchoices]
    return f"mã, ví dụ {'; '.join(codes[:6])} ... ({len(codes)} giá trị)"


def _reference_help(f: models.Field) -> str:
    """How to name a record of another type in a cell: its ID, its name (or number) or its
    text as the app prints it, e.g. a document by "150/QĐ-UBND ngày 29/12/2019"."""
    target = registry.for_model(f.related_model)
    model = f.related_model
    lookups = ", ".join(
        str(model._meta.get_field(name).verbose_name)
        for name in target.get_lookup_fields()
        if "__" not in name
    )
    example = model._default_manager.first()
    text = (
        f"{model._meta.verbose_name} đã có trong hệ thống: mã bản ghi (ID), {lookups} hoặc "
        "nội dung như hệ thống hiển thị"
    )
    if example is not None:
        text += f", ví dụ “{example}”"
    return text + ". Khi có nhiều bản ghi trùng tên, ghi mã ID hoặc thêm phần trong ngoặc."


def template_xlsx(rt: RecordType) -> bytes:
    """The import template: the header row, one sample row, and a sheet explaining columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    cols = columns_for(rt)
    ws.append([c.header for c in cols])
    ws.append(io_safety.safe_row(ws, [_sample_value(rt, c) for c in cols]))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = max(14, min(40, len(cell.value) + 4))
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách nhập"])
    for c in cols:
        guide.append(list(_column_help(c)))
    guide.append([])
    guide.append(["Dòng 2 của trang Dữ liệu là dòng mẫu: thay bằng dữ liệu thật hoặc xóa đi."])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading and parsing --------------------------------------------------------------------
def read_sheet(data: bytes) -> list[list[Any]]:
    """The first sheet's rows. Raises ImportFileError with a message for the user."""
    from python_calamine import CalamineWorkbook

    try:
        io_safety.check_spreadsheet(data)  # before any parser sees the bytes
    except io_safety.UnsafeSpreadsheet as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise ImportFileError(
            _("The file cannot be read as an Excel workbook (%(error)s).") % {"error": exc}
        ) from exc
    rows = [list(r) for r in rows]
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    if len(rows) < 1 or all(v in (None, "") for v in rows[0]):
        raise ImportFileError(_("The first row of the sheet must hold the column headers."))
    return rows


class CellError(Exception):
    """A cell's value cannot be read; the message says why, in Vietnamese."""


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(
        f"“{text}” không phải là ngày hợp lệ; hãy nhập dạng dd/mm/yyyy, ví dụ 01/07/2025."
    )


def _parse_number(value: Any, integer: bool) -> int | Decimal:
    """A number as users type it or the app prints it (``core.numbers``, as in forms)."""
    from doingoai.core.numbers import parse_number

    try:
        number = parse_number(value)
    except ValueError as exc:
        raise CellError(f"“{value}” không phải là số.") from exc
    if integer:
        if number != number.to_integral_value():
            raise CellError(f"“{value}” phải là số nguyên.")
        return int(number)
    return number


def _labels(target: RecordType, obj: models.Model) -> list[str]:
    """The texts that name ``obj`` in a cell: how the app prints it, and that text with each
    of its other search fields in brackets ("Nguyễn Đức Trung (Chủ tịch UBND tỉnh)")."""
    from doingoai.core.models.base import _resolve

    shown = str(obj)
    labels = [shown]
    for path in obj.search_fields if hasattr(obj, "search_fields") else ():
        extra = _resolve(obj, path)
        if extra not in (None, "") and str(extra) != shown:
            labels.append(f"{shown} ({extra})")
    return labels


def _distinguishing_label(target: RecordType, obj: models.Model, others: list) -> str:
    """The first label of ``obj`` that none of ``others`` shares."""
    taken = {fold(label) for o in others if o.pk != obj.pk for label in _labels(target, o)}
    for label in _labels(target, obj):
        if fold(label) not in taken:
            return label
    return str(obj)


def _resolve_related(f: models.Field, value: Any, cache: dict) -> Any:
    """A reference cell: the record's ID, its name (lookup fields), or its text as the app
    prints it (``str``, alone or with another field in brackets)."""
    import re

    target = registry.for_model(f.related_model)
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
    key = (target.key, fold(text))
    if key in cache:
        return cache[key]
    model = f.related_model
    qs = model._default_manager.all()
    limit = f.get_limit_choices_to() if hasattr(f, "get_limit_choices_to") else None
    if limit:
        qs = qs.filter(**limit) if isinstance(limit, dict) else qs.filter(limit)
    matches: list[Any] = []
    pk_field = model._meta.pk
    if isinstance(pk_field, models.CharField):
        matches = list(qs.filter(pk__iexact=text)[:2])
    elif text.isdigit() and isinstance(pk_field, (models.AutoField, models.IntegerField)):
        matches = list(qs.filter(pk=int(text))[:1])
    if not matches:
        for lookup in target.get_lookup_fields():
            matches = list(qs.filter(**{lookup: text})[:20])
            if matches:
                break
    if not matches and hasattr(qs, "by_alias"):  # any name in use (a country's "Úc", "Mỹ")
        matches = list(qs.by_alias(text)[:2])
    if len(matches) != 1:
        folded = fold(text)
        heads = {text, text.split(" (")[0].strip(), re.split(r"\s+ngày\s+", text)[0].strip()}
        candidates = {o.pk: o for o in matches}
        for head in heads - {""}:
            for lookup in target.get_lookup_fields():
                for o in qs.filter(**{lookup: head})[:20]:
                    candidates.setdefault(o.pk, o)
            found = qs.search(head)[:50] if hasattr(qs, "search") else []
            for o in found:
                if any(fold(getattr(o, lk, "")) == fold(head) for lk in target.get_lookup_fields()):
                    candidates.setdefault(o.pk, o)
        labelled = [
            o
            for o in candidates.values()
            if folded in {fold(label) for label in _labels(target, o)}
        ]
        if len(labelled) == 1:
            matches = labelled
        elif not matches:
            matches = labelled or [
                o
                for o in candidates.values()
                if any(fold(getattr(o, lk, "")) == folded for lk in target.get_lookup_fields())
            ]
    if not matches:
        raise CellError(f"không tìm thấy {model._meta.verbose_name} “{text}” trong hệ thống.")
    if len(matches) > 1:
        listed = "; ".join(
            f"mã {o.pk}: “{_distinguishing_label(target, o, matches)}”" for o in matches[:5]
        )
        raise CellError(
            f"có {len(matches)} {model._meta.verbose_name} cùng là “{text}” ({listed}). "
            "Hãy ghi mã bản ghi (ID) hoặc ghi đầy đủ như trong ngoặc kép ở trên."
        )
    cache[key] = matches[0]
    return matches[0]


def parse_cell(f: models.Field, value: Any, cache: dict) -> Any:
    """Convert one cell to the field's Python value, or raise CellError."""
    if f.many_to_many:
        parts = [p for p in str(value).split(";") if p.strip()]
        return [_resolve_related(f, p, cache) for p in parts]
    if f.is_relation:
        return _resolve_related(f, value, cache)
    if hasattr(f, "import_value"):  # a field that reads its own cells (coordinates ...)
        try:
            return f.import_value(value)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc
    if f.choices:
        from django.utils import translation

        folded = fold(value)
        for choice_value, label in f.flatchoices:
            with translation.override("en"):
                english = fold(label)
            if folded in (fold(choice_value), fold(label), english):
                return choice_value
        raise CellError(f"“{value}” không thuộc các giá trị cho phép: {_allowed_text(f)}.")
    if isinstance(f, models.DateTimeField):
        raise CellError("không nhập được thời điểm từ tệp.")
    if isinstance(f, models.DateField):
        return _parse_date(value)
    if isinstance(f, models.BooleanField):
        folded = fold(value)
        if folded in TRUE_WORDS:
            return True
        if folded in FALSE_WORDS:
            return False
        raise CellError(f"“{value}” phải là Có hoặc Không.")
    if isinstance(f, (models.IntegerField, models.AutoField)):
        return _parse_number(value, integer=True)
    if isinstance(f, models.DecimalField):
        return _parse_number(value, integer=False)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (date, datetime)):
        value = value.strftime("%d/%m/%Y")
    return str(value).strip()


# --- planning (dry run) and committing ------------------------------------------------------
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


def _match_headers(rt: RecordType, headers: list[Any]) -> tuple[dict[int, Column], list[Problem]]:
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


def plan_import(rt: RecordType, data: bytes, user, *, progress=None) -> ImportPlan:  # noqa: ANN001
    """Dry run: parse and validate every row without writing anything. ``progress(phase,
    done, total)`` is told every 100 rows (background jobs show it)."""
    rows = read_sheet(data)
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    mapping, file_problems = _match_headers(rt, rows[0])
    plan = ImportPlan(headers=headers, rows=[], file_problems=file_problems)
    if any(p.level == "error" for p in file_problems):
        return plan
    cache: dict = {}
    visible = rt.visible_to(user)
    keys_seen: dict[tuple, int] = {}
    editable = {f.name for f in rt.model._meta.get_fields() if getattr(f, "editable", False)}
    for offset, raw in enumerate(rows[1:], start=2):
        if progress is not None and offset % 100 == 0:
            progress("check", offset - 1, len(rows) - 1)
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
            try:
                values[col.name] = parse_cell(col.field, value, cache)
            except CellError as exc:
                planned.errors.append(Problem(offset, col.header, str(exc)))
        obj = None
        if pk_value is not None:
            try:
                pk = rt.model._meta.pk.to_python(
                    int(pk_value) if isinstance(pk_value, float) else pk_value
                )
                obj = visible.filter(pk=pk).first()
            except ValidationError:
                obj = None
            if obj is None:
                planned.errors.append(
                    Problem(
                        offset, ID_HEADER, f"Không có bản ghi mã “{pk_value}” mà bạn được phép sửa."
                    )
                )
                continue
        elif rt.import_key and all(k in values for k in rt.import_key):
            key = tuple(getattr(values[k], "pk", values[k]) for k in rt.import_key)
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
            obj = visible.filter(**{k: values[k] for k in rt.import_key}).first()
            if (
                obj is None
                and rt.model._default_manager.filter(
                    **{k: values[k] for k in rt.import_key}
                ).exists()
            ):
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
        plain = {k: v for k, v in values.items() if not rt.model._meta.get_field(k).many_to_many}
        m2m = {k: v for k, v in values.items() if rt.model._meta.get_field(k).many_to_many}
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
        resolved = [k for k, v in plain.items() if rt.model._meta.get_field(k).is_relation]
        try:
            obj.full_clean(
                exclude=[
                    *(f.name for f in rt.model._meta.fields if f.name not in editable),
                    *resolved,
                ]
            )
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


class ImportRefused(Exception):
    """All-or-nothing import with errors: nothing was written."""


@dataclass
class ImportResult:
    """What a committed import did."""

    created: int
    updated: int
    unchanged: int
    rejected: int


def commit_import(
    rt: RecordType, data: bytes, user, *, valid_only: bool = False, progress=None
) -> tuple[ImportResult, ImportPlan]:  # noqa: ANN001
    """Write the rows of ``data`` in one transaction. With errors and not ``valid_only``,
    nothing is written and ImportRefused is raised."""
    with transaction.atomic():
        plan = plan_import(rt, data, user, progress=progress)
        if plan.errors and not valid_only:
            raise ImportRefused(plan)
        if any(p.level == "error" and p.row == 1 for p in plan.file_problems):
            raise ImportRefused(plan)
        #: Shared by the rows of this import: a type's hooks keep there what the records were
        #: before the import (e.g. a delegation's members, so that completing an imported trip
        #: row by row is not an amendment).
        batch: dict[Any, Any] = {}
        to_write = plan.valid_rows
        if not plan.errors and services.bulk_creatable(rt):
            # new records without links are written in bulk (with their history rows)
            fresh = [p for p in to_write if p.action == "create" and not any(p.m2m.values())]
            for start in range(0, len(fresh), 1000):
                chunk = fresh[start : start + 1000]
                services.record_bulk_create(
                    rt=rt,
                    objs=[p.obj for p in chunk],
                    user=user,
                    reason=_("imported from a spreadsheet"),
                )
                if progress is not None:
                    progress("commit", start + len(chunk), len(to_write))
            done = {id(p) for p in fresh}
            to_write = [p for p in to_write if id(p) not in done]
        for index, planned in enumerate(to_write, start=1):
            if progress is not None and index % 100 == 0:
                progress("commit", index, len(to_write))
            if planned.action == "unchanged":
                continue
            planned.obj._import_batch = batch
            try:
                services.record_save(
                    rt=rt,
                    obj=planned.obj,
                    user=user,
                    reason=_("imported from a spreadsheet"),
                    m2m=planned.m2m,
                )
            except ValidationError as exc:  # a check across rows (e.g. two rows that clash)
                planned.errors.extend(Problem(planned.row, "", message) for message in exc.messages)
            except PermissionDenied as exc:  # the record's owner or state refuses this user
                planned.errors.append(Problem(planned.row, "", str(exc)))
        if plan.errors and not valid_only:
            raise ImportRefused(plan)
    return ImportResult(
        plan.count("create"), plan.count("update"), plan.count("unchanged"), len(plan.rejected_rows)
    ), plan


def rejected_xlsx(plan: ImportPlan) -> bytes:
    """The rejected rows, as they were, with a last column saying what to fix."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Dòng bị từ chối"
    ws.append([*plan.headers, ERROR_HEADER])
    for planned in plan.rejected_rows:
        reasons = "; ".join(
            f"{p.column}: {p.message}" if p.column else p.message for p in planned.errors
        )
        ws.append(
            io_safety.safe_row(
                ws,
                [
                    *planned.raw[: len(plan.headers)],
                    *[None] * (len(plan.headers) - len(planned.raw)),
                    reasons,
                ],
            )
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
