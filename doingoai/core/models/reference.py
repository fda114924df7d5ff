"""Reference data shared by every area: countries, administrative units, organisations,
persons, legal documents, attachments, the installation's settings and its legal rules."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doingoai.core.collation import vi_collate, vi_order
from doingoai.core.kept import Kept
from doingoai.core.models.base import RecordModel, RecordQuerySet
from doingoai.core.sortkeys import RelatedName
from doingoai.core.text import fold


class CountryQuerySet(RecordQuerySet):
    """Countries, found by any of their names."""

    def by_alias(self, text: str) -> CountryQuerySet:
        """The country whose ISO code is ``text`` ("MY", "MYS"), else those one of whose names
        (official, English, other names) is ``text``, ignoring case and diacritics ("Mỹ",
        "my" → Hoa Kỳ)."""
        value = str(text).strip()
        if value.isascii() and value.isalpha() and value.isupper() and len(value) in (2, 3):
            return self.filter(models.Q(code=value) | models.Q(alpha3=value))
        key = fold(value)
        return self.filter(alias_keys__contains=f"|{key}|") if key else self.none()


class Country(RecordModel):
    """A country or territory (ISO 3166-1) under its official Vietnamese name."""

    class Confidence(models.TextChoices):
        SOURCED = "sourced", _("checked against a public source")
        COMMON = "common", _("commonly cited, not yet checked")
        USER = "user", _("entered by a user")

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, blank=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other names in use, one per line (short name, English name...): imports, "
            "filters and search accept them."
        ),
    )
    alias_keys = models.TextField(default="", editable=False)
    relations_date = models.DateField(_("diplomatic relations established"), null=True, blank=True)
    relations_confidence = models.CharField(
        _("reliability of the date"), max_length=10, choices=Confidence.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    objects = CountryQuerySet.as_manager()

    search_fields = ("name_vi", "name_en", "code", "alpha3", "aliases")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = [vi_order("name_vi")]

    def __str__(self) -> str:
        return self.name_vi

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def save(self, *args: Any, **kwargs: Any) -> None:
        names = [self.name_vi, self.name_en, *self.alias_list()]
        self.alias_keys = "|" + "|".join(dict.fromkeys(fold(n) for n in names if n)) + "|"
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "alias_keys"}
        super().save(*args, **kwargs)


class AdministrativeUnit(RecordModel):
    """A province, district or commune, of the period before or after 1 July 2025."""

    class Period(models.TextChoices):
        CURRENT = "current", _("from 1/7/2025 (two levels)")
        LEGACY = "legacy", _("before 1/7/2025 (three levels)")

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune / ward")

    code = models.PositiveIntegerField(_("code"))
    name = models.CharField(_("name"), max_length=150)
    division_type = models.CharField(_("type"), max_length=50, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("merged into"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("For a unit before 1/7/2025: the unit(s) of the new period it became part of."),
    )

    search_fields = ("name", "parent__name", "code")

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["period", "level", vi_order("name")]
        constraints = [
            models.UniqueConstraint(fields=["period", "level", "code"], name="adminunit_unique")
        ]

    def __str__(self) -> str:
        if self.period == self.Period.LEGACY and self.parent_id and self.level == "commune":
            return f"{self.name} ({self.parent.name}, trước 1/7/2025)"
        return self.name


class Organisation(RecordModel):
    """A domestic agency, enterprise, foreign NGO, foreign government or locality, embassy
    or international organisation."""

    class Kind(models.TextChoices):
        PROVINCIAL_AGENCY = "provincial_agency", _("provincial agency")
        COMMUNE = "commune", _("commune People's Committee")
        PUBLIC_UNIT = "public_unit", _("public service unit")
        ENTERPRISE = "enterprise", _("enterprise")
        CENTRAL_AGENCY = "central_agency", _("central agency")
        FOREIGN_NGO = "foreign_ngo", _("foreign non-governmental organisation")
        FOREIGN_GOVERNMENT = "foreign_government", _("foreign government agency")
        FOREIGN_LOCALITY = "foreign_locality", _("foreign locality")
        EMBASSY = "embassy", _("embassy / consulate")
        INTERNATIONAL = "international", _("international organisation")
        FOREIGN_ENTERPRISE = "foreign_enterprise", _("foreign enterprise")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    search_fields = ("name", "abbreviation", "name_en", "country__name_vi")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [vi_order("name")]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(vi_collate("name"), name="organisation_name_vi"),
            models.Index(vi_collate("abbreviation"), name="organisation_abbr_vi"),
            models.Index(fields=["is_active"], name="organisation_active"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(RecordModel):
    """A person: an official on a trip, a foreign guest, a contact."""

    #: No report section counts persons themselves, only the records that refer to them (a
    #: delegation's members, a case's persons): a person just created changes no kept
    #: report figure (``doingoai.reports.kept``); an edit or a deletion still may.
    counted_through_references = True

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    #: the organisation's name kept for the list's sort by organisation (core.sortkeys)
    organisation_name = RelatedName(related="organisation", source="name", max_length=300)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    id_number = models.CharField(
        _("ID card / passport number"),
        max_length=30,
        blank=True,
        help_text=_("Personal data: shown only to roles allowed to see it; every view is logged."),
    )
    note = models.TextField(_("note"), blank=True)

    search_fields = ("full_name", "position", "organisation__name")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = [vi_order("full_name")]
        indexes = [
            # the key last: pages are read in (name, key) order (core.paging.stable), and a
            # deep page walks this index alone
            models.Index(vi_collate("full_name"), F("id"), name="person_full_name_vi"),
            models.Index(vi_collate("position"), name="person_position_vi"),
            # the filter by sex in the list's order: a page walks it without passing the
            # other sex's names (half a million at the stress scale)
            models.Index(F("sex"), vi_collate("full_name"), F("id"), name="person_sex"),
            models.Index(fields=["birth_year"], name="person_birth_year"),
            # the import matches a person by (name, date of birth)
            models.Index(fields=["full_name", "birth_date"], name="person_name_birth"),
            models.Index(vi_collate("organisation_name"), F("id"), name="person_org_vi"),
        ]
        permissions = [("view_personal_data", _("Can view sensitive personal data"))]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth is in the future.")})
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise ValidationError(
                {"birth_year": _("The year of birth does not match the date of birth.")}
            )
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year


class LegalDocument(RecordModel):
    """A legal or administrative document, cited as number/symbol, date and issuer."""

    class Kind(models.TextChoices):
        DECISION = "QĐ", _("decision")
        OFFICIAL_LETTER = "CV", _("official letter")
        REPORT = "BC", _("report")
        PLAN = "KH", _("plan")
        SUBMISSION = "TTr", _("submission")
        NOTICE = "TB", _("notice")
        INVITATION = "GM", _("invitation")
        MOU = "BGN", _("memorandum of understanding")
        GUIDANCE = "HD", _("guidance")
        DIRECTIVE = "CT", _("directive")
        LAW = "LUAT", _("law / decree / circular")
        OTHER = "KHAC", _("other")

    number = models.CharField(_("number/symbol"), max_length=100)
    kind = models.CharField(_("document type"), max_length=5, choices=Kind.choices)
    issued_date = models.DateField(_("date issued"))
    issuer = models.CharField(_("issuing body"), max_length=300)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))

    search_fields = ("number", "summary", "issuer", "signer_name")

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_date", "number"]
        indexes = [
            models.Index(fields=["-issued_date", "number"], name="legaldoc_issued_number"),
            models.Index(fields=["kind", "issued_date"], name="legaldoc_kind_issued"),
            models.Index(vi_collate("number"), name="legaldoc_number_vi"),
            models.Index(vi_collate("issuer"), name="legaldoc_issuer_vi"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_date", "issuer"], name="legaldocument_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_date:%d/%m/%Y}"


class RecordDocument(models.Model):
    """Links a legal document to any record (the record it created or concerns)."""

    document = models.ForeignKey(
        LegalDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("linked document")
        verbose_name_plural = _("linked documents")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "content_type", "object_id"], name="recorddocument_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]


def _attachment_path(instance: Attachment, filename: str) -> str:
    today = timezone.localdate()
    suffix = Path(filename).suffix.lower()
    return f"attachments/{today:%Y/%m}/{instance.content_type_id}-{instance.object_id}{suffix}"


class Attachment(models.Model):
    """A file attached to any record; served only to users who may see that record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="previous_versions",
        help_text=_("A generated document made again: the new file replaces this one."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class SiteSettings(models.Model):
    """The installation's identity: agency, province, letterhead and signers (one row)."""

    agency_name = models.CharField(
        _("agency name"), max_length=200, default="Sở Ngoại vụ tỉnh Nghệ An"
    )
    governing_body = models.CharField(
        _("governing body (letterhead line 1)"), max_length=200, default="UBND TỈNH NGHỆ AN"
    )
    agency_letterhead = models.CharField(
        _("agency (letterhead line 2)"), max_length=200, default="SỞ NGOẠI VỤ"
    )
    agency_symbol = models.CharField(
        _("agency symbol in document numbers"), max_length=30, default="SNgV"
    )
    province_name = models.CharField(_("province"), max_length=100, default="Nghệ An")
    place_name = models.CharField(_("place in the date line"), max_length=100, default="Nghệ An")
    committee_name = models.CharField(
        _("provincial People's Committee"), max_length=200, default="Ủy ban nhân dân tỉnh Nghệ An"
    )
    committee_symbol = models.CharField(
        _("People's Committee symbol"), max_length=30, default="UBND"
    )
    director_title = models.CharField(_("director's title"), max_length=100, default="GIÁM ĐỐC")
    director_name = models.CharField(_("director's name"), max_length=100, blank=True)
    chair_title = models.CharField(_("chair's title"), max_length=100, default="CHỦ TỊCH")
    chair_name = models.CharField(_("chair's name"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    history = HistoricalRecords(excluded_fields=[])

    class Meta:
        verbose_name = _("system settings")
        verbose_name_plural = _("system settings")

    def __str__(self) -> str:
        return self.agency_name

    @classmethod
    def load(cls) -> SiteSettings:
        """The single settings row, created on first use with the configured province's
        defaults, which it follows until the administrator edits them. Every page shows it:
        a worker keeps it while its table is unwritten (``core.kept``) and hands out a copy,
        which a form may change without saving."""
        code = settings.PROVINCE_CODE
        kept = _kept_settings.get((code,), lambda: cls._read(code), tables=(cls._meta.db_table,))
        return copy.deepcopy(kept)

    @classmethod
    def _read(cls, code: str) -> SiteSettings:
        from doingoai.core.site_defaults import follow_province, province_defaults

        obj, created = cls.objects.get_or_create(pk=1, defaults=province_defaults(code))
        if not created and follow_province(obj, code):  # the configured province changed
            obj.save()
        return obj


_kept_settings = Kept("site-settings", 60, most=4)


class Rule(models.Model):
    """A number a legal text or the province's regulation sets, kept with its source so that
    it can be corrected when the text changes (defaults in ``doingoai.core.rules``)."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    label = models.CharField(_("rule"), max_length=300)
    value = models.IntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()
