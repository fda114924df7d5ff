"""The audit trail beyond field history: workflow moves and reads of sensitive data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowTransition(models.Model):
    """One move of a record through its workflow: who, when, from, to, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from state"), max_length=50)
    to_state = models.CharField(_("to state"), max_length=50)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]


class AccessLog(models.Model):
    """A read of sensitive records: who opened, listed or exported what, by UI or API."""

    class Action(models.TextChoices):
        VIEW = "view", _("view")
        LIST = "list", _("list")
        HISTORY = "history", _("history")
        EXPORT = "export", _("export")
        DOCUMENT = "document", _("document")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    #: The records read (a list or an export: the ids shown, at most 200) and how many.
    record_ids = models.TextField(_("records"), blank=True)
    record_count = models.PositiveIntegerField(_("number of records"), default=0)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    channel = models.CharField(_("channel"), max_length=10, default="ui")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]


class TableStamp(models.Model):
    """How many write statements a table has had: a kept page is served again only while the
    stamps of every table it read are those it was rendered with (``core.page_cache``)."""

    name = models.CharField(_("table"), max_length=100, primary_key=True)
    n = models.BigIntegerField(_("writes"), default=0)

    class Meta:
        verbose_name = _("table stamp")
        verbose_name_plural = _("table stamps")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.name}: {self.n}"
