"""Consular cases and citizen protection (lãnh sự, bảo hộ công dân), the persons concerned
and the timeline of actions; APEC Business Travel Card (thẻ ABTC) enterprises, businesspeople
and their applications for the province's recommendation.

The persons' identifiers, health and criminal-matter details are sensitive fields under
core's field policy (declared in ``records.py``); nothing here protects data on its own."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.core.collation import vi_collate
from doingoai.core.models import Country, LegalDocument, RecordModel
from doingoai.core.text import format_date

#: The permission that shows the personal data of this module's records (given to the
#: administrator, the leaders and the consular specialists only).
PERSONAL_PERMISSION = "consular.view_personal_consular"


class CaseKind(models.TextChoices):
    CONSULAR = "consular", _("consular case")
    PROTECTION = "protection", _("citizen protection case")


class CaseCategory(models.TextChoices):
    """What the case is about (the first five are consular, the rest protection)."""

    DOCUMENTS = "documents", _("civil status and documents")
    LEGALISATION = "legalisation", _("consular legalisation and authentication")
    VISA = "visa", _("visas and entry")
    NATIONALITY = "nationality", _("nationality")
    FOREIGNERS = "foreigners", _("foreigners in the province")
    DETENTION = "detention", _("arrest or detention")
    ACCIDENT = "accident", _("accident or illness")
    DEATH = "death", _("death")
    TRAFFICKING = "trafficking", _("human trafficking")
    LABOUR = "labour", _("labour dispute")
    FISHERMEN = "fishermen", _("fishermen held abroad")
    OTHER = "other", pgettext_lazy("consular", "other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("consular", "received")
    HANDLING = "handling", pgettext_lazy("consular", "being handled")
    RESOLVED = "resolved", pgettext_lazy("consular", "resolved")
    CLOSED = "closed", pgettext_lazy("consular", "closed")
    TRANSFERRED = "transferred", pgettext_lazy("consular", "transferred")


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.HANDLING)


class ConsularCase(RecordModel):
    """A consular case or a case of protection of a citizen of the province abroad.

    ``started_on`` (opened, else reported) and ``ended_on`` (closed, else resolved) are
    stored and indexed: the report counts the cases handled in a period on them."""

    title = models.CharField(_("summary of the case"), max_length=300)
    kind = models.CharField(_("kind of case"), max_length=20, choices=CaseKind.choices)
    category = models.CharField(
        _("subject of the case"), max_length=20, choices=CaseCategory.choices
    )
    country = models.ForeignKey(
        Country,
        verbose_name=pgettext_lazy("consular", "country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    place = models.CharField(pgettext_lazy("consular", "place"), max_length=300, blank=True)
    reported_on = models.DateField(_("date reported"), db_index=True)
    opened_on = models.DateField(_("date the file was opened"), null=True, blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    reported_by = models.CharField(_("reported by"), max_length=300, blank=True)
    coordinated_with = models.TextField(
        _("bodies coordinated with"),
        blank=True,
        help_text=_(
            "The Ministry's Consular Department, the embassy or consulate, the police, the family."
        ),
    )
    details = models.TextField(_("course of events"), blank=True)
    health_details = models.TextField(_("health, injuries or death"), blank=True)
    criminal_details = models.TextField(_("criminal-matter details"), blank=True)
    outcome = models.TextField(pgettext_lazy("consular", "outcome"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.RECEIVED,
        db_index=True,
    )
    started_on = models.DateField(_("start of handling"), editable=False, db_index=True)
    ended_on = models.DateField(_("end of handling"), null=True, editable=False, db_index=True)
    last_action_on = models.DateField(
        _("last action"), null=True, blank=True, editable=False, db_index=True
    )
    anonymised_on = models.DateField(
        _("personal data removed on"), null=True, blank=True, editable=False
    )

    search_fields = ("title", "place", "reported_by")

    class Meta:
        verbose_name = _("consular or protection case")
        verbose_name_plural = _("consular and protection cases")
        ordering = ["-reported_on", "-id"]
        permissions = [
            ("view_personal_consular", "Xem dữ liệu cá nhân trong hồ sơ lãnh sự, bảo hộ, ABTC")
        ]
        indexes = [
            models.Index(fields=["kind", "started_on"], name="consular_case_kind_start"),
            models.Index(fields=["category"], name="consular_case_category"),
            models.Index(fields=["title"], name="consular_case_title"),
            models.Index(vi_collate("title"), F("id"), name="consular_case_title_vi"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.opened_on and self.reported_on and self.opened_on < self.reported_on:
            raise ValidationError(
                {"opened_on": _("The file cannot be opened before the case was reported.")}
            )
        start = self.opened_on or self.reported_on
        if self.closed_on and start and self.closed_on < start:
            raise ValidationError(
                {"closed_on": _("The case cannot be closed before it was opened.")}
            )

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.started_on = self.opened_on or self.reported_on
        self.ended_on = self.closed_on
        if self.last_action_on is None:
            self.last_action_on = self.started_on
        super().save(*args, **kwargs)


class CasePerson(RecordModel):
    """A person concerned by a case: a citizen of the province abroad or a foreigner in the
    province. Identifiers, health and criminal-matter notes are sensitive."""

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("citizen of the province abroad")
        FOREIGNER = "foreigner", _("foreigner in the province")
        RELATIVE = "relative", _("relative or representative")

    case = models.ForeignKey(
        ConsularCase,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="persons",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(
        pgettext_lazy("consular", "person concerned as"),
        max_length=20,
        choices=Role.choices,
        default=Role.CITIZEN,
        db_index=True,
    )
    sex = models.CharField(
        _("sex"),
        max_length=10,
        blank=True,
        choices=[("male", _("male")), ("female", _("female"))],
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_address = models.CharField(_("home address"), max_length=300, blank=True)
    id_number = models.CharField(_("ID card number"), max_length=20, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    health_note = models.TextField(_("health condition"), blank=True)
    criminal_note = models.TextField(_("criminal-matter details"), blank=True)
    contact = models.CharField(_("contact of the family"), max_length=300, blank=True)

    search_fields = ("full_name", "case__title")

    class Meta:
        verbose_name = _("person concerned by a case")
        verbose_name_plural = _("persons concerned by cases")
        ordering = ["case_id", "full_name", "id"]
        indexes = [
            models.Index(fields=["case", "full_name", "id"], name="case_person_list_order"),
            models.Index(fields=["full_name"], name="consular_person_name"),
            models.Index(vi_collate("full_name"), F("id"), name="consular_person_name_vi"),
            models.Index(fields=["birth_year", "id"], name="consular_person_year"),
        ]

    def __str__(self) -> str:
        return self.full_name


class CaseAction(models.Model):
    """One step of the handling of a case: the date, what was done, by whom, the documents.
    Deleted and restored with its case."""

    case = models.ForeignKey(
        ConsularCase,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    done_on = models.DateField(pgettext_lazy("consular", "date"), db_index=True)
    action = models.CharField(pgettext_lazy("consular", "action taken"), max_length=500)
    done_by = models.CharField(_("by whom"), max_length=200, blank=True)
    document_ref = models.CharField(_("document number and symbol"), max_length=200, blank=True)
    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("legal document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action on a case")
        verbose_name_plural = _("timeline of actions")
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{format_date(self.done_on)}: {self.action}"


# --- APEC Business Travel Card ---------------------------------------------------------------


class AbtcEnterprise(RecordModel):
    """An enterprise of the province whose businesspeople apply for an ABTC."""

    name = models.CharField(_("enterprise"), max_length=300)
    tax_code = models.CharField(_("enterprise code (tax code)"), max_length=20, unique=True)
    established_on = models.DateField(_("date of first registration"), db_index=True)
    address = models.CharField(_("head office"), max_length=300, blank=True)
    sector = models.CharField(_("line of business"), max_length=300, blank=True)

    search_fields = ("name", "tax_code")

    class Meta:
        verbose_name = _("ABTC enterprise")
        verbose_name_plural = _("ABTC enterprises")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="consular_enterprise_name"),
            models.Index(vi_collate("name"), F("id"), name="consular_enterprise_name_vi"),
            models.Index(vi_collate("sector"), F("id"), name="consular_enterprise_sector_vi"),
            models.Index(vi_collate("tax_code"), F("id"), name="consular_enterprise_tax_vi"),
        ]

    def __str__(self) -> str:
        return self.name

    def months_operating(self, on: date) -> int:
        """Whole months from the first registration to ``on``."""
        months = (on.year - self.established_on.year) * 12 + on.month - self.established_on.month
        return months - (1 if on.day < self.established_on.day else 0)


class QualifyingPost(models.TextChoices):
    """Posts that qualify for an ABTC (Decision 09/2023/QĐ-TTg, Article 3)."""

    CHAIR = "chair", _("chair or member of the board or members' council")
    DIRECTOR = "director", _("general director or director")
    DEPUTY = "deputy", _("deputy general director or deputy director")
    ACCOUNTANT = "accountant", _("chief accountant")
    HEAD = "head", _("head of a division or branch")
    OWNER = "owner", _("owner of a private enterprise")
    OTHER = "other", _("other post (does not qualify)")


NON_QUALIFYING = (QualifyingPost.OTHER,)


class Businessperson(RecordModel):
    """A businessperson of an enterprise, with their passport (sensitive)."""

    full_name = models.CharField(_("full name"), max_length=200)
    enterprise = models.ForeignKey(
        AbtcEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="businesspeople",
    )
    post = models.CharField(
        _("post"),
        max_length=20,
        choices=QualifyingPost.choices,
        default=QualifyingPost.DIRECTOR,
        db_index=True,
    )
    post_title = models.CharField(_("post as written"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    passport_expires_on = models.DateField(_("passport valid until"), null=True, blank=True)

    search_fields = ("full_name", "enterprise__name")

    class Meta:
        verbose_name = _("businessperson")
        verbose_name_plural = _("businesspeople")
        ordering = ["full_name", "id"]
        indexes = [
            models.Index(fields=["full_name"], name="consular_bizperson_name"),
            models.Index(vi_collate("full_name"), F("id"), name="consular_bizperson_name_vi"),
            models.Index(vi_collate("post_title"), F("id"), name="consular_bizperson_post_vi"),
        ]

    def __str__(self) -> str:
        return self.full_name


class AbtcStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("abtc", "received")
    RECOMMENDED = "recommended", pgettext_lazy("abtc", "recommended")
    NOT_RECOMMENDED = "not_recommended", pgettext_lazy("abtc", "not recommended")
    GRANTED = "granted", pgettext_lazy("abtc", "card granted")
    REFUSED = "refused", pgettext_lazy("abtc", "refused by the Immigration Department")


class AbtcApplication(RecordModel):
    """An application for the province's recommendation of an ABTC: the checks against
    Decision 09/2023/QĐ-TTg, the department's opinion, the letter, the Immigration
    Department's outcome and the card (5 years, not renewable)."""

    businessperson = models.ForeignKey(
        Businessperson,
        verbose_name=_("businessperson"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    enterprise = models.ForeignKey(
        AbtcEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="applications",
        editable=False,
    )
    received_on = models.DateField(_("application received on"), db_index=True)
    economies = models.CharField(
        _("economies to travel to"), max_length=300, blank=True, help_text=_("e.g. all economies")
    )
    opinion = models.TextField(_("department's opinion"), blank=True)
    letter_number = models.CharField(_("recommendation letter number"), max_length=50, blank=True)
    recommended_on = models.DateField(_("recommended on"), null=True, blank=True, db_index=True)
    outcome_on = models.DateField(_("outcome received on"), null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=30, blank=True)
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True, db_index=True)
    card_expires_on = models.DateField(
        _("card valid until"), null=True, blank=True, db_index=True, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AbtcStatus.choices,
        default=AbtcStatus.RECEIVED,
        db_index=True,
    )

    search_fields = ("businessperson__full_name", "enterprise__name", "card_number")

    class Meta:
        verbose_name = _("ABTC application")
        verbose_name_plural = _("ABTC applications")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(vi_collate("card_number"), F("id"), name="consular_abtc_card_vi"),
        ]

    def __str__(self) -> str:
        name = self.businessperson.full_name if self.businessperson_id else "?"
        return _("ABTC application of %(name)s (%(date)s)") % {
            "name": name,
            "date": format_date(self.received_on),
        }

    def clean(self) -> None:
        """A card is not renewed: a new application only once the last card has expired."""
        super().clean()
        if not self.businessperson_id or not self.received_on:
            return
        valid = (
            AbtcApplication.objects.filter(
                businessperson_id=self.businessperson_id,
                card_expires_on__gte=self.received_on,
            )
            .exclude(pk=self.pk)
            .order_by("-card_expires_on")
            .first()
        )
        if valid is not None:
            raise ValidationError(
                {
                    "received_on": _(
                        "This businessperson holds card %(card)s valid until %(date)s; an ABTC is "
                        "not renewed: apply again after it expires."
                    )
                    % {"card": valid.card_number, "date": format_date(valid.card_expires_on)}
                }
            )

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        from doingoai.consular.rules import card_expiry

        if self.businessperson_id:
            self.enterprise_id = (
                Businessperson.objects.filter(pk=self.businessperson_id)
                .values_list("enterprise_id", flat=True)
                .first()
            )
        self.card_expires_on = card_expiry(self.card_issued_on) if self.card_issued_on else None
        super().save(*args, **kwargs)
