"""A marker's condition stays that of its latest remaining inspection when an inspection is
deleted or restored (the record pages call ``after_save`` only on a save; deletion and
restoration go through core's services, which have no per-type hook)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from doingoai.border.models import BorderMarker, MarkerInspection


def _resync(sender, instance: MarkerInspection, **kwargs) -> None:  # noqa: ANN001, ANN003
    from doingoai.border import services

    if kwargs.get("raw"):
        return
    marker = BorderMarker.objects.filter(pk=instance.marker_id).first()
    if marker is not None:
        services.marker_sync_condition(marker)


def connect() -> None:
    post_delete.connect(_resync, sender=MarkerInspection, dispatch_uid="border-inspection-delete")
    post_save.connect(_resync, sender=MarkerInspection, dispatch_uid="border-inspection-save")
