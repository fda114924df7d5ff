"""Writing records out: the filtered list as XLSX (openpyxl's write-only mode into a
temporary file that the response streams: constant memory whatever the number of records) or
CSV (streamed row by row), the import template with its guide sheet, and the rejected rows of
an import. Every cell is made by the field's adapter; the field policy masks what the user may
not see; text that looks like a formula is kept as text (``io_safety``)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from doingoai.core import field_policy, io_safety
from doingoai.core.io.adapters import adapter_for
from doingoai.core.io.columns import Column, columns_for
from doingoai.core.io.references import sample_reference, sample_resolves

if TYPE_CHECKING:
    from doingoai.core.io.planner import ImportPlan
    from doingoai.core.registry import RecordType

ERROR_HEADER = "Lỗi"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Records read (and their linked records prefetched) at a time. Each costs ~25 KB while its
#: chunk lives (a delegation with its linked records), and the allocator keeps what a chunk
#: freed: 2,000 at a time grew the worker by ~60 MB for 100,000 delegations, 200 by ~18 MB
#: (measured in one process, SQLite stress data), for a few hundred more statements.
EXPORT_CHUNK = 200


def _cell_out(obj: models.Model, col: Column) -> Any:
    if col.field is None:
        return obj.pk
    return adapter_for(col.field).export(obj, col.field)


def _prefetch_for_export(rt: RecordType, qs: models.QuerySet) -> models.QuerySet:
    rel = [c.field for c in columns_for(rt) if c.field is not None and c.field.is_relation]
    fk = [f.name for f in rel if not f.many_to_many]
    m2m = [f.name for f in rel if f.many_to_many]
    if fk:
        qs = qs.select_related(*fk)
    return qs.prefetch_related(*m2m) if m2m else qs


def export_rows(rt: RecordType, qs: models.QuerySet, user=None) -> Iterator[list[Any]]:  # noqa: ANN001
    """The header row, then one row per record; with ``user``, the field policy masks
    what that user may not see."""
    cols = columns_for(rt)
    names = [c.name for c in cols]
    yield [c.header for c in cols]
    for obj in _prefetch_for_export(rt, qs).iterator(chunk_size=EXPORT_CHUNK):
        row = [_cell_out(obj, c) for c in cols]
        if user is not None and hasattr(rt, "export_row"):  # a type's own rule (consent)
            row = rt.export_row(obj, names, row, user)
        yield field_policy.mask_row(rt, user, names, row) if user is not None else row


def write_xlsx(rt: RecordType, qs: models.QuerySet, target: IO[bytes], user=None) -> None:  # noqa: ANN001
    """Write the filtered list as an XLSX workbook to ``target``, row by row (write-only
    mode): bold frozen header, dates as dd/mm/yyyy, formula-like text kept as text."""
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
    wb.save(target)


def export_xlsx_file(rt: RecordType, qs: models.QuerySet, user=None) -> IO[bytes]:  # noqa: ANN001
    """The workbook in a temporary file (deleted when closed), rewound, for a streamed
    response: memory stays flat whatever the number of rows."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    write_xlsx(rt, qs, spool, user)
    spool.seek(0)
    return spool


def export_xlsx(rt: RecordType, qs: models.QuerySet, user=None) -> bytes:  # noqa: ANN001
    """The workbook's bytes (small exports, tests)."""
    buffer = io.BytesIO()
    write_xlsx(rt, qs, buffer, user)
    return buffer.getvalue()


def _xlsx_out(ws, value: Any) -> Any:  # noqa: ANN001
    if isinstance(value, (datetime, date)):
        cell = WriteOnlyCell(ws, value=value)
        timed = isinstance(value, datetime) and (value.hour or value.minute)
        cell.number_format = "DD/MM/YYYY HH:MM" if timed else "DD/MM/YYYY"
        return cell
    return io_safety.xlsx_cell(ws, value)


def export_csv(rt: RecordType, qs: models.QuerySet, user=None) -> Iterable[str]:  # noqa: ANN001
    """The filtered list as CSV (UTF-8 with BOM so that Excel reads Vietnamese), streamed."""
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


# --- the import template ---------------------------------------------------------------------
def _sample_value(rt: RecordType, col: Column) -> Any:
    """The sample row's cell: the type's ``import_sample``, else the adapter's; a reference
    names a record that exists, so that the sample passes its own dry run."""
    sample = getattr(rt, "import_sample", {}) or {}
    f = col.field
    if col.name in sample:
        value = sample[col.name]
        if f is None or not f.is_relation or value in (None, "") or sample_resolves(f, value):
            return str(value) if isinstance(value, Promise) else value
        return sample_reference(f) or value
    if f is None:
        return None
    return adapter_for(f).sample(rt, f)


def _column_help(col: Column) -> tuple[str, str, str]:
    f = col.field
    if f is None:
        return (col.header, "Không", "Để trống khi thêm mới; giữ nguyên khi sửa bản ghi đã xuất.")
    required = "Có" if not f.blank and not f.has_default() else "Không"
    return (col.header, required, adapter_for(f).describe(f))


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
