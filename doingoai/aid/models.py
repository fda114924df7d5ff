"""Foreign aid (viện trợ nước ngoài, Decree 80/2020/NĐ-CP): donors, aid items (programmes,
projects, non-projects), their sectors, disbursements and progress reports.

Code lists follow the IATI standard (version 2.03) where one exists, so the data maps to it
without translation tables: a donor's kind is an IATI *OrganisationType* code, a sector an
OECD DAC 5-digit purpose code (IATI *SectorVocabulary* 1) with its percentage; the workflow
status maps to *ActivityStatus* in ``iati.py``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import vi_collate
from doingoai.core.models import (
    AdministrativeUnit,
    Country,
    LegalDocument,
    Organisation,
    Person,
    RecordModel,
)
from doingoai.core.money import amount_field, currency_field
from doingoai.core.text import format_date


class DonorKind(models.TextChoices):
    """IATI OrganisationType codes of the donors the province deals with."""

    FOREIGN_NGO = "21", _("foreign non-governmental organisation")
    INTERNATIONAL = "40", _("international organisation")
    GOVERNMENT = "10", _("foreign government agency")
    FOUNDATION = "60", _("foundation")
    PRIVATE = "70", _("foreign enterprise")
    INDIVIDUAL = "90", _("individual or other donor")


class PermitKind(models.TextChoices):
    """The operating permits of a foreign NGO in Vietnam (Decree 58/2022/NĐ-CP)."""

    REGISTRATION = "registration", _("certificate of operation registration")
    PROJECT_OFFICE = "project_office", _("project office registration")
    REPRESENTATIVE = "representative", _("representative office registration")
    OTHER = "other", _("other permit")


class Donor(RecordModel):
    """A foreign donor: an organisation or a person of the core registers, with its country
    and its registration or operating permit in Vietnam where it has one."""

    name = models.CharField(
        _("donor name"),
        max_length=300,
        blank=True,
        help_text=_("Left empty, it is taken from the organisation or the person."),
    )
    kind = models.CharField(
        _("kind of donor"), max_length=3, choices=DonorKind.choices, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_donors",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_donors",
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="aid_donors"
    )
    iati_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("e.g. GB-CHC-202918 (where the donor has one)."),
    )
    permit_kind = models.CharField(
        _("permit in Vietnam"), max_length=20, choices=PermitKind.choices, blank=True, db_index=True
    )
    permit_number = models.CharField(_("permit number"), max_length=100, blank=True)
    permit_issued_on = models.DateField(_("permit issued on"), null=True, blank=True)
    permit_expires_on = models.DateField(
        _("permit valid until"), null=True, blank=True, db_index=True
    )
    contact = models.TextField(_("contact"), blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("name", "organisation__name_en", "organisation__abbreviation", "iati_ref")

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="aid_donor_name_idx"),
            models.Index(vi_collate("name"), F("id"), name="aid_donor_name_vi"),
            models.Index(vi_collate("permit_number"), F("id"), name="aid_donor_permit_vi"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not (self.organisation_id or self.person_id or self.name):
            raise ValidationError(
                {"organisation": _("Choose the donor's organisation or person, or type its name.")}
            )
        if self.organisation_id and self.person_id:
            raise ValidationError(
                {"person": _("A donor is an organisation or a person, not both: keep one.")}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.name:
            if self.organisation_id:
                self.name = self.organisation.name
            elif self.person_id:
                self.name = self.person.full_name
        super().save(*args, **kwargs)


class AidKind(models.TextChoices):
    PROGRAMME = "programme", _("programme")
    PROJECT = "project", _("project")
    NON_PROJECT = "non_project", _("non-project aid")


class AidSource(models.TextChoices):
    NGO = "ngo", _("foreign non-governmental aid")
    ODA = "oda", _("ODA")
    OTHER = "other", _("other source")


class AidStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    IMPLEMENTING = "implementing", _("being implemented")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


#: The statuses of an item that is (or was) being implemented.
RUNNING = (AidStatus.IMPLEMENTING, AidStatus.COMPLETED)


class AidItem(RecordModel):
    """A programme, project or non-project aid (goods, equipment, emergency relief)."""

    code = models.CharField(
        _("item code"),
        max_length=50,
        blank=True,
        help_text=_("The department's code for the item; the IATI identifier is built from it."),
    )
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    kind = models.CharField(_("type of aid"), max_length=12, choices=AidKind.choices)
    source = models.CharField(
        _("source of aid"),
        max_length=5,
        choices=AidSource.choices,
        default=AidSource.NGO,
        db_index=True,
    )
    donors = models.ManyToManyField(
        Donor, verbose_name=_("donors"), blank=True, related_name="items"
    )
    localities = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("beneficiary localities"),
        blank=True,
        related_name="aid_items",
        limit_choices_to={"level__in": ("district", "commune")},
        help_text=_(
            "Communes and wards after 1/7/2025; districts or communes before it: both work."
        ),
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("implementing agency"),
        on_delete=models.PROTECT,
        related_name="aid_items",
    )
    committed_amount = amount_field(_("committed value"))
    committed_currency = currency_field(_("currency"), default="USD")
    approval = models.ForeignKey(
        LegalDocument,
        verbose_name=_("approval decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_items",
    )
    approved_on = models.DateField(
        _("approved on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Left empty, the date of the approval decision."),
    )
    start = models.DateField(_("start"), null=True, blank=True, db_index=True)
    end = models.DateField(_("end"), null=True, blank=True, db_index=True)
    implemented_on = models.DateField(_("implementation began on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AidStatus.choices,
        default=AidStatus.PROPOSED,
        db_index=True,
    )
    description = models.TextField(_("objectives and content"), blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title", "title_en", "code", "agency__name")

    class Meta:
        verbose_name = _("aid item")
        verbose_name_plural = _("aid items")
        ordering = ["-start", "title"]
        indexes = [
            models.Index(fields=["-start", "title", "id"], name="aid_item_list_order"),
            models.Index(fields=["kind", "status"], name="aid_item_kind_status_idx"),
            models.Index(fields=["title"], name="aid_item_title_idx"),
            models.Index(vi_collate("title"), F("id"), name="aid_item_title_vi"),
            models.Index(fields=["committed_amount", "id"], name="aid_item_committed"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start: correct the dates.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The approval date defaults to the date of the approval decision."""
        if self.approved_on is None and self.approval_id:
            self.approved_on = self.approval.issued_date
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "approved_on"}
        super().save(*args, **kwargs)


