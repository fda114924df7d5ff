"""Report and explorer spreadsheets never turn a name from the records into a formula."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from doingoai.reports.explorer import Exploration, exploration_xlsx


def test_explorer_names_are_text_not_formulas():
    result = Exploration(
        indicators=[],
        label="Đoàn ra",
        rows=[('=HYPERLINK("http://x")', 2), ("Sở Công Thương", 1)],
        total=3,
    )
    ws = load_workbook(io.BytesIO(exploration_xlsx(result))).active
    cell = ws["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=") and cell.quotePrefix
