"""Links between records of any types (an inbound delegation that signed an agreement, an aid
project with its donor partner, a trip that follows up another): the one way areas refer to
each other without importing each other's code."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RecordLink(models.Model):
    """``source`` —kind→ ``target``; shown on both records' pages. Written only through
    ``services.link_add`` / ``link_remove``; kept in history."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    kind = models.CharField(_("kind of link"), max_length=40)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link between records")
        verbose_name_plural = _("links between records")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id", "kind"],
                name="recordlink_unique",
            )
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} → {self.target_type_id}:{self.target_id}"