class Sector(models.TextChoices):
    """OECD DAC 5-digit purpose codes (IATI SectorVocabulary 1) the province's aid uses."""

    HEALTH_POLICY = "12110", _("health policy and administrative management")
    MEDICAL_SERVICES = "12191", _("medical services")
    BASIC_HEALTH = "12220", _("basic health care")
    NUTRITION = "12240", _("basic nutrition")
    REPRODUCTIVE_HEALTH = "13020", _("reproductive health care")
    EDUCATION_POLICY = "11110", _("education policy and administrative management")
    PRIMARY_EDUCATION = "11220", _("primary education")
    VOCATIONAL = "11330", _("vocational training")
    WATER_SANITATION = "14030", _("basic drinking water supply and basic sanitation")
    SOCIAL_PROTECTION = "16010", _("social protection")
    EMPLOYMENT = "16020", _("employment creation")
    WOMEN = "15170", _("women's rights organisations and movements")
    AGRICULTURE = "31120", _("agricultural development")
    FOOD_CROPS = "31161", _("food crop production")
    RURAL_DEVELOPMENT = "43040", _("rural development")
    ENVIRONMENT_POLICY = "41010", _("environmental policy and administrative management")
    BIODIVERSITY = "41030", _("biodiversity")
    MATERIAL_RELIEF = "72010", _("material relief assistance and services")
    EMERGENCY_FOOD = "72040", _("emergency food assistance")
    RECONSTRUCTION = "73010", _("immediate post-emergency reconstruction and rehabilitation")
    DISASTER_PREPAREDNESS = "74020", _("multi-hazard response preparedness")
    UNSPECIFIED = "99810", _("sectors not specified")


