"""The statistics explorer: one indicator of a section over a period, broken down by one of
the dimensions the section declares for it, with the indicator's own total beside the rows."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from doingoai.core.io_safety import safe_row
from doingoai.core.sections import sections
from doingoai.reports.assembly import indicators
from doingoai.reports.kept import kept_value
from doingoai.reports.periods import ReportPeriod, from_query


def dimension_labels() -> dict[str, str]:
    """Names of the breakdowns a section's ``explore`` may offer."""
    return {
        "month": _("month"),
        "country": _("country"),
        "partner": _("partner"),
        "agency": _("agency"),
        "locality": _("locality"),
        "purpose": _("purpose"),
        "funding_source": _("funding source"),
    }


def _value_at(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


@dataclass
class Exploration:
    """What the explorer shows for a query: the choices, the rows and the totals.

    ``total`` is the indicator's figure for the whole period, as the report gives it;
    ``rows_total`` the sum of the rows, larger when one record falls in several rows (a
    delegation to two countries counts under each)."""

    indicators: list[tuple[str, str]]
    indicator: str = ""
    label: str = ""
    dimensions: list[tuple[str, str]] = field(default_factory=list)
    dimension: str = ""
    period: ReportPeriod | None = None
    rows: list[tuple[str, Any]] = field(default_factory=list)
    total: Any = None
    error: str | None = None

    @property
    def rows_total(self) -> Any:
        return sum(value or 0 for _name, value in self.rows)

    @property
    def overlapping(self) -> bool:
        return self.total is not None and self.rows_total != self.total

    @property
    def dimension_label(self) -> str:
        return dict(self.dimensions).get(self.dimension, self.dimension)

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [name for name, _value in self.rows],
            "values": [value or 0 for _name, value in self.rows],
            "label": self.label,
        }


def every_month(period: ReportPeriod, rows: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Monthly rows ("MM/YYYY") for every month of the period, 0 where nothing happened, so
    that a chart over a year shows twelve bars."""
    start, end = period.period.start, period.period.end
    given = dict(rows)
    months = [
        f"{month % 12 + 1:02d}/{month // 12}"
        for month in range(start.year * 12 + start.month - 1, end.year * 12 + end.month)
    ]
    return [(label, given.pop(label, 0)) for label in months] + list(given.items())


def explore(params) -> Exploration:  # noqa: ANN001
    """Read the query (indicator, dimension, period) and compute the breakdown."""
    result = Exploration(indicators=indicators())
    result.indicator = params.get("indicator") or (
        result.indicators[0][0] if result.indicators else ""
    )
    key, _sep, path = result.indicator.partition(".")
    section = {s.key: s for s in sections()}.get(key)
    found = next((i for i in section.indicators if i.path == path), None) if section else None
    if found is None:
        if params.get("indicator"):
            result.error = _("Choose an indicator from the list.")
        return result
    result.label = dict(result.indicators)[result.indicator]
    names = dimension_labels()
    result.dimensions = [(d, names.get(d, d)) for d in found.dimensions]
    requested = params.get("dimension", "")
    result.dimension = (
        requested
        if requested in dict(result.dimensions)
        else (result.dimensions[0][0] if result.dimensions else "")
    )
    try:
        result.period = from_query(params)
    except ValueError as exc:
        result.error = str(exc)
        return result
    period = result.period.period
    # a finished period's breakdown and total are kept like its report's figures (computed
    # once for every worker, forgotten by a change dated in it): at a million persons one
    # exploration of a year ran 12 aggregates over its 20,000 delegations (200 ms)
    if section.explore and result.dimension:
        result.rows = kept_value(
            period,
            f"explorer {result.indicator} {result.dimension}",
            lambda: list(section.explore(period, path, result.dimension)),
        )
        if result.dimension == "month":
            result.rows = every_month(result.period, result.rows)
    figures = kept_value(period, f"explorer section {key}", lambda: section.compute(period))
    result.total = _value_at(figures, path)
    return result


def exploration_xlsx(result: Exploration) -> bytes:
    """The breakdown as a worksheet: title, header, one row per group, the totals."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Statistics")[:31]
    ws.append([result.label, result.period.label if result.period else ""])
    ws.append([result.dimension_label, _("value")])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for name, value in result.rows:  # names come from records: never read as formulas
        ws.append(safe_row(ws, [name, value]))
    ws.append([_("Total"), result.total])
    if result.overlapping:
        ws.append([_("Sum of the rows"), result.rows_total])
    ws.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
