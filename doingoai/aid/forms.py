"""Filters of the aid lists (the report's figures link to them) and the child rows edited
with an aid item: its sectors with their shares, its disbursements (a grid: many at once),
its progress reports."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.aid.models import (
    AidItem,
    AidKind,
    AidSector,
    AidStatus,
    Disbursement,
    Donor,
    ProgressReport,
    Sector,
)
from doingoai.core.filters import RecordFilterSet
from doingoai.core.forms import RecordForm, formfield_callback_for, style_fields


class AidItemFilterSet(RecordFilterSet):
    """Items by type, source, status, sector, donor, donor's country, locality and agency;
    the items active in a period (``active_from``/``active_to``, the report's rule) and the
    items approved in a period (``received``)."""

    approved_on_from = django_filters.DateFilter(
        field_name="approved_on", lookup_expr="gte", label=_("approved from")
    )
    approved_on_to = django_filters.DateFilter(
        field_name="approved_on", lookup_expr="lte", label=_("approved until")
    )
    active_from = django_filters.DateFilter(label=_("implemented from"), method="by_activity")
    active_to = django_filters.DateFilter(label=_("implemented until"), method="by_activity")
    received = django_filters.BooleanFilter(
        label=_("approved and not cancelled"), method="by_received", widget=forms.HiddenInput
    )
    sector = django_filters.ChoiceFilter(
        label=_("sector"), choices=Sector.choices, method="by_sector"
    )
    donor = django_filters.ModelChoiceFilter(
        label=_("donor"), queryset=Donor.objects.all(), field_name="donors"
    )
    donor_country = django_filters.CharFilter(
        label=_("donor country"), field_name="donors__country", widget=forms.HiddenInput
    )
    locality = django_filters.NumberFilter(
        label=_("locality"), field_name="localities", widget=forms.HiddenInput
    )

    class Meta:
        model = AidItem
        fields = ["kind", "source", "status", "agency"]

    def by_activity(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset  # both ends applied together in filter_queryset

    def by_received(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value:
            return queryset.exclude(status__in=(AidStatus.PROPOSED, AidStatus.CANCELLED))
        return queryset

    def by_sector(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset.filter(pk__in=AidSector.objects.filter(code=value).values("item_id"))

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        from doingoai.aid.reports import active_q

        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        start, end = data.get("active_from"), data.get("active_to")
        if start or end:
            from datetime import date

            queryset = queryset.filter(active_q(start or date.min, end or date.max))
        return queryset.distinct() if data.get("donor_country") or data.get("donor") else queryset


class DonorFilterSet(RecordFilterSet):
    """Donors by kind, country and permit; the donors of the items of a period (the report's
    ``donors`` figure links here)."""

    items_from = django_filters.DateFilter(label=_("with aid from"), method="by_items")
    items_to = django_filters.DateFilter(label=_("with aid until"), method="by_items")

    class Meta:
        model = Donor
        fields = ["kind", "country", "permit_kind"]

    def by_items(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        from datetime import date

        from doingoai.aid.reports import active_q, received_q

        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        start, end = data.get("items_from"), data.get("items_to")
        if not (start or end):
            return queryset
        start, end = start or date.min, end or date.max
        items = AidItem.objects.filter(active_q(start, end) | received_q(start, end))
        through = AidItem.donors.through.objects.filter(aiditem_id__in=items.values("pk"))
        return queryset.filter(pk__in=through.values("donor_id"))


class DisbursementFilterSet(RecordFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("until"))
    kind = django_filters.ChoiceFilter(
        label=_("type of aid"), choices=AidKind.choices, field_name="item__kind"
    )
    item = django_filters.NumberFilter(field_name="item_id", widget=forms.HiddenInput)

    class Meta:
        model = Disbursement
        fields = ["currency", "donor"]


class RowForm(forms.ModelForm):
    """A child row edited with its item, styled like the record form."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if "summary" in self.fields:
            self.fields["summary"].widget = forms.Textarea(attrs={"rows": 2})
        style_fields(self)


class SectorFormSet(forms.BaseInlineFormSet):
    """The shares of an item's sectors add up to 100 % (IATI rule for one vocabulary)."""

    def clean(self) -> None:
        super().clean()
        shares = [
            f.cleaned_data.get("percentage") or Decimal(0)
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and f.cleaned_data.get("code")
            and not f.cleaned_data.get("DELETE")
        ]
        if shares and sum(shares) != 100:
            raise forms.ValidationError(
                gettext("The shares of the sectors add up to %(total)s%%, not 100%%: correct them.")
                % {"total": sum(shares)}
            )


class DisbursementRowForm(RecordForm):
    """One disbursement row of the grid (carries its version: a row changed meanwhile is
    refused, not overwritten)."""

    class Meta:
        model = Disbursement
        fields = ["date", "amount", "currency", "donor", "note"]


class DisbursementFormSet(forms.BaseInlineFormSet):
    """A disbursement's donor is one of the item's donors (checked on the item's new list)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for form in self.forms:
                form.fields["donor"].queryset = Donor.objects.filter(
                    Q(items=self.instance)
                ).distinct()


def sector_formset(extra: int = 1) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    formset = forms.inlineformset_factory(
        AidItem,
        AidSector,
        form=RowForm,
        formset=SectorFormSet,
        fields=["code", "percentage"],
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(registry.get("aid.aiditem")),
    )
    formset.title = _("Sectors (shares in %)")
    return formset


def disbursement_formset(extra: int = 3) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    formset = forms.inlineformset_factory(
        AidItem,
        Disbursement,
        form=DisbursementRowForm,
        formset=DisbursementFormSet,
        fields=["date", "amount", "currency", "donor", "note"],
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(registry.get("aid.disbursement")),
    )
    formset.title = _("Disbursements")
    return formset


def progress_formset(extra: int = 1) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    formset = forms.inlineformset_factory(
        AidItem,
        ProgressReport,
        form=RowForm,
        fields=["period_end", "submitted_on", "summary"],
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(registry.get("aid.aiditem")),
    )
    formset.title = _("Progress reports")
    return formset