class SectorGroup(models.TextChoices):
    """The field's sectors (lĩnh vực), each a group of DAC codes: the reports' breakdown."""

    HEALTH = "health", _("health")
    EDUCATION = "education", _("education and training")
    LIVELIHOOD = "livelihood", _("livelihood and rural development")
    ENVIRONMENT = "environment", _("environment, water and sanitation")
    HUMANITARIAN = "humanitarian", _("humanitarian aid and disaster relief")
    SOCIAL = "social", _("social protection")
    OTHER = "other", _("other sectors")


#: DAC code → the field's sector; the DAC category's first three digits decide.
SECTOR_GROUP_BY_PREFIX = {
    "121": SectorGroup.HEALTH,
    "122": SectorGroup.HEALTH,
    "130": SectorGroup.HEALTH,
    "111": SectorGroup.EDUCATION,
    "112": SectorGroup.EDUCATION,
    "113": SectorGroup.EDUCATION,
    "140": SectorGroup.ENVIRONMENT,
    "410": SectorGroup.ENVIRONMENT,
    "160": SectorGroup.SOCIAL,
    "151": SectorGroup.SOCIAL,
    "311": SectorGroup.LIVELIHOOD,
    "430": SectorGroup.LIVELIHOOD,
    "720": SectorGroup.HUMANITARIAN,
    "730": SectorGroup.HUMANITARIAN,
    "740": SectorGroup.HUMANITARIAN,
}


def sector_group(code: str) -> str:
    if code == Sector.EMPLOYMENT:
        return SectorGroup.LIVELIHOOD
    return SECTOR_GROUP_BY_PREFIX.get(code[:3], SectorGroup.OTHER)


class AidSector(models.Model):
    """One sector of an item with its share (IATI: percentages of one vocabulary sum to
    100). Edited, deleted and restored with its item."""

    item = models.ForeignKey(
        AidItem, verbose_name=_("aid item"), on_delete=models.CASCADE, related_name="sectors"
    )
    code = models.CharField(_("sector"), max_length=5, choices=Sector.choices)
    percentage = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["-percentage", "code"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="aid_sector_unique")]
        indexes = [models.Index(fields=["code"], name="aid_sector_code_idx")]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.percentage}%)"


class Disbursement(RecordModel):
    """An amount of an item that really arrived, on a date, in its currency (IATI
    transaction type 1, incoming funds); converted at the rate of its date."""

    item = models.ForeignKey(
        AidItem,
        verbose_name=_("aid item"),
        on_delete=models.CASCADE,
        related_name="disbursements",
    )
    date = models.DateField(_("date of disbursement"), db_index=True)
    amount = amount_field(_("amount"))
    currency = currency_field(_("currency"), default="USD", db_index=True)
    donor = models.ForeignKey(
        Donor,
        verbose_name=_("from donor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursements",
        help_text=_("Where the item has several donors: which one paid."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    search_fields = ("item__title", "note")

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["item", "date"], name="aid_disb_item_date_idx"),
            models.Index(fields=["amount", "id"], name="aid_disb_amount"),
        ]

    def __str__(self) -> str:
        from doingoai.core.text import format_number

        return f"{format_date(self.date)}: {format_number(self.amount, 2)} {self.currency}"

    def clean(self) -> None:
        super().clean()
        if (
            self.donor_id
            and self.item_id
            and not self.item.donors.filter(pk=self.donor_id).exists()
        ):
            raise ValidationError(
                {"donor": _("This donor is not a donor of the item: choose one of its donors.")}
            )


class ProgressReport(models.Model):
    """A progress report of an item (six-monthly and yearly, Decree 80/2020/NĐ-CP). Edited,
    deleted and restored with its item."""

    item = models.ForeignKey(
        AidItem,
        verbose_name=_("aid item"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_end = models.DateField(_("reporting period ends"))
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    summary = models.TextField(_("progress and results"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return format_date(self.period_end)
