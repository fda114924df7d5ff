"""Assembling a report from the registered sections: every figure with its dotted path and
the link to its records, breakdown tables, narrative, targets achieved; and rendering it as
DOCX (national format) and XLSX."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Font

from doingoai.core.documents import NationalDocument
from doingoai.core.io_safety import safe_row
from doingoai.core.models import SiteSettings
from doingoai.core.sections import ReportSection, section_figures, sections
from doingoai.core.text import format_billion_vnd, format_million_usd, format_number
from doingoai.reports.periods import ReportPeriod


@dataclass
class Figure:
    """One number of a section, where it comes from and how to check it."""

    path: str
    label: str
    value: Any
    url: str | None

    @property
    def text(self) -> str:
        return display(self.path, self.value)


def display(path: str, value: Any) -> str:
    """A figure as the reports write it: money by the path's unit suffix ("…_usd" → "4,09 triệu
    USD", "…_vnd" → "210 tỷ đồng"), other numbers with Vietnamese separators."""
    if value is None or isinstance(value, bool):
        return "—"
    if path.endswith("_usd"):
        return format_million_usd(value)
    if path.endswith("_vnd"):
        return format_billion_vnd(value)
    return format_number(value) if isinstance(value, (int, float, Decimal)) else str(value)


@dataclass
class Table:
    """A breakdown: rows of (label, [(value, url, dotted path in the section, text)...])."""

    title: str
    headers: list[str]
    rows: list[tuple[str, list[tuple[Any, str | None, str, str]]]]
    #: set when a record counts in several rows (a visit from two countries): the rows add
    #: up to more than the figure
    overlapping: bool = False


@dataclass
class SectionReport:
    """One section of the report."""

    key: str
    label: str
    data: dict[str, Any]
    figures: list[Figure]
    tables: list[Table]
    narrative: list[str]


@dataclass
class TargetRow:
    """A target and what was achieved."""

    label: str
    target: Decimal
    achieved: Decimal | None
    indicator: str = ""

    @property
    def percent(self) -> int | None:
        if self.achieved is None or not self.target:
            return None
        return int(round(self.achieved * 100 / self.target))

    @property
    def exceeded(self) -> bool:
        return self.achieved is not None and self.achieved > self.target


@dataclass
class Report:
    """A report for a period: the sections, the targets."""

    period: ReportPeriod
    sections: list[SectionReport]
    targets: list[TargetRow] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {s.key: s.data for s in self.sections}

    def value(self, indicator: str) -> Any:
        key, _, path = indicator.partition(".")
        value: Any = self.data().get(key)
        for part in path.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value


def _humanize(key: str, section: ReportSection | None = None) -> str:
    """A key of the figures as readers name it: the section's own labels (``ReportSection.
    labels``, then its indicators'), else a few generic breakdown words."""
    from django.utils.translation import gettext

    own = section.label_of(key) if section is not None else None
    if own:
        return own
    generic = {  # words of breakdowns any section may use; a section's own labels come first
        "by_country": gettext("by country"),
        "by_kind": gettext("by kind"),
        "by_sector": gettext("by sector"),
        "total": gettext("total"),
    }
    return generic.get(key, key.replace("_", " "))


def path_label(path: str, data: Any = None, section: ReportSection | None = None) -> str:
    """A reader's name for a dotted figure path; breakdown keys read as their row's label.

    ``path_label("outbound.by_country.JP.delegations", figures)`` → "outbound — by country —
    Nhật Bản — delegations"."""
    parts, node = [], data
    for part in path.split("."):
        if isinstance(node, list):
            row = next((r for r in node if isinstance(r, dict) and str(r.get("key")) == part), None)
            parts.append(str(row.get("label", part)) if row else part)
            node = row
        else:
            parts.append(_humanize(part, section))
            node = node.get(part) if isinstance(node, dict) else None
    return " — ".join(parts)


def _money_string(key: str, value: Any) -> Any:
    """A money figure given as a decimal string ("272500.00", under a key ending in
    ``_usd``/``_vnd``) as a ``Decimal``; any other value unchanged."""
    if isinstance(value, str) and key.endswith(("_usd", "_vnd")):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def _walk(
    section: ReportSection, period, data: dict, prefix: str, figures: list, tables: list
) -> None:  # noqa: ANN001
    for key, value in data.items():
        path = f"{prefix}{key}"
        value = _money_string(key, value)
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float, Decimal)):
            label = " — ".join(_humanize(p, section) for p in path.split("."))
            # a zero has no records behind it: no link (not a list that shows others)
            url = section.link(period, path) if section.link and value else None
            figures.append(Figure(path, label, value, url))
        elif isinstance(value, dict):
            _walk(section, period, value, f"{path}.", figures, tables)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            measures = [
                k
                for k, v in value[0].items()
                if k not in ("key", "label")
                and isinstance(_money_string(k, v), (int, float, Decimal))
            ]
            rows = []
            for row in value:
                cells = []
                for measure in measures:
                    cell_path = f"{path}.{row['key']}.{measure}"
                    cell = _money_string(measure, row[measure])
                    url = section.link(period, cell_path) if section.link and cell else None
                    cells.append((cell, url, cell_path, display(measure, cell)))
                rows.append((str(row.get("label", row.get("key"))), cells))
            title = capfirst(" — ".join(_humanize(p, section) for p in path.split(".")))
            overlapping = any(
                isinstance(data.get(m), (int, float, Decimal))
                and sum(row[m] or 0 for row in value) > data[m]
                for m in measures
            )
            headers = [capfirst(_humanize(m, section)) for m in measures]
            tables.append(Table(title, headers, rows, overlapping))


