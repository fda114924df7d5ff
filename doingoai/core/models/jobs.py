"""Background jobs of imports: a dry run or a commit of a staged spreadsheet, run by the job
worker (Django's tasks framework, database backend), with its progress and its result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One run over a staged file: ``check`` (dry run), ``commit`` (all or nothing) or
    ``valid_only`` (the valid rows, the rejected ones downloadable)."""

    class Action(models.TextChoices):
        CHECK = "check", _("dry run")
        COMMIT = "commit", _("import (all or nothing)")
        VALID_ONLY = "valid_only", _("import the valid rows only")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        REFUSED = "refused", _("refused: nothing was imported")
        FAILED = "failed", _("failed: nothing was imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.CharField(_("record type"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    filename = models.CharField(_("file"), max_length=255)
    token = models.CharField(max_length=32)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    phase = models.CharField(max_length=10, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    rejected_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_action_display()})"
