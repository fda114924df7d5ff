"""The report-section registry: each module registers the figures it contributes to the
periodic reports; ``build_report`` assembles them. JSON contract: docs/api.md."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] a report covers."""

    start: date
    end: date

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class Indicator:
    """A figure a section produces that plans can target and the explorer can break down.

    ``path`` is the dotted path in the section's JSON (e.g. "outbound.person_trips");
    ``dimensions`` the breakdowns ``ReportSection.explore`` supports for it.
    """

    path: str
    label: str | Promise
    additive: bool = True
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """A module's section of the periodic reports.

    - ``compute(period)``: JSON-ready dict of figures (the API contract, docs/api.md);
    - ``narrative(figures)``: the report's Vietnamese sentences for that dict;
    - ``link(period, path)``: URL of the filtered list of records behind the figure at the
      dotted ``path`` (e.g. "outbound.by_country.JP.delegations"), or None;
    - ``indicators``: the figures plans can target;
    - ``explore(period, path, dimension)``: [(label, value)] for the statistics explorer;
    - ``annex(figures)``: [(table title, headers, rows[, note])] for the DOCX annex; a row
      whose first cell is "Tổng cộng" is the totals row (in bold); the note is printed under
      the table (e.g. that a record counts in several rows).
    """

    key: str
    label: str | Promise
    order: int
    compute: Callable[[Period], dict[str, Any]]
    narrative: Callable[[dict[str, Any]], list[str]] | None = None
    link: Callable[[Period, str], str | None] | None = None
    indicators: tuple[Indicator, ...] = ()
    explore: Callable[[Period, str, str], list[tuple[str, Any]]] | None = None
    annex: Callable[[dict[str, Any]], list[tuple]] | None = None
    #: Reader's names of the keys of the section's figures ("in_force" → "đang có hiệu
    #: lực"), translated lazily; keys not named here fall back to the indicators' labels.
    labels: Mapping[str, str | Promise] = field(default_factory=dict)

    def label_of(self, key: str) -> str | None:
        """The reader's name of one key of the section's figures, if the section names it."""
        if key in self.labels:
            return str(self.labels[key])
        for indicator in self.indicators:
            if indicator.path == key:
                return str(indicator.label)
        return None


def records_url(key: str, period: Period | None = None, dated: str = "", **query: Any) -> str:
    """The list of the type ``key``'s records behind a figure (``ReportSection.link``): with
    ``dated``, those whose range filter ``<dated>_from``/``<dated>_to`` covers ``period``;
    then the other filters of ``query``, in their order.

    ``records_url("border.borderincident", period, "occurred_on", kind="land")`` → the
    incidents' list "?occurred_on_from=2025-01-01&occurred_on_to=2025-12-31&kind=land"."""
    from urllib.parse import urlencode

    from doingoai.core.registry import registry

    params: dict[str, Any] = {}
    if dated and period is not None:
        params = {f"{dated}_from": period.start.isoformat(), f"{dated}_to": period.end.isoformat()}
    params.update(query)
    url = registry.get(key).url("list")
    return f"{url}?{urlencode(params)}" if params else url


_SECTIONS: dict[str, ReportSection] = {}


def register_section(section: ReportSection) -> None:
    _SECTIONS[section.key] = section


def unregister_section(key: str) -> ReportSection | None:
    """Remove a section (tests register fake sections and take them away again)."""
    return _SECTIONS.pop(key, None)


def sections() -> list[ReportSection]:
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


def compute_figures(period: Period) -> dict[str, dict[str, Any]]:
    """``{key: figures}`` of every registered section for ``period``, computed now."""
    return {s.key: s.compute(period) for s in sections()}


#: What ``section_figures`` asks: ``compute_figures`` unless a module keeps figures (the
#: reports app keeps finished periods' figures, ``doingoai.reports.kept``).
_FIGURES_SOURCE: list[Callable[[Period], dict[str, dict[str, Any]]]] = []


def set_figures_source(source: Callable[[Period], dict[str, dict[str, Any]]] | None) -> None:
    """Have ``section_figures`` ask ``source`` (None: compute every time)."""
    _FIGURES_SOURCE[:] = [source] if source is not None else []


def section_figures(period: Period) -> dict[str, dict[str, Any]]:
    """``{key: figures}`` of every registered section for ``period``, kept or computed."""
    return _FIGURES_SOURCE[0](period) if _FIGURES_SOURCE else compute_figures(period)


def build_report(period: Period) -> dict[str, Any]:
    """``{"period": {"from", "to"}, "sections": {key: figures}}`` for every registered section."""
    return {"period": period.as_dict(), "sections": section_figures(period)}
