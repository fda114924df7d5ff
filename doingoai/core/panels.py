"""The dashboard's panel registry: a module adds a card to the dashboard (e.g. the coming
year's anniversaries) without the dashboard importing the module. Modules register panels
from ``ready()``, the way they register agenda and inbox providers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class DashboardPanel:
    """A card of the dashboard: ``template`` is rendered with ``panel`` set to what
    ``context(user, today)`` returns; None hides the card from that user."""

    key: str
    template: str
    context: Callable[[Any, date], dict[str, Any] | None]
    order: int = 100


_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    """Register (or replace, by key) a dashboard panel."""
    _PANELS[panel.key] = panel


def dashboard_panels(user, today: date) -> list[dict[str, Any]]:  # noqa: ANN001
    """The panels ``user`` sees on ``today``, in order: ``{"key", "template", "panel"}``."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user, today)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "panel": context})
    return shown
