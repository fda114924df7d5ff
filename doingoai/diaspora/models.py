"""The overseas-Vietnamese database (cơ sở dữ liệu về người Việt Nam ở nước ngoài): persons
from the province living abroad and their consents, associations (Hội đồng hương, professional
and business associations), investments and donations in the province, visits home and
events for overseas Vietnamese; duplicate candidates and requests about personal data.

The person table is built for a million rows: every list filter and sort has an index
(folded name + id, country, home unit, birth year, date recorded), and the keys that find
duplicate candidates are stored and indexed (blocking keys), so that candidates are found by
equal keys, never by comparing all pairs."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.core.collation import vi_collate
from doingoai.core.models import AdministrativeUnit, Country, Organisation, RecordModel
from doingoai.core.money import amount_field, currency_field
from doingoai.core.sortkeys import RelatedName
from doingoai.core.text import fold

_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def passport_key(number: str) -> str:
    """The passport's blocking key: a hash of its letters and digits (the number itself is
    never stored in an indexed column)."""
    clean = _NOT_ALNUM.sub("", fold(number))
    return hashlib.sha256(clean.encode()).hexdigest()[:32] if clean else ""


def sorted_name(folded: str) -> str:
    """The folded name's words in order ("hung van nguyen" for "Nguyễn Văn Hùng" and for
    "Hùng Nguyễn Văn"): a name written in the Western order still meets its twin."""
    return " ".join(sorted(folded.split()))


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Nationality(models.TextChoices):
    VIETNAMESE = "vietnamese", _("Vietnamese nationality only")
    DUAL = "dual", _("Vietnamese and foreign nationality")
    FOREIGN = "foreign", _("foreign nationality, of Vietnamese origin")
    UNKNOWN = "unknown", _("not known")


class Expertise(models.TextChoices):
    ECONOMY = "economy", _("economy, business")
    SCIENCE = "science", _("science and technology")
    IT = "it", _("information technology")
    HEALTH = "health", _("health care")
    EDUCATION = "education", _("teaching, education")
    CULTURE = "culture", _("culture, arts, sport")
    LAW = "law", _("law")
    LABOUR = "labour", _("skilled labour")
    OTHER = "other", _("other")


class Education(models.TextChoices):
    SCHOOL = "school", _("secondary school")
    VOCATIONAL = "vocational", _("vocational training")
    UNIVERSITY = "university", _("university")
    MASTER = "master", _("master's degree")
    DOCTOR = "doctor", _("doctorate")


class DiasporaPerson(RecordModel):
    """An overseas Vietnamese from the province (người Việt Nam ở nước ngoài quê tỉnh)."""

    code = models.CharField(
        _("file code"),
        max_length=30,
        blank=True,
        help_text=_("The department's code of the person's file; a re-import updates by it."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    former_names = models.CharField(
        _("former or other names"),
        max_length=300,
        blank=True,
        help_text=_("Names used before or abroad, separated by semicolons."),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True, db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Filled from the date of birth when that is known."),
    )
    home_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("home commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A commune of either period (before or after 1/7/2025)."),
    )
    home_address = models.CharField(_("hometown (village, hamlet)"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country of residence"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city of residence"), max_length=100, blank=True)
    nationality = models.CharField(
        _("nationality status"),
        max_length=12,
        choices=Nationality.choices,
        default=Nationality.UNKNOWN,
        db_index=True,
    )
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    expertise = models.CharField(
        _("field of expertise"), max_length=12, choices=Expertise.choices, blank=True, db_index=True
    )
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.CharField(_("email"), max_length=150, blank=True)
    address_abroad = models.CharField(_("address abroad"), max_length=300, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    family_in_province = models.TextField(
        _("family in the province"),
        blank=True,
        help_text=_("Relatives living in the province: name, relation, commune."),
    )
    source = models.CharField(
        _("source of the information"),
        max_length=200,
        blank=True,
        help_text=_("Who gave the information, or from which list or survey it comes."),
    )
    recorded_on = models.DateField(_("date recorded"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)

    # --- stored derived columns (filled by build_search_text, also on bulk inserts) -------
    name_folded = models.CharField(max_length=150, default="", editable=False)
    key_name_year = models.CharField(max_length=160, default="", editable=False)
    key_sorted_country = models.CharField(max_length=160, default="", editable=False)
    key_passport = models.CharField(max_length=32, default="", editable=False)
    #: A consent to be contacted is in force (kept by consent saves): contact exports.
    contact_consent = models.BooleanField(
        _("agrees to be contacted"), default=False, editable=False
    )
    erased_at = models.DateTimeField(_("personal data erased on"), null=True, editable=False)

    search_fields = ("full_name", "former_names", "city", "occupation", "code")

    class Meta:
        verbose_name = _("overseas Vietnamese")
        verbose_name_plural = _("overseas Vietnamese")
        ordering = ["name_folded", "id"]
        permissions = [
            ("view_diaspora_personal_data", _("Can see overseas Vietnamese personal data"))
        ]
        indexes = [
            models.Index(fields=["name_folded", "id"], name="dsp_person_name"),
            models.Index(fields=["country", "name_folded", "id"], name="dsp_person_country"),
            models.Index(fields=["home_unit", "name_folded", "id"], name="dsp_person_home"),
            models.Index(fields=["birth_year", "id"], name="dsp_person_year"),
            models.Index(fields=["recorded_on"], name="dsp_person_recorded"),
            models.Index(fields=["key_name_year"], name="dsp_person_k_name_year"),
            models.Index(fields=["key_sorted_country"], name="dsp_person_k_sorted"),
            models.Index(fields=["key_passport"], name="dsp_person_k_passport"),
            models.Index(fields=["contact_consent", "name_folded"], name="dsp_person_consent"),
            models.Index(fields=["code"], name="dsp_person_code"),
            models.Index(vi_collate("city"), F("id"), name="dsp_person_city_vi"),
            models.Index(vi_collate("occupation"), F("id"), name="dsp_person_occupation_vi"),
        ]

    def __str__(self) -> str:
        year = f" ({self.birth_year})" if self.birth_year else ""
        return f"{self.full_name}{year}"

    def fill_derived(self) -> None:
        """The stored derived columns: birth year from the date, folded name, blocking keys."""
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        self.name_folded = fold(self.full_name)[:150]
        year = str(self.birth_year or "")
        self.key_name_year = f"{self.name_folded}|{year}" if year and self.name_folded else ""
        ordered = sorted_name(self.name_folded)
        self.key_sorted_country = f"{ordered}|{self.country_id}" if ordered else ""
        self.key_passport = passport_key(self.passport_number)

    def build_search_text(self) -> str:
        """Called by every save and by core's bulk inserts (imports): the derived columns are
        filled here so that a bulk-created person has them too."""
        self.fill_derived()
        return super().build_search_text()

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        """The consent flag is read from the consents on every save, so that a stale copy
        of the person never overwrites it (a new person has none yet)."""
        if self.pk and not self.erased_at:
            self.contact_consent = Consent.given_and_not_withdrawn(self.pk, Consent.Purpose.CONTACT)
        elif self.erased_at:
            self.contact_consent = False
        super().save(*args, **kwargs)


class Consent(RecordModel):
    """A person's consent to one purpose of processing (Decree 13/2023/NĐ-CP, art. 11):
    when, how, for what; withdrawn when it was. Silence is not consent: without a row given
    and not withdrawn, the purpose is not consented."""

    @classmethod
    def given_and_not_withdrawn(cls, person_id: int, purpose: str, on=None) -> bool:  # noqa: ANN001
        """Whether the person consented to ``purpose`` and has not withdrawn it by ``on``
        (today). Silence is not consent: no row, no consent."""
        on = on or timezone.localdate()
        return (
            cls.objects.filter(person_id=person_id, purpose=purpose, given_on__lte=on)
            .filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on))
            .exists()
        )

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("contacting the person (invitations, information)")
        STATISTICS = "statistics", _("statistics and reports")
        SHARE = "share", _("sharing with other agencies of the province")
        PUBLISH = "publish", _("publishing name and achievements")

    class Method(models.TextChoices):
        WRITTEN = "written", _("written form signed")
        ELECTRONIC = "electronic", _("electronic form")
        RECORDED = "recorded", _("oral, recorded in minutes")

    person = models.ForeignKey(
        DiasporaPerson,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, db_index=True)
    given_on = models.DateField(_("date given"), db_index=True)
    method = models.CharField(_("how given"), max_length=12, choices=Method.choices, db_index=True)
    scope = models.CharField(
        _("scope"),
        max_length=300,
        blank=True,
        help_text=_("What the person agreed to, in their words (data, channels, period)."),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, db_index=True)
    note = models.TextField(_("note"), blank=True)
    #: the person's name, for the list sorted by person (core.sortkeys)
    person_name = RelatedName(related="person", source="full_name", max_length=150)

    search_fields = ("person__full_name", "scope")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(fields=["person", "purpose"], name="dsp_consent_person"),
            models.Index(vi_collate("person_name"), F("id"), name="dsp_consent_person_vi"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError(
                {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
            )

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None or self.withdrawn_on > timezone.localdate()


class Association(RecordModel):
    """An association of overseas Vietnamese (Hội đồng hương, professional, business)."""

    class Kind(models.TextChoices):
        HOMETOWN = "hometown", _("hometown association")
        PROFESSIONAL = "professional", _("professional association")
        BUSINESS = "business", _("business association")
        OTHER = "other", _("other association")

    name = models.CharField(_("name"), max_length=250, db_index=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, db_index=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    leaders = models.TextField(
        _("leaders"), blank=True, help_text=_("Chair and vice-chairs, one per line.")
    )
    members = models.ManyToManyField(
        DiasporaPerson, verbose_name=_("members"), blank=True, related_name="associations"
    )
    member_count = models.PositiveIntegerField(
        _("number of members"),
        null=True,
        blank=True,
        help_text=_("As the association declares it (members not all on file)."),
    )
    contacts = models.TextField(_("contacts"), blank=True)
    activities = models.TextField(_("activities"), blank=True)

    search_fields = ("name", "city", "country__name_vi")

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["country", "kind"], name="dsp_assoc_country"),
            models.Index(vi_collate("name"), F("id"), name="dsp_assoc_name_vi"),
            models.Index(vi_collate("city"), F("id"), name="dsp_assoc_city_vi"),
            models.Index(fields=["member_count", "id"], name="dsp_assoc_members"),
        ]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    INDUSTRY = "industry", _("industry, processing")
    AGRICULTURE = "agriculture", _("agriculture, forestry, fisheries")
    TOURISM = "tourism", _("tourism, hotels, restaurants")
    REAL_ESTATE = "real_estate", _("real estate, infrastructure")
    TRADE = "trade", _("trade and services")
    TECHNOLOGY = "technology", _("technology")
    EDUCATION = "education", pgettext_lazy("sector", "education and training")
    HEALTH = "health", pgettext_lazy("sector", "health care")
    CHARITY = "charity", _("charity and social welfare")
    OTHER = "other", pgettext_lazy("sector", "other")


class Investment(RecordModel):
    """An investment project or a donation in the province by overseas Vietnamese."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("investment project")
        DONATION = "donation", _("donation, charity")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        OPERATING = "operating", _("operating")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")

    title = models.CharField(_("project or donation"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    sector = models.CharField(_("sector"), max_length=15, choices=Sector.choices)
    locality = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    investors = models.ManyToManyField(
        DiasporaPerson, verbose_name=_("investor persons"), blank=True, related_name="investments"
    )
    enterprise = models.ForeignKey(
        Organisation,
        verbose_name=_("investor enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField(_("date registered or given"), db_index=True)
    registered_capital = amount_field(_("registered capital or value"))
    realised_capital = amount_field(_("realised capital"), null=True, blank=True)
    currency = currency_field(_("currency"), default="USD")
    registered_usd = models.DecimalField(
        _("registered capital in USD"),
        max_digits=17,
        decimal_places=2,
        null=True,
        editable=False,
        help_text=_("At the rate of the date registered (Reference data → Exchange rates)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    ended_on = models.DateField(_("terminated on"), null=True, blank=True)
    document = models.CharField(_("investment certificate or decision"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title", "document")

    class Meta:
        verbose_name = _("investment or donation")
        verbose_name_plural = _("investments and donations")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "registered_on"], name="dsp_invest_kind_date"),
            models.Index(fields=["sector"], name="dsp_invest_sector"),
            models.Index(vi_collate("title"), F("id"), name="dsp_invest_title_vi"),
            models.Index(fields=["currency", "id"], name="dsp_invest_currency"),
            models.Index(fields=["registered_capital", "id"], name="dsp_invest_capital"),
        ]

    def __str__(self) -> str:
        return self.title

    def build_search_text(self) -> str:
        """Called by every save and by core's bulk inserts (imports): the registered capital
        in USD, at the rate of the date registered, is stored here (None without a rate)."""
        from doingoai.core.money import NoRate, convert

        try:
            self.registered_usd = convert(
                self.registered_capital, self.currency, "USD", on=self.registered_on
            ).amount
        except (NoRate, TypeError, ValueError, ArithmeticError):
            self.registered_usd = None
        return super().build_search_text()


class Visit(RecordModel):
    """A visit home (về thăm quê hương) by overseas Vietnamese, received by the province."""

    title = models.CharField(_("visit"), max_length=250)
    arrived_on = models.DateField(_("arrived on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("coming from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitors = models.ManyToManyField(
        DiasporaPerson, verbose_name=_("visitors on file"), blank=True, related_name="visits"
    )
    visitor_count = models.PositiveIntegerField(
        _("number of visitors"), validators=[MinValueValidator(1)]
    )
    purpose = models.CharField(_("purpose"), max_length=250, blank=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title", "purpose")

    class Meta:
        verbose_name = _("visit home")
        verbose_name_plural = _("visits home")
        ordering = ["-arrived_on", "-id"]
        indexes = [
            models.Index(fields=["arrived_on"], name="dsp_visit_arrived"),
            models.Index(vi_collate("title"), F("id"), name="dsp_visit_title_vi"),
            models.Index(fields=["visitor_count", "id"], name="dsp_visit_visitors"),
        ]

    def __str__(self) -> str:
        return self.title


class Event(RecordModel):
    """An event for overseas Vietnamese (summer camp, Tết gathering, forum ...)."""

    class Kind(models.TextChoices):
        SUMMER_CAMP = "summer_camp", _("summer camp for young overseas Vietnamese")
        TET = "tet", _("Tết gathering")
        FORUM = "forum", _("conference, forum")
        CULTURE = "culture", _("cultural exchange")
        OTHER = "other", pgettext_lazy("event", "other")

    name = models.CharField(_("event"), max_length=250)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    start_on = models.DateField(_("starts on"))
    end_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        DiasporaPerson, verbose_name=_("participants on file"), blank=True, related_name="events"
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), validators=[MinValueValidator(0)], default=0
    )
    note = models.TextField(_("note"), blank=True)

    search_fields = ("name", "place", "organiser")

    class Meta:
        verbose_name = _("event for overseas Vietnamese")
        verbose_name_plural = _("events for overseas Vietnamese")
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["start_on"], name="dsp_event_start"),
            models.Index(vi_collate("name"), F("id"), name="dsp_event_name_vi"),
            models.Index(vi_collate("place"), F("id"), name="dsp_event_place_vi"),
            models.Index(fields=["participant_count", "id"], name="dsp_event_participants"),
        ]

    def __str__(self) -> str:
        return self.name


class DuplicateCandidate(models.Model):
    """Two persons that may be one (found by equal blocking keys, scored). The persons are
    kept by id, not by foreign key: a merge moves every row that refers to the duplicate,
    and a candidate must not be moved onto the kept person."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not the same person")

    first_id = models.PositiveBigIntegerField(db_index=True)
    second_id = models.PositiveBigIntegerField(db_index=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=3)
    reasons = models.CharField(_("matching on"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first_id", "second_id"], name="dsp_dup_pair")
        ]
        indexes = [models.Index(fields=["status", "-score"], name="dsp_dup_status")]


class DataRequest(models.Model):
    """A person's request about their data (export of everything, or erasure /
    anonymisation), and what was done: kept after the erasure, without the person's data."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("copy of all the data")
        ERASE = "erase", _("erasure (anonymisation)")

    person_id = models.PositiveBigIntegerField(_("person (record number)"), db_index=True)
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("received how"), max_length=200)
    reason = models.TextField(_("reason and basis"))
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-done_at"]
