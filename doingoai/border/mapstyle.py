"""How border records are drawn on a map (core/places.py's ``map_point`` hook): markers
coloured by their current condition, gates by their status, incidents open or settled; the
legend names each colour."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doingoai.border.models import (
    BorderGate,
    BorderIncident,
    BorderMarker,
    Condition,
    GateStatus,
)
from doingoai.border.reports import OPEN_INCIDENT
from doingoai.core.text import format_date

MARKER_COLOURS = {
    Condition.INTACT: "#198754",
    Condition.DAMAGED: "#fd7e14",
    Condition.DESTROYED: "#dc3545",
    Condition.REPAIRED: "#0dcaf0",
}
GATE_COLOURS = {
    GateStatus.OPEN: "#0d6efd",
    GateStatus.RESTRICTED: "#ffc107",
    GateStatus.CLOSED: "#212529",
}
INCIDENT_OPEN, INCIDENT_SETTLED = "#6f42c1", "#adb5bd"


def _rank(colours: dict, value: str) -> int:
    """The legend's order: the order of the choices."""
    return next((i for i, key in enumerate(colours) if key == value), len(colours))


def marker_point(obj: BorderMarker) -> dict[str, Any]:
    condition = obj.get_condition_display()
    detail = _("Condition: %(condition)s") % {"condition": condition}
    if obj.last_inspected_on:
        detail += " · " + _("inspected on %(date)s") % {"date": format_date(obj.last_inspected_on)}
    return {
        "kind": "marker",
        "color": MARKER_COLOURS.get(obj.condition, "#6c757d"),
        "category": _("Marker: %(condition)s") % {"condition": condition},
        "detail": detail,
        "radius": 6,
        "rank": 1 + _rank(MARKER_COLOURS, obj.condition),
    }


def gate_point(obj: BorderGate) -> dict[str, Any]:
    status = obj.get_status_display()
    return {
        "kind": "gate",
        "color": GATE_COLOURS.get(obj.status, "#6c757d"),
        "category": _("Gate: %(status)s") % {"status": status},
        "detail": f"{capfirst(obj.get_level_display())} · {status}",
        "radius": 9,
        "rank": 10 + _rank(GATE_COLOURS, obj.status),
    }


def incident_point(obj: BorderIncident) -> dict[str, Any]:
    is_open = obj.status in OPEN_INCIDENT
    return {
        "kind": "incident",
        "color": INCIDENT_OPEN if is_open else INCIDENT_SETTLED,
        "category": _("Incident being handled") if is_open else _("Incident settled"),
        "detail": f"{capfirst(obj.get_kind_display())} · {format_date(obj.occurred_on)}"
        f" · {obj.get_status_display()}",
        "radius": 8,
        "rank": 20 if is_open else 21,
        "label": "",  # long titles: on hover only
    }
