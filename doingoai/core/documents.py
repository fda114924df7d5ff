"""DOCX documents in the national administrative format (Decree 30/2020/NĐ-CP, Appendix I):
A4, Times New Roman, the issuer and the national title side by side (each on one line), the
number/symbol with an official letter's subject ("V/v …") under it, the italic place-date
line, the title, the body, tables and the signature block kept with the last paragraph."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import deepcopy
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from doingoai.core.text import date_line, fold

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
#: Widths (cm) of the header's issuer and national-title columns: the national title at
#: 12 pt bold and an issuer such as "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" at 12 pt bold fit on one
#: line each (checked on the rendered PDF by the tests).
HEADER_WIDTHS = (7.0, 10.4)
_NUMBER = re.compile(r"[\d.,]+( triệu USD| tỷ đồng)?|—")


def signature_titles(*, head_title: str, signer_title: str = "", collective: str = "") -> list[str]:
    """The lines above the signature, by Decree 30/2020/NĐ-CP, Appendix I, I.7:

    - the head signs under their own title ("CHỦ TỊCH");
    - a deputy signs for the head: "KT. CHỦ TỊCH" over their own title ("PHÓ CHỦ TỊCH");
    - an acting head: "Q. CHỦ TỊCH"; by order / by delegated authority: "TL." / "TUQ." before
      the head's title, over the signer's title;
    - "TM. <collective body>" on top only when the signer signs for a collective body.
    """
    head = head_title.upper()
    own = signer_title.strip()
    folded = fold(own)
    lines = [f"TM. {collective.upper()}"] if collective else []
    if folded.startswith(("tl.", "tl ")):
        lines += [f"TL. {head}", own[3:].strip().upper()]
    elif folded.startswith(("tuq.", "tuq ")):
        lines += [f"TUQ. {head}", own[4:].strip().upper()]
    elif folded.startswith("pho "):
        lines += [f"KT. {head}", f"PHÓ {head}"]
    elif folded.startswith(("quyen ", "q. ")):
        lines += [f"Q. {head}"]
    else:
        lines += [head]
    return lines


def _write_font(run, size: float, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
    """The font of a run (the document's typeface for every script), written property by
    property (python-docx keeps each in schema order)."""
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


#: A run's properties per (size, bold, italic), written once by ``_write_font`` and copied
#: into each run: python-docx inserts each property in schema order by searching the run's
#: children, ~0.5 ms a run (an annual report's annex tables at the stress scale: 1.8k cells,
#: 0.9 s); a copy of the finished element costs a few microseconds.
_RUN_PROPERTIES: dict[tuple[float, bool, bool], object] = {}


def _set_font(run, size: float, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
    """The properties ``_write_font`` writes, copied from a run set once."""
    key = (size, bold, italic)
    template = _RUN_PROPERTIES.get(key)
    if template is None:
        from docx.text.run import Run

        scratch = Run(OxmlElement("w:r"), None)
        _write_font(scratch, size, bold, italic)
        template = _RUN_PROPERTIES[key] = scratch._element.rPr
    element = run._element
    if element.rPr is not None:
        element.remove(element.rPr)
    element.insert(0, deepcopy(template))


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


def issuer_name_lines(name: str) -> list[str]:
    """A People's Committee's name as the letterhead sets it, on two lines that each fit:
    "Ủy ban nhân dân tỉnh Nghệ An" → ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]."""
    prefix = "ỦY BAN NHÂN DÂN "
    upper = name.upper()
    if upper.startswith(prefix) and len(upper) > len(prefix):
        return [prefix.strip(), upper[len(prefix) :]]
    return [upper]


def _fixed_widths(table, widths: Sequence[float]) -> None:  # noqa: ANN001
    """Column widths that Word and LibreOffice both honour: fixed layout, the grid and every
    cell."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _no_cell_margins(table) -> None:  # noqa: ANN001
    """No left/right padding in the cells: the whole column width is for the text."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _keep_together(table) -> None:  # noqa: ANN001
    """A table's rows never split across pages and stay with what follows."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _clear(cell) -> None:  # noqa: ANN001
    """Remove the empty paragraph a new cell starts with (content is added after it)."""
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)


