"""Import and export of records (``core.io``): readers (XLSX, CSV), field adapters (a cell
to a value and back, one per kind of field, open to apps), the planner (dry run), the committer
and the writers (streamed XLSX and CSV, the template, the rejected rows). Background jobs run
the planner and the committer (``core.jobs``). See docs/dev/shared-pieces.md."""

from doingoai.core.io.adapters import FieldAdapter, adapter_for, register_adapter
from doingoai.core.io.columns import ID_HEADER, Column, columns_for
from doingoai.core.io.committer import ImportRefused, ImportResult, commit_import
from doingoai.core.io.planner import ImportPlan, PlannedRow, Problem, parse_cell, plan_import
from doingoai.core.io.readers import ImportFileError, read_csv, read_rows, read_sheet
from doingoai.core.io.references import CellError
from doingoai.core.io.writers import (
    XLSX_TYPE,
    export_csv,
    export_rows,
    export_xlsx,
    export_xlsx_file,
    rejected_xlsx,
    template_xlsx,
    write_xlsx,
)

__all__ = [
    "ID_HEADER",
    "XLSX_TYPE",
    "CellError",
    "Column",
    "FieldAdapter",
    "ImportFileError",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "PlannedRow",
    "Problem",
    "adapter_for",
    "columns_for",
    "commit_import",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "export_xlsx_file",
    "parse_cell",
    "plan_import",
    "read_csv",
    "read_rows",
    "read_sheet",
    "register_adapter",
    "rejected_xlsx",
    "template_xlsx",
    "write_xlsx",
]
