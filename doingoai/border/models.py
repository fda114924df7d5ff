"""Border markers (mốc quốc giới) and their inspections, border gates (cửa khẩu) and the
history of their status, and border incidents on land and at sea (sự cố biên giới)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.core.collation import vi_collate
from doingoai.core.models import (
    AdministrativeUnit,
    Country,
    LegalDocument,
    Organisation,
    RecordModel,
)
from doingoai.core.places import latitude_field, longitude_field
from doingoai.core.text import format_date


class Condition(models.TextChoices):
    """The condition of a border marker, as an inspection finds it."""

    INTACT = "intact", pgettext_lazy("border", "intact")
    DAMAGED = "damaged", pgettext_lazy("border", "damaged")
    DESTROYED = "destroyed", pgettext_lazy("border", "destroyed or lost")
    REPAIRED = "repaired", pgettext_lazy("border", "repaired")


#: Conditions that call for a repair.
NEEDS_REPAIR = (Condition.DAMAGED, Condition.DESTROYED)


class BorderMarker(RecordModel):
    """A national border marker, with its condition as its latest inspection found it."""

    class Kind(models.TextChoices):
        MAIN = "main", _("main marker")
        SECONDARY = "secondary", _("secondary marker")

    class Arrangement(models.TextChoices):
        SINGLE = "single", pgettext_lazy("border", "single")
        DOUBLE = "double", pgettext_lazy("border", "double")
        TRIPLE = "triple", pgettext_lazy("border", "triple")

    number = models.CharField(
        _("marker number"), max_length=30, help_text=_('As written on the marker, e.g. "123(2)".')
    )
    kind = models.CharField(_("marker type"), max_length=20, choices=Kind.choices)
    arrangement = models.CharField(
        _("single, double or triple"),
        max_length=10,
        choices=Arrangement.choices,
        default=Arrangement.SINGLE,
    )
    country = models.ForeignKey(
        Country, verbose_name=_("neighbouring country"), on_delete=models.PROTECT
    )
    segment = models.CharField(_("border segment"), max_length=150, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("border commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    latitude = latitude_field(_("latitude"))
    longitude = longitude_field(_("longitude"))
    condition = models.CharField(
        _("current condition"),
        max_length=20,
        choices=Condition.choices,
        default=Condition.INTACT,
        db_index=True,
        help_text=_("Follows the marker's latest inspection once it has one."),
    )
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("number", "segment", "commune__name", "country__name_vi")
    #: never inspected yet (reports/kept.py)
    null_dates_not_yet = True

    class Meta:
        verbose_name = _("border marker")
        verbose_name_plural = _("border markers")
        ordering = ["country_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["country", "number"], name="border_marker_unique")
        ]
        indexes = [
            models.Index(fields=["segment"], name="border_marker_segment"),
            models.Index(fields=["kind", "country", "number"], name="border_marker_kind"),
            models.Index(vi_collate("number"), F("id"), name="border_marker_number_vi"),
            models.Index(vi_collate("segment"), F("id"), name="border_marker_segment_vi"),
        ]

    def __str__(self) -> str:
        return _("Marker %(number)s") % {"number": self.number}


class MarkerInspection(RecordModel):
    """One inspection of a marker (or the repair works done on it), with what it found."""

    marker = models.ForeignKey(
        BorderMarker,
        verbose_name=_("border marker"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspection date"), db_index=True)
    condition = models.CharField(_("condition found"), max_length=20, choices=Condition.choices)
    inspector = models.CharField(_("inspector or agency"), max_length=200)
    repair_works = models.TextField(_("repair works"), blank=True)
    notes = models.TextField(pgettext_lazy("border", "notes"), blank=True)

    search_fields = ("marker__number", "inspector")

    class Meta:
        verbose_name = _("marker inspection")
        verbose_name_plural = _("marker inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [
            models.Index(fields=["condition", "inspected_on"], name="border_inspection_condition"),
            models.Index(vi_collate("inspector"), F("id"), name="border_inspection_inspector_vi"),
        ]

    def __str__(self) -> str:
        return _("Marker %(number)s inspected on %(date)s") % {
            "number": self.marker.number,
            "date": format_date(self.inspected_on),
        }


class GateStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("border", "open")
    RESTRICTED = "restricted", pgettext_lazy("border", "restricted")
    CLOSED = "closed", pgettext_lazy("border", "closed")


class BorderGate(RecordModel):
    """A border gate or border opening, with its counterpart across the border; its status
    follows the latest entry of its status history."""

    class Level(models.TextChoices):
        INTERNATIONAL = "international", _("international border gate")
        MAIN = "main", _("main border gate")
        SECONDARY = "secondary", _("secondary border gate")
        OPENING = "opening", _("border opening")

    name = models.CharField(_("name of the gate"), max_length=200)
    level = models.CharField(_("gate level"), max_length=20, choices=Level.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("neighbouring country"), on_delete=models.PROTECT
    )
    counterpart = models.CharField(_("counterpart gate"), max_length=200, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("border commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    latitude = latitude_field(_("latitude"))
    longitude = longitude_field(_("longitude"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GateStatus.choices,
        default=GateStatus.OPEN,
        db_index=True,
        help_text=_("Follows the latest entry of the status history once it has one."),
    )
    note = models.TextField(_("note"), blank=True)

    search_fields = ("name", "counterpart", "commune__name")

    class Meta:
        verbose_name = _("border gate")
        verbose_name_plural = _("border gates")
        ordering = ["level", "name", "id"]
        indexes = [
            models.Index(fields=["level", "name"], name="border_gate_level"),
            models.Index(vi_collate("name"), F("id"), name="border_gate_name_vi"),
            models.Index(vi_collate("counterpart"), F("id"), name="border_gate_counterpart_vi"),
        ]
        constraints = [models.UniqueConstraint(fields=["name"], name="border_gate_unique_name")]

    def __str__(self) -> str:
        return self.name


class GateStatusChange(models.Model):
    """An opening, closure or restriction of a gate from a date, with its reason and the
    legal document that decided it. Deleted and restored with its gate."""

    gate = models.ForeignKey(
        BorderGate,
        verbose_name=_("border gate"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    changed_on = models.DateField(_("from date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=GateStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("legal document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("gate status change")
        verbose_name_plural = _("gate status history")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{format_date(self.changed_on)}: {self.get_status_display()}"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("border", "reported")
    HANDLING = "handling", pgettext_lazy("border", "being handled")
    RESOLVED = "resolved", pgettext_lazy("border", "resolved")
    CLOSED = "closed", pgettext_lazy("border", "closed without outcome")


class BorderIncident(RecordModel):
    """A land-border incident or an incident at sea (fishing vessels or fishermen held
    abroad, IUU fishing, foreign vessels in Vietnamese waters)."""

    class Kind(models.TextChoices):
        LAND = "land", _("land-border incident")
        MARKER = "marker", _("encroachment or damage to markers")
        FISHERMEN_HELD = "fishermen_held", _("fishing vessel or fishermen held abroad")
        IUU = "iuu", _("illegal, unreported and unregulated (IUU) fishing")
        FOREIGN_VESSEL = "foreign_vessel", _("foreign vessel in Vietnamese waters")
        OTHER_SEA = "other_sea", _("other incident at sea")

    title = models.CharField(pgettext_lazy("border", "incident"), max_length=300)
    kind = models.CharField(_("kind of incident"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date of the incident"), db_index=True)
    place = models.CharField(pgettext_lazy("border", "place"), max_length=300, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=pgettext_lazy("border", "commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    latitude = latitude_field(_("latitude"))
    longitude = longitude_field(_("longitude"))
    parties = models.TextField(_("parties involved"), blank=True)
    vessel_name = models.CharField(pgettext_lazy("border", "vessel"), max_length=150, blank=True)
    vessel_registration = models.CharField(
        _("vessel registration number"), max_length=50, blank=True
    )
    crew_count = models.PositiveIntegerField(
        _("crew members"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    held_by = models.ForeignKey(
        Country,
        verbose_name=pgettext_lazy("border", "held by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling = models.TextField(_("handling steps"), blank=True)
    outcome = models.TextField(pgettext_lazy("border", "outcome"), blank=True)
    resolved_on = models.DateField(_("date resolved"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
        db_index=True,
    )

    search_fields = ("title", "vessel_name", "vessel_registration", "place")
    #: not resolved yet (reports/kept.py)
    null_dates_not_yet = True

    class Meta:
        verbose_name = _("border incident")
        verbose_name_plural = _("border incidents")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "occurred_on"], name="border_incident_kind"),
            models.Index(vi_collate("title"), F("id"), name="border_incident_title_vi"),
            models.Index(vi_collate("place"), F("id"), name="border_incident_place_vi"),
        ]

    def __str__(self) -> str:
        return self.title


class CommuneExchange(RecordModel):
    """A foreign-affairs activity of a border commune with the locality across the border
    (Circular 09/2025/TT-BNG): a meeting, an exchange, mutual support; entered by the
    commune as a submitting agency."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting or talks")
        EXCHANGE = "exchange", _("friendship exchange")
        SUPPORT = "support", _("mutual support")
        OTHER = "other", _("other activity")

    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("commune's People's Committee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("border commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("date held"), db_index=True)
    kind = models.CharField(_("kind of activity"), max_length=20, choices=Kind.choices)
    counterpart = models.CharField(_("counterpart locality"), max_length=300)
    country = models.ForeignKey(
        Country, verbose_name=_("neighbouring country"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("content"))
    outcome = models.TextField(pgettext_lazy("border", "outcome"), blank=True)

    search_fields = ("counterpart", "content", "agency__name")

    class Meta:
        verbose_name = _("border commune activity")
        verbose_name_plural = _("border commune activities")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "held_on"], name="border_exchange_kind"),
            models.Index(vi_collate("counterpart"), F("id"), name="border_exchange_counterpart_vi"),
        ]

    def __str__(self) -> str:
        return f"{format_date(self.held_on)} — {self.counterpart}"


class GateCrossing(models.Model):
    """The crossings through a gate in one month: people, vehicles and the value of goods.
    Deleted and restored with its gate."""

    gate = models.ForeignKey(
        BorderGate,
        verbose_name=_("border gate"),
        on_delete=models.CASCADE,
        related_name="crossings",
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month, e.g. 01/03/2025."))
    people = models.PositiveIntegerField(_("people (entries and exits)"), default=0)
    vehicles = models.PositiveIntegerField(_("vehicles"), default=0)
    goods_value_usd = models.DecimalField(
        _("value of goods (USD)"), max_digits=18, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("monthly crossings")
        verbose_name_plural = _("monthly crossings")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "month"], name="border_crossing_month")
        ]
        indexes = [models.Index(fields=["month"], name="border_crossing_month_idx")]

    def __str__(self) -> str:
        return self.month.strftime("%m/%Y")

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)
