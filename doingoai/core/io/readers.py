"""Reading an uploaded file into rows of cells: XLSX through python-calamine (after
``io_safety`` has looked at the bytes), CSV (UTF-8, with or without BOM; comma, semicolon or
tab) when the file is named .csv. Both give the same rows to the planner."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from doingoai.core import io_safety


class ImportFileError(Exception):
    """The file as a whole cannot be read (not XLSX, empty, too large ...)."""


def read_rows(data: bytes, name: str = "") -> list[list[Any]]:
    """The rows of an uploaded file, by its name: CSV for ``*.csv``, else XLSX."""
    if name.lower().endswith(".csv"):
        return read_csv(data)
    return read_sheet(data)


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    if len(rows) < 1 or all(v in (None, "") for v in rows[0]):
        raise ImportFileError(_("The first row of the sheet must hold the column headers."))
    return rows


def read_csv(data: bytes) -> list[list[Any]]:
    """A CSV file's rows (text cells; the planner parses them like typed cells)."""
    limits = io_safety.Limits.from_settings()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > limits.max_uncompressed:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB. Split it and import the parts.")
            % {"mb": limits.max_uncompressed // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The CSV file is not in UTF-8. Save it again as “CSV UTF-8” and import that file.")
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file is not a text (CSV) file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) > limits.max_rows or len(row) > limits.max_columns:
            raise ImportFileError(
                _("The file has more than %(rows)s rows or %(columns)s columns.")
                % {"rows": limits.max_rows, "columns": limits.max_columns}
            )
        rows.append([cell if cell != "" else None for cell in row])
    return _trimmed(rows)


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
    return _trimmed([list(r) for r in rows])
