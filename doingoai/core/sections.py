"""The report-section registry: each module registers the figures it contributes to the
periodic reports; ``build_report`` assembles them. JSON contract: docs/api.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
class ReportSection:
    """A module's section: ``compute(period)`` returns a JSON-ready dict of figures.

    ``narrative(figures)`` returns the report's sentences; ``links(period)`` maps a figure's
    dotted path to the URL of the records behind it.
    """

    key: str
    label: str | Promise
    order: int
    compute: Callable[[Period], dict[str, Any]]
    narrative: Callable[[dict[str, Any]], list[str]] | None = None
    links: Callable[[Period], dict[str, str]] | None = None
    indicators: Callable[[], list[tuple[str, Any]]] | None = None


_SECTIONS: dict[str, ReportSection] = {}


def register_section(section: ReportSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[ReportSection]:
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


def build_report(period: Period) -> dict[str, Any]:
    """``{"period": {"from", "to"}, "sections": {key: figures}}`` for every registered section."""
    return {
        "period": period.as_dict(),
        "sections": {s.key: s.compute(period) for s in sections()},
    }
