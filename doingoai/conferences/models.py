"""International conferences and seminars (hội nghị, hội thảo quốc tế) held in the province:
organised by it, co-organised, or held by another agency and permitted by it (Decision
06/2020/QĐ-TTg)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from doingoai.conferences.approval import Level, assess, lead_days, report_due_days
from doingoai.core.collation import vi_collate
from doingoai.core.models import Country, LegalDocument, Organisation, RecordModel
from doingoai.core.money import amount_field, currency_field


class Status(models.TextChoices):
    DRAFT = "draft", _("draft (not yet filed)")
    REQUESTED = "requested", _("requested, waiting for appraisal")
    APPRAISED = "appraised", _("appraised, waiting for the permit")
    PERMITTED = "permitted", _("permitted")
    REFUSED = "refused", _("refused")
    HELD = "held", _("held, report due")
    REPORTED = "reported", _("reported")
    CANCELLED = "cancelled", _("cancelled")


#: The events the reports count: filed and neither refused nor cancelled (drafts are not
#: requests yet).
COUNTED = ("requested", "appraised", "permitted", "held", "reported")


class Conference(RecordModel):
    """One international conference or seminar: the request, its approval level, the permit
    and the report after it."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        SEMINAR = "seminar", _("seminar")

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid (in person and online)")

    class Role(models.TextChoices):
        ORGANISED = "organised", _("organised by the province")
        CO_ORGANISED = "co_organised", _("co-organised by the province")
        PERMITTED = "permitted", _("held by another agency, permitted by the province")

    class Sector(models.TextChoices):
        ECONOMY = "economy", _("economy, investment, trade")
        EDUCATION = "education", _("education and training")
        HEALTH = "health", _("health")
        SCIENCE = "science", _("science and technology")
        CULTURE = "culture", _("culture, sport, tourism")
        AGRICULTURE = "agriculture", _("agriculture, environment")
        SOCIAL = "social", _("labour and social affairs")
        OTHER = "other", _("other")

    class Funding(models.TextChoices):
        STATE = "state_budget", _("state budget")
        FOREIGN = "foreign", _("foreign sponsors")
        MIXED = "mixed", _("state budget and sponsors")
        OTHER = "other", _("other lawful sources")

    title = models.CharField(_("name of the event in Vietnamese"), max_length=500)
    title_en = models.CharField(_("name of the event in English"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    event_form = models.CharField(
        _("form"), max_length=10, choices=Form.choices, default=Form.IN_PERSON, db_index=True
    )
    role = models.CharField(
        _("role of the province"), max_length=14, choices=Role.choices, db_index=True
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="conferences_organised",
    )
    foreign_organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("foreign co-organisers"),
        blank=True,
        related_name="conferences_co_organised",
    )
    sponsors = models.ManyToManyField(
        Organisation, verbose_name=_("sponsors"), blank=True, related_name="conferences_sponsored"
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries taking part"),
        blank=True,
        related_name="conferences",
    )
    topic = models.TextField(_("topic and content"))
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, db_index=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_platform = models.CharField(_("online platform"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    foreign_participants = models.PositiveIntegerField(_("foreign participants"), default=0)
    domestic_participants = models.PositiveIntegerField(_("Vietnamese participants"), default=0)
    funding_source = models.CharField(
        _("funding"), max_length=14, choices=Funding.choices, default=Funding.STATE
    )
    estimated_cost = amount_field(_("estimated cost"), null=True, blank=True)
    currency = currency_field(_("currency"))
    # The questions that decide the approval level (approval.CRITERIA).
    foreign_high_level = models.BooleanField(
        _("foreign heads or officials of minister level or higher attend"), default=False
    )
    vietnamese_high_level = models.BooleanField(
        _("Vietnamese Party or State leaders, or officials of minister level or higher, attend"),
        default=False,
    )
    topic_politics = models.BooleanField(_("the content touches politics"), default=False)
    topic_security = models.BooleanField(_("the content touches security"), default=False)
    topic_defence = models.BooleanField(_("the content touches national defence"), default=False)
    topic_ethnicity = models.BooleanField(_("the content touches ethnic affairs"), default=False)
    topic_religion = models.BooleanField(_("the content touches religion"), default=False)
    topic_human_rights = models.BooleanField(_("the content touches human rights"), default=False)
    topic_borders = models.BooleanField(
        _("the content touches borders, territory or sovereignty"), default=False
    )
    topic_state_secrets = models.BooleanField(
        _("the content involves state secrets"), default=False
    )
    approval_level = models.CharField(
        _("approval level"),
        max_length=16,
        choices=Level.choices,
        default=Level.CHAIR,
        editable=False,
        db_index=True,
    )
    requested_on = models.DateField(_("request filed on"), null=True, blank=True)
    request_due = models.DateField(
        _("request due by"), null=True, blank=True, editable=False, db_index=True
    )
    appraisal_opinion = models.TextField(_("appraisal opinion"), blank=True)
    permit = models.ForeignKey(
        LegalDocument,
        verbose_name=_("permit or approval"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences_permitted",
    )
    report_due = models.DateField(
        _("report due"), null=True, blank=True, editable=False, db_index=True
    )
    report_submitted_on = models.DateField(_("report received on"), null=True, blank=True)
    report_summary = models.TextField(_("report after the event"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    search_fields = ("title", "title_en", "organiser__name", "venue")

    class Meta:
        verbose_name = _("international conference or seminar")
        verbose_name_plural = _("international conferences and seminars")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["-start_date", "title", "id"], name="conference_list_order"),
            models.Index(fields=["start_date", "status"], name="conference_start_status"),
            # the task inbox: each step's conferences by the day that matters to it (a walk
            # of every past filing deadline for the few drafts: 47 ms at the stress scale)
            models.Index(fields=["status", "start_date"], name="conference_status_start"),
            models.Index(fields=["status", "request_due"], name="conference_status_request"),
            models.Index(fields=["status", "report_due"], name="conference_status_report"),
            # the calendars: the events begun before a span and not ended by its first day
            models.Index(fields=["end_date", "start_date"], name="conference_end"),
            models.Index(vi_collate("title"), F("id"), name="conference_title_vi"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return self.foreign_participants + self.domestic_participants

    @property
    def filed_late(self) -> bool:
        """Filed after the last day the lead time allows."""
        return bool(self.requested_on and self.request_due and self.requested_on > self.request_due)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date: correct the dates.")
        if self.event_form in (self.Form.ONLINE, self.Form.HYBRID) and not self.online_platform:
            errors["online_platform"] = _(
                "An online or hybrid event names its online platform (e.g. Zoom, the "
                "province's video-conference system)."
            )
        if self.event_form in (self.Form.IN_PERSON, self.Form.HYBRID) and not self.venue:
            errors["venue"] = _("An in-person or hybrid event names its venue.")
        if self.report_submitted_on and self.end_date and self.report_submitted_on < self.end_date:
            errors["report_submitted_on"] = _(
                "The report cannot be received before the event ends."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the approval level, the filing deadline and the report deadline computed."""

        self.approval_level = assess(self).level
        self.request_due = (
            self.start_date - timedelta(days=lead_days(self.approval_level))
            if self.start_date
            else None
        )
        if self.status in ("held", "reported") and self.end_date:
            self.report_due = self.end_date + timedelta(days=report_due_days())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "approval_level",
                "request_due",
                "report_due",
            }
        super().save(*args, **kwargs)
