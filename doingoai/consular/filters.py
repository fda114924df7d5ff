"""Filters of the consular lists; the report's figures link to them."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from doingoai.consular.models import AbtcApplication, AbtcStatus, CasePerson, ConsularCase
from doingoai.core.filters import RecordFilterSet


class CaseFilterSet(RecordFilterSet):
    """Cases by kind, subject, country and status; reported in a period; and the cases
    handled in a period (open at any time in it: the report's counting rule)."""

    reported_on_from = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label=_("reported from")
    )
    reported_on_to = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="lte", label=_("reported until")
    )
    started_from = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label=_("handling started from")
    )
    open_at = django_filters.DateFilter(label=_("still open on"), method="by_handling")
    handled_from = django_filters.DateFilter(label=_("handled from"), method="by_handling")
    handled_to = django_filters.DateFilter(label=_("handled until"), method="by_handling")

    class Meta:
        model = ConsularCase
        fields = ["kind", "category", "country", "status"]

    def by_handling(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("handled_to"):
            queryset = queryset.filter(started_on__lte=data["handled_to"])
        if data.get("open_at"):
            queryset = queryset.filter(started_on__lte=data["open_at"]).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=data["open_at"])
            )
        if data.get("handled_from"):
            queryset = queryset.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=data["handled_from"])
            )
        return queryset


class PersonFilterSet(RecordFilterSet):
    case = django_filters.NumberFilter(field_name="case_id", widget=forms.HiddenInput)

    class Meta:
        model = CasePerson
        fields = ["role", "nationality"]


class ApplicationFilterSet(RecordFilterSet):
    """Applications by status and enterprise; recommended, granted or expiring in a period."""

    recommended_on_from = django_filters.DateFilter(
        field_name="recommended_on", lookup_expr="gte", label=_("recommended from")
    )
    recommended_on_to = django_filters.DateFilter(
        field_name="recommended_on", lookup_expr="lte", label=_("recommended until")
    )
    card_issued_on_from = django_filters.DateFilter(
        field_name="card_issued_on", lookup_expr="gte", label=_("card issued from")
    )
    card_issued_on_to = django_filters.DateFilter(
        field_name="card_issued_on", lookup_expr="lte", label=_("card issued until")
    )
    card_expires_on_to = django_filters.DateFilter(
        field_name="card_expires_on", lookup_expr="lte", label=_("card expires by")
    )
    recommended = django_filters.BooleanFilter(
        label=_("recommended"), method="by_recommendation", widget=forms.HiddenInput
    )
    businessperson = django_filters.NumberFilter(
        field_name="businessperson_id", widget=forms.HiddenInput
    )

    class Meta:
        model = AbtcApplication
        fields = ["status", "enterprise"]

    def by_recommendation(self, queryset, name, value):  # noqa: ANN001, ANN201
        """Applications the department recommended (whatever the Immigration Department
        decided since)."""
        if value is None:
            return queryset
        done = queryset.filter(recommended_on__isnull=False).exclude(
            status__in=(AbtcStatus.RECEIVED, AbtcStatus.NOT_RECOMMENDED)
        )
        return done if value else queryset.exclude(pk__in=done.values("pk"))
