"""Foreign partners, international agreements (thỏa thuận quốc tế) and the dated events of
the anniversary register."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import vi_collate
from doingoai.core.models import Country, LegalDocument, Organisation, RecordModel


class Partner(RecordModel):
    """A foreign locality (province, state, prefecture, city) or organisation the province
    works with."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province / state / prefecture")
        CITY = "city", _("city")
        ORGANISATION = "organisation", _("organisation")
        OTHER = "other", _("other")

    class Relation(models.TextChoices):
        TRADITIONAL = "traditional", _("traditional friendship")
        SISTER = "sister", _("sister relation (kết nghĩa)")
        COOPERATION = "cooperation", _("cooperation")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        ENDED = "ended", _("ended")

    name = models.CharField(_("name in Vietnamese"), max_length=300)
    name_foreign = models.CharField(
        _("name in the partner's working language"), max_length=300, blank=True
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other spellings in use, one per line: search finds them."),
    )
    kind = models.CharField(_("kind of partner"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="partners"
    )
    relation = models.CharField(
        _("kind of relation"), max_length=20, choices=Relation.choices, db_index=True
    )
    established = models.DateField(_("date established"), null=True, blank=True, db_index=True)
    establishing_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("establishing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners_established",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    contacts = models.TextField(_("contacts"), blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("name", "name_foreign", "aliases", "country__name_vi")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="partner_name"),
            models.Index(fields=["kind", "name"], name="partner_kind"),
            models.Index(vi_collate("name"), F("id"), name="partner_name_vi"),
            models.Index(vi_collate("name_foreign"), F("id"), name="partner_name_foreign_vi"),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("under consultation")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


#: Agreements that have been signed (counted in reports by their signing date).
AGREEMENT_SIGNED = ("signed", "in_force", "expired", "terminated")


class Agreement(RecordModel):
    """An international agreement (thỏa thuận quốc tế) signed by the province or one of its
    agencies (Law 70/2020/QH14): the register the law asks agencies to keep."""

    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding")
        COOPERATION = "cooperation", _("cooperation agreement")
        MINUTES = "minutes", _("minutes of agreement")
        OTHER = "other", _("other")

    class Opinion(models.TextChoices):
        AGREED = "agreed", _("agreed")
        AGREED_WITH_COMMENTS = "comments", _("agreed with comments")
        OBJECTED = "objected", _("objected")

    number = models.CharField(_("number"), max_length=100, blank=True)
    title = models.CharField(_("title in Vietnamese"), max_length=500)
    title_foreign = models.CharField(_("title in the foreign language"), max_length=500, blank=True)
    kind = models.CharField(_("kind of agreement"), max_length=20, choices=Kind.choices)
    vietnamese_party = models.ForeignKey(
        Organisation,
        verbose_name=_("Vietnamese party"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="managed_agreements",
        help_text=_(
            "The agency that proposed the agreement and follows its implementation; a "
            "submitting agency sees and enters only its own agreements."
        ),
    )
    foreign_parties = models.ManyToManyField(
        Partner, verbose_name=_("foreign parties"), related_name="agreements"
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True, db_index=True)
    signed_place = models.CharField(_("place of signing"), max_length=200, blank=True)
    vietnamese_signer = models.CharField(
        _("signer for the Vietnamese party"), max_length=200, blank=True
    )
    foreign_signer = models.CharField(_("signer for the foreign party"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, db_index=True)
    renewal = models.CharField(_("renewal"), max_length=300, blank=True)
    consultation_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("request for the Ministry of Foreign Affairs' opinion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_consultations",
    )
    consultation_sent_on = models.DateField(_("consultation sent on"), null=True, blank=True)
    consultation_due = models.DateField(_("answers due"), null=True, blank=True, editable=False)
    consultation_answered_on = models.DateField(_("answered on"), null=True, blank=True)
    consultation_opinion = models.CharField(
        _("opinion of the Ministry of Foreign Affairs"),
        max_length=10,
        choices=Opinion.choices,
        blank=True,
    )
    report_due = models.DateField(
        _("copy and report due"), null=True, blank=True, editable=False, db_index=True
    )
    report_submitted_on = models.DateField(_("report sent on"), null=True, blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )

    search_fields = ("title", "number", "title_foreign", "vietnamese_party__name", "agency__name")

    class Meta:
        verbose_name = _("international agreement")
        verbose_name_plural = _("international agreements")
        ordering = ["-signed_on", "title"]
        indexes = [
            models.Index(fields=["-signed_on", "title", "id"], name="agreement_list_order"),
            models.Index(fields=["kind", "signed_on"], name="agreement_kind"),
            # the inbox's answers of the consultation due, soonest first
            models.Index(fields=["status", "consultation_due"], name="agreement_consultation"),
            models.Index(vi_collate("title"), F("id"), name="agreement_title_vi"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end of validity is before its start: correct the dates.")}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the consultation window and the report deadline computed from the dates."""
        from doingoai.core.rules import rule_value
        from doingoai.partners.workdays import add_working_days

        self.consultation_due = (
            add_working_days(
                self.consultation_sent_on, rule_value("partners.consultation_answer_working_days")
            )
            if self.consultation_sent_on
            else None
        )
        self.report_due = (
            self.signed_on + timedelta(days=rule_value("partners.report_due_days"))
            if self.signed_on
            else None
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "consultation_due", "report_due"}
        super().save(*args, **kwargs)


class AnniversaryEvent(RecordModel):
    """A dated event whose round anniversaries the province marks (a treaty, a founding
    day), recorded by users."""

    class Confidence(models.TextChoices):
        SOURCED = "sourced", _("checked against a public source")
        COMMON = "common", _("commonly cited, not yet checked")

    title = models.CharField(_("event"), max_length=300)
    date = models.DateField(_("date"), db_index=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anniversary_events",
    )
    confidence = models.CharField(
        _("reliability of the date"), max_length=10, choices=Confidence.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("title", "country__name_vi")

    class Meta:
        verbose_name = _("anniversary event")
        verbose_name_plural = _("anniversary events")
        ordering = ["date"]
        indexes = [
            models.Index(fields=["confidence", "date"], name="anniversary_confidence"),
            models.Index(vi_collate("title"), F("id"), name="anniversary_title_vi"),
        ]

    def __str__(self) -> str:
        return self.title
