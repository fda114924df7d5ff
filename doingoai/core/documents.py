"""DOCX documents in the national administrative format (Decree 30/2020/NĐ-CP): A4, Times
New Roman, the issuer and the national title side by side, number/symbol, the italic
place-date line, the title, the body, tables and the signature block."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from doingoai.core.text import date_line

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def _set_font(run, size: float, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _line(
    cell_or_doc,
    text: str,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,  # noqa: ANN001
    align=WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
):  # noqa: ANN001, ANN202
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    _set_font(paragraph.add_run(text), size, bold, italic)
    return paragraph


class NationalDocument:
    """Builder of one document. ``issuer_lines``: governing body (upper, regular) then the
    issuing agency (bold); ``number`` like "123/QĐ-UBND" (an official letter: "45/UBND-NV")."""

    def __init__(
        self,
        *,
        issuer_lines: Sequence[str],
        number: str,
        place: str,
        day: date,
        landscape: bool = False,
    ) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_height, section.page_width = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        header = self.doc.add_table(rows=1, cols=2)
        header.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = header.rows[0].cells
        left.width, right.width = Cm(6.5), Cm(9.5)
        left.paragraphs[0].text = ""
        right.paragraphs[0].text = ""
        lines = list(issuer_lines)
        for index, text in enumerate(lines):
            last = index == len(lines) - 1
            _line(left, text.upper(), 12 if not last else 13, bold=last)
        _line(left, "_______", 13)
        _line(left, f"Số: {number}", 13)
        _line(right, NATIONAL_TITLE, 12, bold=True)
        _line(right, MOTTO, 13, bold=True)
        _line(right, "_______________________", 13)
        _line(right, date_line(place, day), 13, italic=True)
        for cell in (left, right):
            first = cell.paragraphs[0]
            first._element.getparent().remove(first._element)
        self.doc.add_paragraph()

    def title(self, text: str, subtitle: str = "") -> None:
        _line(self.doc, text.upper(), 14, bold=True)
        if subtitle:
            _line(self.doc, subtitle, 14, bold=True, space_after=6)

    def heading(self, text: str) -> None:
        _line(self.doc, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=3)

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, center: bool = False
    ) -> None:
        paragraph = _line(
            self.doc,
            text,
            14,
            bold=bold,
            italic=italic,
            align=WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY,
            space_after=6,
        )
        paragraph.paragraph_format.first_line_indent = None if center else Cm(1)

    def note(self, text: str) -> None:
        """A note under a table (italic, 12 pt)."""
        _line(self.doc, text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] | None = None,
        bold_rows: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].text = ""
            _set_font(cell.paragraphs[0].add_run(str(text)), 12, bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, row in enumerate(rows):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.paragraphs[0].text = ""
                text = "" if value is None else str(value)
                _set_font(cell.paragraphs[0].add_run(text), 12, bold=index in bold_rows)
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        self.doc.add_paragraph()

    def signature(
        self, *, recipients: Sequence[str], title: str, name: str, on_behalf: str = ""
    ) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        for cell in (left, right):
            cell.paragraphs[0].text = ""
        _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for recipient in recipients:
            _line(left, f"- {recipient};", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        if on_behalf:
            _line(right, on_behalf.upper(), 13, bold=True)
        _line(right, title.upper(), 13, bold=True)
        for _ in range(3):
            _line(right, "", 13)
        _line(right, name, 13, bold=True)

    def render(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