def assemble(report_period: ReportPeriod) -> Report:
    """Every registered section for the period (a bounded number of queries; a finished
    period's figures are kept, ``doingoai.reports.kept``)."""
    period = report_period.period
    computed = section_figures(period)  # a finished period's are kept (reports/kept.py)
    parts = []
    for section in sections():
        data = computed[section.key]
        figures: list[Figure] = []
        tables: list[Table] = []
        _walk(section, period, data, "", figures, tables)
        narrative = section.narrative(data) if section.narrative else []
        parts.append(
            SectionReport(section.key, str(section.label), data, figures, tables, narrative)
        )
    report = Report(report_period, parts)
    report.targets = targets_for(report)
    return report


def targets_for(report: Report) -> list[TargetRow]:
    """Targets of the plans that cover exactly the report's years (annual or term)."""
    from doingoai.reports.models import Target

    years = report.period.years
    if report.period.kind not in ("year", "term"):
        return []
    rows = []
    for target in Target.objects.filter(
        plan__start_year=years[0], plan__end_year=years[-1]
    ).select_related("plan"):
        if target.indicator == "manual":
            achieved = target.achieved_manual
            label = target.label
        else:
            value = report.value(target.indicator)
            achieved = Decimal(value) if value is not None else None
            label = target.label or indicator_label(target.indicator)
        rows.append(TargetRow(label, target.value, achieved, target.indicator))
    return rows


def indicators() -> list[tuple[str, str]]:
    """(id, label) of every indicator the registered sections produce."""
    return [
        (f"{s.key}.{i.path}", f"{s.label}: {i.label}") for s in sections() for i in s.indicators
    ]


def indicator_label(indicator: str) -> str:
    return dict(indicators()).get(indicator, indicator)


def _number(value: Any) -> str:
    return format_number(value) if isinstance(value, (int, Decimal)) else str(value)


def render_docx(report: Report, *, number: str, day: date, next_tasks: str = "") -> bytes:
    """The report in the national format: narrative per area, targets, next tasks, annex."""
    site = SiteSettings.load()
    doc = NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=number,
        place=site.place_name,
        day=day,
    )
    doc.title("BÁO CÁO", f"Kết quả công tác đối ngoại {report.period.label}")
    for index, section in enumerate(report.sections, start=1):
        doc.heading(f"{index}. {section.label}")
        for sentence in section.narrative:
            doc.paragraph(sentence)
    if report.targets:
        doc.heading(f"{len(report.sections) + 1}. Kết quả thực hiện chỉ tiêu")
        for row in report.targets:
            achieved = (
                display(row.indicator, row.achieved)
                if row.achieved is not None
                else "chưa có số liệu"
            )
            sentence = f"{row.label}: đạt {achieved}/{display(row.indicator, row.target)}" + (
                f" ({row.percent}%)" if row.percent is not None else ""
            )
            if row.exceeded:
                sentence += ", vượt chỉ tiêu"
            doc.paragraph(sentence + ".")
    if next_tasks.strip():
        doc.heading("Phương hướng, nhiệm vụ kỳ tới")
        for line in next_tasks.splitlines():
            if line.strip():
                doc.paragraph(line.strip())
    doc.signature(
        recipients=[site.committee_name, "Bộ Ngoại giao", "Lưu: VT"],
        title=site.director_title,
        name=site.director_name,
    )
    doc.doc.add_page_break()
    doc.title("PHỤ LỤC", f"Số liệu công tác đối ngoại {report.period.label}")
    for section in report.sections:
        registered = {s.key: s for s in sections()}[section.key]
        if registered.annex:
            for title, headers, rows, *note in registered.annex(section.data):
                doc.heading(title)
                cells = [[_number(v) for v in row] for row in rows]
                if not cells or all(row[0] == "Tổng cộng" for row in cells):
                    cells = [["Không có số liệu", *[""] * (len(headers) - 1)]]
                doc.table(
                    headers,
                    cells,
                    bold_rows={i for i, row in enumerate(cells) if row[0] == "Tổng cộng"},
                )
                if note and note[0]:
                    doc.note(note[0])
    return doc.render()


def _sheet_title(wb: Workbook, title: str) -> str:
    """An Excel sheet name: no []:*?/\\ characters, at most 31, unique in the workbook."""
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Bảng"
    name, n = clean[:31], 2
    while name in wb.sheetnames:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return name


def render_xlsx(report: Report) -> bytes:
    """Every figure (with its path) and every breakdown table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append([f"Kết quả công tác đối ngoại {report.period.label}"])
    ws.append(["Lĩnh vực", "Chỉ tiêu", "Mã", "Giá trị"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for section in report.sections:
        for figure in section.figures:
            ws.append([section.label, figure.label, f"{section.key}.{figure.path}", figure.value])
    for row in report.targets:
        ws.append(["Chỉ tiêu kế hoạch", row.label, "", row.achieved, row.target, row.percent])
    for section in report.sections:
        for table in section.tables:
            sheet = wb.create_sheet(_sheet_title(wb, table.title))
            sheet.append([section.label, *table.headers])
            for label, cells in table.rows:  # labels come from records (country, agency)
                sheet.append(safe_row(sheet, [label, *[cell[0] for cell in cells]]))
    ws.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
