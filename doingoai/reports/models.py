"""Issued reports (frozen figures), closed periods and the changes made in them, plans with
targets and key tasks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doingoai.core.models import RecordModel


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("six months")
    YEAR = "year", _("year")
    TERM = "term", _("term of several years")
    CUSTOM = "custom", _("custom range")


class IssuedReport(RecordModel):
    """A report as issued: its figures frozen, its number, date and file."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    number = models.CharField(_("number/symbol"), max_length=100)
    issued_on = models.DateField(_("date issued"))
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)

    search_fields = ("title", "number")

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period is before its start.")})
        if self.pk:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("kind", "period_start", "period_end")
            )
            if stored and stored[0] != (self.kind, self.period_start, self.period_end):
                raise ValidationError(
                    _("The period of an issued report cannot change: issue a new report.")
                )


class ClosedPeriod(models.Model):
    """A period closed after its report was issued: its records change only by a leader,
    with a reason."""

    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    report = models.ForeignKey(
        IssuedReport,
        verbose_name=_("issued report"),
        on_delete=models.PROTECT,
        related_name="closures",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    #: A leader may reopen a closed period, with a reason; the row stays as the log of the
    #: closing and the reopening, and closing again adds a new row.
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["-start"]


class ClosedPeriodChange(models.Model):
    """A change made to a record dated in a closed period (flagged on the issued report)."""

    report = models.ForeignKey(IssuedReport, on_delete=models.CASCADE, related_name="late_changes")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record_title = models.CharField(_("record"), max_length=300)
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class Plan(RecordModel):
    """An annual or term plan: targets per indicator and key tasks."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("annual plan")
        TERM = "term", _("term plan")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title",)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans and targets")
        ordering = ["-start_year", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year is before the first.")})
        if self.kind == self.Kind.ANNUAL and self.start_year != self.end_year:
            raise ValidationError({"end_year": _("An annual plan covers one year.")})


class Target(models.Model):
    """A target for an indicator a section produces (e.g. delegations.outbound.delegations)
    or a manual indicator whose achieved value is typed in."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=120)
    label = models.CharField(_("label (manual indicator)"), max_length=300, blank=True)
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    history = HistoricalRecords()
    achieved_manual = models.DecimalField(
        _("achieved (manual indicator)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.label or self.indicator


class KeyTask(models.Model):
    """A key task of a plan, with its owner and status."""

    class Status(models.TextChoices):
        NOT_STARTED = "todo", _("not started")
        DOING = "doing", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("in charge"), max_length=200, blank=True)
    due = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOT_STARTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class KeptFigures(models.Model):
    """The sections' figures of a finished period (its end before today), computed once and
    reused by every worker while no change dated on or before its end came since
    (``doingoai.reports.kept``)."""

    start = models.DateField()
    end = models.DateField()
    language = models.CharField(max_length=20)
    #: the registered sections' keys, hashed: figures kept for other sections do not answer
    sections = models.CharField(max_length=64)
    #: the latest change stamp on or before ``end`` when the computing began
    stamp = models.BigIntegerField()
    data = models.BinaryField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["start", "end", "language", "sections"], name="kept_figures_unique"
            )
        ]


class FiguresChange(models.Model):
    """The latest change stamp of the records dated in a month (its first day; 1 January of
    year 1 for changes that are not dated): kept figures of periods ending on or after the
    month are stale when a newer stamp appears."""

    month = models.DateField(unique=True)
    stamp = models.BigIntegerField()

    class Meta:
        #: the latest stamp of any month (``kept.latest_stamp``, asked by every dashboard
        #: request) is read from the end of this index
        indexes = [models.Index(fields=["stamp"], name="figures_change_stamp")]
