"""Outbound delegations (đoàn ra), their members (person-trips), inbound delegations (đoàn
vào) and the amendments of decided trips."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import vi_collate
from doingoai.core.models import (
    Country,
    LegalDocument,
    Organisation,
    Person,
    RecordModel,
    RecordQuerySet,
)
from doingoai.core.numbers import currency_choices, validate_currency
from doingoai.core.sortkeys import RelatedName
from doingoai.core.text import format_date


class Pillar(models.TextChoices):
    PARTY = "party", _("Party external relations")
    STATE = "state", _("State diplomacy")
    PEOPLE = "people", _("People-to-people diplomacy")


class OutboundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, waiting for appraisal")
    APPRAISED = "appraised", _("appraised, waiting for the decision")
    DECIDED = "decided", _("decided")
    AMENDMENT = "amendment", _("changed, waiting for the amended decision")
    RETURNED = "returned", _("returned, report due")
    REPORTED = "reported", _("reported")
    CANCELLED = "cancelled", _("cancelled")
    REFUSED = "refused", _("refused")


#: Outbound delegations counted in reports: sent (decided or later).
OUTBOUND_COUNTED = ("decided", "amendment", "returned", "reported")
#: States in which a trip still occupies its members' dates.
OUTBOUND_ACTIVE = ("draft", "submitted", "appraised", *OUTBOUND_COUNTED)
#: Requests waiting for the leaders' decision (an amendment is decided again).
OUTBOUND_TO_DECIDE = ("appraised", "amendment")


class InboundStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPRAISED = "appraised", _("appraised, waiting for permission")
    PERMITTED = "permitted", _("permitted")
    RECEIVED = "received", _("received")
    REPORTED = "reported", _("reported")
    CANCELLED = "cancelled", _("cancelled")
    REFUSED = "refused", _("refused")


INBOUND_COUNTED = ("permitted", "received", "reported")


class OutboundQuerySet(RecordQuerySet):
    """Outbound delegations with their effective dates (actual, else planned)."""

    def with_dates(self) -> OutboundQuerySet:
        """``eff_departure``/``eff_return``: the stored, indexed effective dates (kept by
        ``save``), so that a filter on them uses the index instead of a Coalesce per row."""
        return self.annotate(
            eff_departure=F("effective_departure"), eff_return=F("effective_return")
        )


class OutboundDelegation(RecordModel):
    """A delegation of the province's officials going abroad."""

    #: Statuses of a trip that holds its dates (checks.py reads them from the model).
    ACTIVE_STATUSES = OUTBOUND_ACTIVE

    class Purpose(models.TextChoices):
        PROMOTION = "promotion", _("investment, trade and tourism promotion")
        STUDY = "study", _("study visit")
        CONFERENCE = "conference", _("conference or seminar")
        PARTNER = "partner", _("visit to a partner")
        OTHER = "other", _("other")

    class Funding(models.TextChoices):
        STATE_BUDGET = "state_budget", _("state budget")
        INVITING_SIDE = "inviting_side", _("inviting side")
        ENTERPRISE = "enterprise", _("enterprise")
        OTHER = "other", _("other")

    title = models.CharField(_("delegation"), max_length=300)
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("requesting agency"),
        on_delete=models.PROTECT,
        related_name="outbound_delegations",
    )
    #: the agency's name, for the list sorted by agency (core.sortkeys)
    agency_name = RelatedName(related="agency", source="name", max_length=300)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    pillar = models.CharField(
        _("pillar"), max_length=10, choices=Pillar.choices, default=Pillar.STATE
    )
    destinations = models.ManyToManyField(
        Country, verbose_name=_("destination countries"), related_name="outbound_delegations"
    )
    cities = models.CharField(_("cities"), max_length=300, blank=True)
    inviting_partner = models.ForeignKey(
        Organisation,
        verbose_name=_("inviting partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=Funding.choices, default=Funding.STATE_BUDGET
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("A cost cannot be negative."))],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="VND",
        choices=currency_choices,
        validators=[validate_currency],
    )
    planned_departure = models.DateField(_("planned departure"))
    planned_return = models.DateField(_("planned return"))
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    actual_return = models.DateField(_("actual return"), null=True, blank=True)
    requested_on = models.DateField(_("request received on"), null=True, blank=True)
    led_by_provincial_leader = models.BooleanField(_("led by a provincial leader"), default=False)
    appraisal_opinion = models.TextField(_("appraisal opinion"), blank=True)
    decision = models.ForeignKey(
        LegalDocument,
        verbose_name=_("decision sending or permitting it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_delegations",
    )
    report_due = models.DateField(_("post-trip report due"), null=True, blank=True)
    report_submitted_on = models.DateField(
        _("post-trip report submitted on"), null=True, blank=True
    )
    report_summary = models.TextField(_("post-trip report summary"), blank=True)
    results = models.TextField(_("results (agreements signed, contacts made)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OutboundStatus.choices,
        default=OutboundStatus.DRAFT,
        db_index=True,
    )
    #: Actual, else planned: stored (``save`` keeps them) so that reports, filters and the
    #: overlap checks select a period through an index.
    effective_departure = models.DateField(null=True, editable=False)
    effective_return = models.DateField(null=True, editable=False)

    objects = OutboundQuerySet.as_manager()
    search_fields = ("title", "agency__name", "cities")
    #: an empty date (actual dates, report dates) means "not yet", never "since ever": a
    #: change forgets the kept report figures from its earliest date on (reports/kept.py)
    null_dates_not_yet = True

    class Meta:
        verbose_name = _("outbound delegation")
        verbose_name_plural = _("outbound delegations")
        ordering = ["-planned_departure", "title"]
        indexes = [
            models.Index(fields=["planned_departure", "status"]),
            # the key last: pages are read in this order then the key (core.paging.stable)
            models.Index(fields=["-planned_departure", "title", "id"], name="outbound_list_order"),
            # the inbox's requests of one status, latest first (a sort of every row otherwise)
            models.Index(
                fields=["status", "-planned_departure", "title"], name="outbound_status_order"
            ),
            # a submitting agency's requests of one status (its inbox): its own, latest first
            models.Index(
                fields=["agency", "status", "-planned_departure", "title"],
                name="outbound_agency_status",
            ),
            models.Index(fields=["actual_departure"]),
            # the inbox's overdue post-trip reports, most overdue first (the returned trips'
            # walk in the list's order read every one of them for the handful overdue)
            models.Index(fields=["status", "report_due"], name="outbound_status_report_due"),
            # a report's period: the counted states, then the departure range
            models.Index(fields=["status", "effective_departure"], name="outbound_status_eff"),
            models.Index(fields=["effective_departure"], name="outbound_eff_dep"),
            models.Index(fields=["effective_return"], name="outbound_eff_ret"),
            models.Index(fields=["planned_return"], name="outbound_planned_return"),
            models.Index(fields=["purpose", "effective_departure"], name="outbound_purpose"),
            models.Index(fields=["funding_source"], name="outbound_funding"),
            models.Index(fields=["led_by_provincial_leader"], name="outbound_led"),
            models.Index(vi_collate("title"), name="outbound_title_vi"),
            models.Index(vi_collate("agency_name"), F("id"), name="outbound_agency_vi"),
        ]

    def fill_effective_dates(self) -> None:
        self.effective_departure = self.actual_departure or self.planned_departure
        self.effective_return = self.actual_return or self.planned_return

    def build_search_text(self) -> str:
        """Every write path (``save``, the bulk imports, demo and stress data) derives the
        stored columns here, so the effective dates are filled with the search text."""
        self.fill_effective_dates()
        return super().build_search_text()

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.fill_effective_dates()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "effective_departure", "effective_return"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title

    @property
    def departure(self) -> date:
        return self.actual_departure or self.planned_departure

    @property
    def return_date(self) -> date:
        return self.actual_return or self.planned_return

    def period_text(self) -> str:
        return f"{format_date(self.departure)} – {format_date(self.return_date)}"

    def clean(self) -> None:
        errors = {}
        if (
            self.planned_departure
            and self.planned_return
            and (self.planned_return < self.planned_departure)
        ):
            errors["planned_return"] = _("The return date is before the departure date.")
        if (
            self.actual_departure
            and self.actual_return
            and (self.actual_return < self.actual_departure)
        ):
            errors["actual_return"] = _("The actual return is before the actual departure.")
        if self.actual_departure and not self.decision_id:
            errors["actual_departure"] = _(
                "A delegation cannot depart without a decision: record the decision first."
            )
        if (
            self.report_submitted_on
            and self.actual_return
            and (self.report_submitted_on < self.actual_return)
        ):
            errors["report_submitted_on"] = _("The report cannot be submitted before returning.")
        if errors:
            raise ValidationError(errors)
        if self.pk and self.planned_departure and self.planned_return:
            from doingoai.delegations.checks import delegation_overlaps

            problems = delegation_overlaps(self)
            if problems:
                raise ValidationError(problems)


class OutboundMember(RecordModel):
    """One person on one outbound delegation: one person-trip (lượt người)."""

    delegation = models.ForeignKey(
        OutboundDelegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="outbound_trips"
    )
    position = models.CharField(_("position at the time"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("agency at the time"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    #: the person's and the agency's names, for the list sorted by them (core.sortkeys)
    person_name = RelatedName(related="person", source="full_name")
    organisation_name = RelatedName(related="organisation", source="name", max_length=300)

    search_fields = ("person__full_name", "delegation__title", "position")

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members (person-trips)")
        ordering = ["delegation", "-is_head", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="outboundmember_unique")
        ]
        indexes = [
            # the list's order (newest delegation first, head first)
            models.Index(fields=["-delegation", "-is_head", "id"], name="member_list_order"),
            models.Index(fields=["is_head"], name="member_is_head"),
            models.Index(vi_collate("position"), name="member_position_vi"),
            models.Index(vi_collate("person_name"), F("id"), name="member_person_vi"),
            models.Index(vi_collate("organisation_name"), F("id"), name="member_org_vi"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.delegation}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        """Position and agency at the time default to the person's current ones."""
        if self.person_id and not self.position:
            self.position = self.person.position
        if self.person_id and not self.organisation_id:
            self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.person_id and self.delegation_id:
            from doingoai.delegations.checks import overlap_messages

            problems = overlap_messages(self.person, self.delegation)
            if problems:
                raise ValidationError({"person": problems})


class Amendment(models.Model):
    """A change to the members, dates or destinations of a decided delegation, waiting for
    (then carrying) the amended decision."""

    delegation = models.ForeignKey(
        OutboundDelegation, on_delete=models.CASCADE, related_name="amendments"
    )
    changes = models.JSONField(_("changes"))
    previous_decision = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        LegalDocument,
        verbose_name=_("amended decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at"]


class InboundDelegation(RecordModel):
    """A foreign delegation received in the province."""

    class Purpose(models.TextChoices):
        INVESTMENT = "investment", _("investment and trade")
        COOPERATION = "cooperation", _("cooperation with a partner")
        AID = "aid", _("aid and development")
        CULTURE = "culture", _("culture, education, tourism")
        COURTESY = "courtesy", _("courtesy visit")
        OTHER = "other", _("other")

    title = models.CharField(_("delegation"), max_length=300)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), related_name="inbound_delegations"
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("foreign organisation or partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    head_name = models.CharField(_("head of delegation"), max_length=200)
    head_title = models.CharField(_("head's title"), max_length=200, blank=True)
    foreign_count = models.PositiveIntegerField(_("foreign members"), default=0)
    overseas_vietnamese_count = models.PositiveIntegerField(
        _("overseas Vietnamese members"), default=0
    )
    member_list = models.TextField(_("member list"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    pillar = models.CharField(
        _("pillar"), max_length=10, choices=Pillar.choices, default=Pillar.STATE
    )
    host_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("host agency"),
        on_delete=models.PROTECT,
        related_name="hosted_visits",
    )
    #: the host agency's name, for the list sorted by it (core.sortkeys)
    host_agency_name = RelatedName(related="host_agency", source="name", max_length=300)
    receiving_leader = models.CharField(
        _("provincial leader receiving it"), max_length=200, blank=True
    )
    planned_arrival = models.DateField(_("arrival"))
    planned_departure = models.DateField(_("departure"))
    places_visited = models.TextField(_("places visited"), blank=True)
    appraisal_opinion = models.TextField(_("appraisal opinion"), blank=True)
    permission = models.ForeignKey(
        LegalDocument,
        verbose_name=_("permission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_delegations",
    )
    security_notes = models.TextField(_("security notes"), blank=True)
    results = models.TextField(_("results"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InboundStatus.choices,
        default=InboundStatus.PROPOSED,
        db_index=True,
    )

    search_fields = ("title", "head_name", "partner__name", "host_agency__name")

    class Meta:
        verbose_name = _("inbound delegation")
        verbose_name_plural = _("inbound delegations")
        ordering = ["-planned_arrival", "title"]
        indexes = [
            models.Index(fields=["planned_arrival", "status"]),
            models.Index(fields=["-planned_arrival", "title", "id"], name="inbound_list_order"),
            models.Index(
                fields=["status", "-planned_arrival", "title"], name="inbound_status_order"
            ),
            models.Index(fields=["planned_departure"], name="inbound_planned_dep"),
            models.Index(fields=["purpose", "planned_arrival"], name="inbound_purpose"),
            models.Index(fields=["foreign_count"], name="inbound_foreign"),
            models.Index(fields=["overseas_vietnamese_count"], name="inbound_overseas"),
            models.Index(vi_collate("title"), name="inbound_title_vi"),
            models.Index(vi_collate("host_agency_name"), F("id"), name="inbound_host_vi"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def visitors(self) -> int:
        return self.foreign_count + self.overseas_vietnamese_count

    def clean(self) -> None:
        if (
            self.planned_arrival
            and self.planned_departure
            and (self.planned_departure < self.planned_arrival)
        ):
            raise ValidationError(
                {"planned_departure": _("The departure date is before the arrival date.")}
            )
        if self.foreign_count == 0 and self.overseas_vietnamese_count == 0:
            raise ValidationError(
                {
                    "foreign_count": _(
                        "A delegation has at least one member: give the number of foreigners or of "
                        "overseas Vietnamese."
                    )
                }
            )
