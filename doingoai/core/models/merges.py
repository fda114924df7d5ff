"""Merges of duplicate records: what moved from the merged record to the kept one, so that a
merge can be undone."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class MergeLog(models.Model):
    """``source`` was merged into ``target``; ``moved`` lists every row that was moved (model,
    field, primary keys), every link added to the target, and the deletion's history row."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    source_title = models.CharField(_("merged record"), max_length=300)
    moved = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.source_title} → {self.target_id}"
