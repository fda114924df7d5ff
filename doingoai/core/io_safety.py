"""Hostile spreadsheets in, formula injection out.

``check_spreadsheet`` is called on every uploaded workbook before any parser sees it: the file
must be a real XLSX package (a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``),
without macros, ActiveX, embedded objects or external links, without formulas, and its parts
are decompressed in a bounded stream (so a zip bomb is stopped at the limit whatever its
headers claim) while the worksheets' cell references are scanned (so a sheet that claims a
million rows is refused before a parser allocates them). Every refusal is an
``UnsafeSpreadsheet`` whose message tells the user, in Vietnamese, what to do.

``neutralise_text`` and ``xlsx_cell`` keep exported cells from being read as formulas
(CSV/formula injection): a text beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) gets a leading apostrophe in CSV, and is a quoted text cell in XLSX.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

#: Characters that make a spreadsheet program read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 1 << 16
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORBIDDEN_PARTS = (
    ("vbaproject", "macro"),
    ("activex", "macro"),
    ("embeddings/", "embedded"),
    ("externallinks/", "external"),
)


class UnsafeSpreadsheet(Exception):
    """The uploaded file is refused before parsing; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    """What an uploaded workbook may be (from settings, see README "Cấu hình")."""

    max_uncompressed: int
    max_ratio: int
    max_rows: int
    max_columns: int
    max_entries: int = 2000

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_uncompressed=getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024),
            max_ratio=getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", 100),
            max_rows=getattr(settings, "IMPORT_MAX_ROWS", 200_000),
            max_columns=getattr(settings, "IMPORT_MAX_COLUMNS", 200),
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _describe_non_zip(data: bytes) -> str:
    head = data[:512]
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        return _("The file is a program, not an Excel workbook. It was refused.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _(
            "The file is an old Excel workbook (.xls). Open it in Excel, save it as "
            "“Excel Workbook (.xlsx)” and import that file."
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _(
            "The file is text (CSV or similar) with an .xlsx name. Open it in Excel, save it "
            "as “Excel Workbook (.xlsx)” and import that file."
        )
    return _("The file is not an Excel workbook (.xlsx). Save it as .xlsx and try again.")


def check_spreadsheet(data: bytes, limits: Limits | None = None) -> None:
    """Refuse ``data`` unless it is a plain XLSX workbook within the limits.

    Raises ``UnsafeSpreadsheet`` with a Vietnamese message; never parses the workbook."""
    limits = limits or Limits.from_settings()
    if not data:
        raise UnsafeSpreadsheet(_("The file is empty."))
    if not data.startswith(b"PK"):
        raise UnsafeSpreadsheet(_describe_non_zip(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeSpreadsheet(
            _("The file is damaged or is not an Excel workbook (.xlsx). Save it again as .xlsx.")
        ) from exc
    if len(entries) > limits.max_entries:
        raise UnsafeSpreadsheet(_too_large(limits))
    names = {info.filename.lower(): info for info in entries}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeSpreadsheet(
            _(
                "The file is a zip archive but not an Excel workbook (.xlsx). Save the data in "
                "Excel as “Excel Workbook (.xlsx)” and import that file."
            )
        )
    for name in names:
        for marker, kind in _FORBIDDEN_PARTS:
            if marker in name:
                raise UnsafeSpreadsheet(_forbidden_message(kind))
    content_types = archive.read(names["[content_types].xml"].filename)
    if b"macroenabled" in content_types.lower() or b"vbaproject" in content_types.lower():
        raise UnsafeSpreadsheet(_forbidden_message("macro"))
    total = 0
    for info in entries:
        total = _scan_entry(archive, info, total, limits)


def _scan_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, limits) -> int:  # noqa: ANN001
    """Decompress one part in bounded chunks; scan worksheets for size and formulas."""
    is_sheet = info.filename.lower().startswith("xl/worksheets/") and info.filename.endswith(".xml")
    size = 0
    max_row = max_col = 0
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if total > limits.max_uncompressed:
                    raise UnsafeSpreadsheet(_too_large(limits))
                compressed = max(info.compress_size, 1)
                if size > 1024 * 1024 and size / compressed > limits.max_ratio:
                    raise UnsafeSpreadsheet(_too_large(limits))
                if is_sheet:
                    window = tail + chunk
                    if _FORMULA.search(window):
                        raise UnsafeSpreadsheet(
                            _(
                                "The workbook contains formulas. Copy the data and paste it as "
                                "values only (Paste Special → Values), save, and import again."
                            )
                        )
                    for letters, digits in _CELL_REF.findall(window):
                        max_col = max(max_col, _column_number(letters))
                        max_row = max(max_row, int(digits))
                    if max_row > limits.max_rows or max_col > limits.max_columns:
                        raise UnsafeSpreadsheet(
                            _(
                                "The sheet is too large: at most %(rows)s rows and %(cols)s "
                                "columns can be imported at once. Split the file and import "
                                "the parts one after another."
                            )
                            % {
                                "rows": f"{limits.max_rows:,}".replace(",", "."),
                                "cols": limits.max_columns,
                            }
                        )
                    tail = window[-64:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise UnsafeSpreadsheet(
            _("The file is damaged or is not an Excel workbook (.xlsx). Save it again as .xlsx.")
        ) from exc
    return total


def _too_large(limits: Limits) -> str:
    return _(
        "The workbook expands to more than %(mb)s MB or is packed abnormally (a “zip bomb”). "
        "It was refused. Save the data in a new workbook with values only and try again."
    ) % {"mb": limits.max_uncompressed // (1024 * 1024)}


def _forbidden_message(kind: str) -> str:
    if kind == "macro":
        return _(
            "The workbook contains macros (.xlsm / VBA). Files with macros are refused: save it "
            "as “Excel Workbook (.xlsx)” and import that file."
        )
    if kind == "embedded":
        return _(
            "The workbook contains embedded objects (files or programs inside cells). Remove "
            "them, or copy the data into a new workbook, and import again."
        )
    return _(
        "The workbook links to other files (external links). Break the links (Data → Edit "
        "Links → Break Link), save, and import again."
    )


# --- formula injection in exports ------------------------------------------------------------
def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise_text(value: Any) -> Any:
    """For CSV: a text that a spreadsheet would read as a formula gets a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def xlsx_cell(ws, value: Any) -> Any:  # noqa: ANN001
    """For XLSX (write-only or normal sheets): a text that looks like a formula becomes a
    quoted text cell (Excel shows it as typed, never evaluates it); other values pass."""
    if not is_formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_row(ws, row: list[Any]) -> list[Any]:  # noqa: ANN001
    """``row`` with every formula-like text made a quoted text cell, for ``ws.append``."""
    return [xlsx_cell(ws, value) for value in row]
