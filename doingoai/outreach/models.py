"""Foreign information, cultural diplomacy, foreign press and promotion: visits of foreign
reporters, foreign-information publications, cultural and promotion events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import vi_collate
from doingoai.core.models import Country, LegalDocument, Organisation, RecordModel


class PressVisit(RecordModel):
    """A visit of foreign reporters to the province (Decree 88/2012/NĐ-CP): the province
    arranges the local programme and an accompanying officer."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        PERMITTED = "permitted", _("permitted")
        DONE = "done", _("took place")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("press visit"), max_length=300)
    outlet = models.CharField(_("press outlet"), max_length=300)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="press_visits"
    )
    topics = models.TextField(_("topics"))
    places = models.TextField(_("places of reporting"), blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    host_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("host agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="press_visits_hosted",
    )
    accompanying_officer = models.CharField(_("accompanying officer"), max_length=200, blank=True)
    requested_on = models.DateField(_("request received on"), null=True, blank=True)
    permit = models.ForeignKey(
        LegalDocument,
        verbose_name=_("permit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="press_visits",
    )
    results = models.TextField(_("results"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )

    search_fields = ("title", "outlet", "country__name_vi", "accompanying_officer")

    class Meta:
        verbose_name = _("foreign press visit")
        verbose_name_plural = _("foreign press visits")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["-start_date", "title", "id"], name="press_visit_list_order"),
            models.Index(fields=["end_date", "start_date"], name="press_visit_end"),
            models.Index(vi_collate("title"), F("id"), name="press_visit_title_vi"),
            models.Index(vi_collate("outlet"), F("id"), name="press_visit_outlet_vi"),
            models.Index(
                vi_collate("accompanying_officer"), F("id"), name="press_visit_officer_vi"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def working_days_notice(self) -> int | None:
        """Working days (Monday to Friday) between the request and the visit."""
        if not (self.requested_on and self.start_date):
            return None
        days, day = 0, self.requested_on
        while day < self.start_date:
            day += timedelta(days=1)
            if day.weekday() < 5 and day < self.start_date:
                days += 1
        return days

    @property
    def requested_late(self) -> bool:
        from doingoai.core.rules import rule_value

        notice = self.working_days_notice
        return notice is not None and notice < rule_value("outreach.press_notice_working_days")

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date: correct the dates.")}
            )


class PressReporter(models.Model):
    """One reporter of a press visit. Deleted and restored with the visit."""

    visit = models.ForeignKey(
        PressVisit,
        verbose_name=_("press visit"),
        on_delete=models.CASCADE,
        related_name="reporters",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    outlet = models.CharField(_("press outlet"), max_length=300, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    press_card = models.CharField(_("press card number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.full_name


class Publication(RecordModel):
    """A foreign-information publication: an issue of a bulletin, a film, an article, web
    content, a book, in foreign languages."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("foreign-affairs bulletin")
        FILM = "film", _("film, documentary")
        ARTICLE = "article", _("article")
        WEBSITE = "website", _("website content")
        BOOK = "book", _("book, brochure")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title of the publication"), max_length=500)
    languages = models.CharField(
        _("languages"), max_length=200, help_text=_("e.g. Tiếng Anh, tiếng Lào")
    )
    issue_number = models.CharField(_("issue number"), max_length=50, blank=True)
    published_on = models.DateField(_("date published"), db_index=True)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publishing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    copies = models.PositiveIntegerField(_("copies printed"), default=0)
    views = models.PositiveIntegerField(_("views"), default=0)
    url = models.URLField(_("web address"), blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title", "issue_number", "languages")

    class Meta:
        verbose_name = _("foreign-information publication")
        verbose_name_plural = _("foreign-information publications")
        ordering = ["-published_on", "title"]
        indexes = [
            models.Index(fields=["-published_on", "title", "id"], name="publication_list_order"),
            models.Index(vi_collate("title"), F("id"), name="publication_title_vi"),
            models.Index(vi_collate("issue_number"), F("id"), name="publication_issue_vi"),
            models.Index(vi_collate("languages"), F("id"), name="publication_languages_vi"),
            models.Index(fields=["copies", "id"], name="publication_copies"),
            models.Index(fields=["views", "id"], name="publication_views"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.issue_number})" if self.issue_number else self.title


class OutreachEvent(RecordModel):
    """A cultural-diplomacy event, or an investment, trade or tourism promotion event, at home
    or abroad, with its results."""

    class Kind(models.TextChoices):
        CULTURAL = "cultural", _("cultural diplomacy")
        INVESTMENT = "investment", _("investment promotion")
        TRADE = "trade", _("trade promotion")
        TOURISM = "tourism", _("tourism promotion")
        COMBINED = "combined", _("investment, trade and tourism promotion")

    class Location(models.TextChoices):
        HOME = "home", _("in the province or in Viet Nam")
        ABROAD = "abroad", _("abroad")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("name of the event"), max_length=500)
    kind = models.CharField(_("kind of event"), max_length=12, choices=Kind.choices, db_index=True)
    location = models.CharField(
        _("where held"),
        max_length=6,
        choices=Location.choices,
        default=Location.HOME,
        db_index=True,
    )
    place = models.CharField(_("place"), max_length=300)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_events",
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organising agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_events",
    )
    partners = models.TextField(_("partners"), blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    agreements_signed = models.PositiveIntegerField(_("agreements signed"), default=0)
    investor_contacts = models.PositiveIntegerField(_("investors and businesses met"), default=0)
    results = models.TextField(_("results"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )

    search_fields = ("title", "place", "partners", "country__name_vi")

    class Meta:
        verbose_name = _("cultural or promotion event")
        verbose_name_plural = _("cultural and promotion events")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["-start_date", "title", "id"], name="outreach_event_list_order"),
            models.Index(fields=["end_date", "start_date"], name="outreach_event_end"),
            models.Index(vi_collate("title"), F("id"), name="outreach_event_title_vi"),
            models.Index(vi_collate("place"), F("id"), name="outreach_event_place_vi"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date: correct the dates.")
        if self.location == self.Location.ABROAD and not self.country_id:
            errors["country"] = _("An event abroad names its country.")
        if errors:
            raise ValidationError(errors)


#: Kinds counted as promotion events in the reports.
PROMOTION_KINDS = ("investment", "trade", "tourism", "combined")
