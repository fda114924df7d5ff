"""Filters of the partners and agreements lists; the report's figures link here."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.core.filters import CountryFilter, RecordFilterSet
from doingoai.partners.models import AGREEMENT_SIGNED, Agreement, Partner


class PartnerFilterSet(RecordFilterSet):
    """Filters of the partners list."""

    established_from = django_filters.DateFilter(
        field_name="established", lookup_expr="gte", label=_("established from")
    )
    established_to = django_filters.DateFilter(
        field_name="established", lookup_expr="lte", label=_("established until")
    )
    country = CountryFilter(field_name="country_id", label=_("country"))
    active_from = django_filters.DateFilter(label=_("active from"), method="by_activity")
    active_to = django_filters.DateFilter(label=_("active until"), method="by_activity")

    class Meta:
        model = Partner
        fields = ["kind", "relation", "status"]

    def by_activity(self, queryset, name, value):  # noqa: ANN001, ANN201
        """Partners with a linked activity or an agreement signed in [active_from, active_to]
        (both needed; applied once, by the first of the two)."""
        if name != "active_from" or not value:
            return queryset
        end = self.form.cleaned_data.get("active_to")
        if not isinstance(end, date):
            return queryset
        from doingoai.partners.reports import active_partner_ids

        return queryset.filter(pk__in=active_partner_ids(value, end))


class AgreementFilterSet(RecordFilterSet):
    """Filters of the register of agreements."""

    signed_from = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", label=_("signed from")
    )
    signed_to = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="lte", label=_("signed until")
    )
    signed = django_filters.BooleanFilter(label=_("signed"), method="by_signed")
    in_force_on = django_filters.DateFilter(label=_("in force on"), method="by_in_force")
    valid_to_from = django_filters.DateFilter(
        field_name="valid_to", lookup_expr="gte", label=_("valid to (from)")
    )
    valid_to_to = django_filters.DateFilter(
        field_name="valid_to", lookup_expr="lte", label=_("valid to (until)")
    )
    country = django_filters.CharFilter(
        label=_("country of a foreign party"), method="by_country", widget=forms.HiddenInput
    )

    class Meta:
        model = Agreement
        fields = ["status", "kind", "vietnamese_party", "agency", "foreign_parties"]

    def by_signed(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=AGREEMENT_SIGNED)
        return queryset.exclude(status__in=AGREEMENT_SIGNED)

    def by_country(self, queryset, name, value):  # noqa: ANN001, ANN201
        """A country by its code or any of its names, as ``CountryFilter``; an agreement
        with two parties of that country is listed once."""
        if not value:
            return queryset
        from doingoai.core.models import Country

        codes = Country.objects.by_alias(value).values_list("code", flat=True)
        ids = Agreement.foreign_parties.through.objects.filter(
            partner__country_id__in=codes
        ).values("agreement_id")
        return queryset.filter(pk__in=ids)

    def by_in_force(self, queryset, name, value):  # noqa: ANN001, ANN201
        from doingoai.partners.reports import in_force_on

        return in_force_on(queryset, value) if value else queryset