class NationalDocument:
    """Builder of one document. ``issuer_lines``: governing body (upper, regular) then the
    issuing agency (its last ``bold_lines`` lines, bold: "ỦY BAN NHÂN DÂN" / "TỈNH NGHỆ AN");
    ``number`` like "123/QĐ-UBND" (an official letter: "45/UBND-NV", with its ``subject``
    "V/v …" under the number)."""

    def __init__(
        self,
        *,
        issuer_lines: Sequence[str],
        number: str,
        place: str,
        day: date,
        subject: str = "",
        landscape: bool = False,
        bold_lines: int = 1,
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
        _fixed_widths(header, HEADER_WIDTHS)
        _no_cell_margins(header)
        left, right = header.rows[0].cells
        lines = list(issuer_lines)
        for index, text in enumerate(lines):
            _line(left, text.upper(), 12, bold=index >= len(lines) - bold_lines)
        _line(left, "_______", 12, bold=True)
        _line(left, f"Số: {number}", 13)
        if subject:
            _line(left, subject, 12, space_after=0)
        _line(right, NATIONAL_TITLE, 12, bold=True)
        _line(right, MOTTO, 13, bold=True)
        _line(right, "_______________________", 13, bold=True)
        _line(right, date_line(place, day), 13, italic=True)
        for cell in (left, right):
            _clear(cell)
        self.doc.add_paragraph()

    def title(self, text: str, subtitle: str = "") -> None:
        """The document type in bold capitals, the subject under it and a short rule."""
        _line(self.doc, text.upper(), 14, bold=True)
        if subtitle:
            _line(self.doc, subtitle, 14, bold=True)
        _line(self.doc, "_____________", 14, bold=True, space_after=6)

    def heading(self, text: str) -> None:
        _line(self.doc, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=3)

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        center: bool = False,
        lead: str = "",
    ) -> None:
        """A body paragraph (14 pt, justified, first line indented); ``lead`` is set in bold
        before the text ("Điều 1.")."""
        paragraph = _line(
            self.doc,
            f"{lead} " if lead else text,
            14,
            bold=bold or bool(lead),
            italic=italic,
            align=WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY,
            space_after=6,
        )
        if lead:
            _set_font(paragraph.add_run(text), 14, bold, italic)
        paragraph.paragraph_format.first_line_indent = None if center else Cm(1)

    def addressee(self, text: str) -> None:
        """ "Kính gửi: …" of an official letter, centred."""
        _line(self.doc, text, 14, space_after=6)

    def note(self, text: str) -> None:
        """A note right under a table (italic, 12 pt), before the table's spacing line."""
        note = _line(self.doc, text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        note.paragraph_format.space_before = Pt(3)
        previous = note._element.getprevious()
        if previous is not None and previous.tag == qn("w:p") and not "".join(previous.itertext()):
            previous.addprevious(note._element)

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
            for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.paragraphs[0].text = ""
                text = "" if value is None else str(value)
                _set_font(cell.paragraphs[0].add_run(text), 12, bold=index in bold_rows)
                if _NUMBER.fullmatch(text) and (column or headers[0] == "STT"):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if widths:
            _fixed_widths(table, widths)
        self.doc.add_paragraph()

    def signature(
        self,
        *,
        recipients: Sequence[str],
        title: str,
        name: str,
        signer_title: str = "",
        collective: str = "",
    ) -> None:
        """Recipients on the left, the signer's block on the right (see
        :func:`signature_titles`), kept on the page of the last paragraph."""
        for paragraph in reversed(self.doc.paragraphs):  # the last paragraph and blanks after
            paragraph.paragraph_format.keep_with_next = True
            if paragraph.text.strip():
                break
        table = self.doc.add_table(rows=1, cols=2)
        _fixed_widths(table, (7.4, 9.6))
        left, right = table.rows[0].cells
        _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for index, recipient in enumerate(recipients):
            end = "." if index == len(recipients) - 1 else ";"
            _line(left, f"- {recipient}{end}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        for text in signature_titles(
            head_title=title, signer_title=signer_title, collective=collective
        ):
            _line(right, text, 13, bold=True)
        for _ in range(4):
            _line(right, "", 13)
        _line(right, name, 14, bold=True)
        for cell in (left, right):
            _clear(cell)
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)
        _keep_together(table)

    def render(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
