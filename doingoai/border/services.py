"""Writes of the border module that derive a record's state from its child rows: a marker's
condition follows its latest inspection, a gate's status its latest status change."""

from __future__ import annotations

from django.db import transaction

from doingoai.border.models import BorderGate, BorderMarker, GateStatusChange, MarkerInspection
from doingoai.core.services import record_complete_write


@transaction.atomic
def marker_sync_condition(marker: BorderMarker, *, own_write: bool = False) -> None:
    """Set the marker's condition and last inspection date from its latest inspection.

    ``own_write``: called from the marker's own save, so the derived values join that
    write's version and history line; otherwise (an inspection saved) only the derived
    columns of the marker row are refreshed, without a new version of the marker."""
    latest = (
        MarkerInspection.objects.filter(marker_id=marker.pk)
        .order_by("-inspected_on", "-id")
        .values("condition", "inspected_on")
        .first()
    )
    if latest is None:  # no inspection left: the condition stays as last entered
        if marker.last_inspected_on is not None:
            marker.last_inspected_on = None
            BorderMarker.objects.filter(pk=marker.pk).update(last_inspected_on=None)
        return
    values = {"condition": latest["condition"], "last_inspected_on": latest["inspected_on"]}
    if all(getattr(marker, k) == v for k, v in values.items()):
        return
    if own_write:
        record_complete_write(marker, **values)
    else:
        for name, value in values.items():
            setattr(marker, name, value)
        BorderMarker.objects.filter(pk=marker.pk).update(**values)


def gate_sync_status(gate: BorderGate) -> None:
    """Set the gate's status from the latest entry of its status history (in the gate's
    own write)."""
    latest = (
        GateStatusChange.objects.filter(gate_id=gate.pk)
        .order_by("-changed_on", "-id")
        .values_list("status", flat=True)
        .first()
    )
    if latest is not None and latest != gate.status:
        record_complete_write(gate, status=latest)
