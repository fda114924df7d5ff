"""Filters of the border lists; the report's figures link to them."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import (
    NEEDS_REPAIR,
    BorderGate,
    BorderIncident,
    BorderMarker,
    Condition,
    GateStatusChange,
    MarkerInspection,
)
from doingoai.core.filters import RecordFilterSet

#: The ``found`` value for "damaged or destroyed" (markers that need a repair).
NEEDS_REPAIR_FILTER = "needs_repair"


class MarkerFilterSet(RecordFilterSet):
    """Markers by country, segment, type and current condition; and the markers inspected in
    a period, optionally with what the inspection found (the report links here)."""

    segment = django_filters.CharFilter(label=_("border segment"), lookup_expr="exact")
    inspected_from = django_filters.DateFilter(label=_("inspected from"), method="by_inspection")
    inspected_to = django_filters.DateFilter(label=_("inspected until"), method="by_inspection")
    found = django_filters.ChoiceFilter(
        label=_("condition found"),
        choices=[*Condition.choices, (NEEDS_REPAIR_FILTER, _("damaged or destroyed"))],
        method="by_inspection",
    )

    class Meta:
        model = BorderMarker
        fields = ["country", "kind", "condition"]

    def by_inspection(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset  # applied together in filter_queryset (one join for all three)

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        lookups = {}
        if data.get("inspected_from"):
            lookups["inspected_on__gte"] = data["inspected_from"]
        if data.get("inspected_to"):
            lookups["inspected_on__lte"] = data["inspected_to"]
        if data.get("found") == NEEDS_REPAIR_FILTER:
            lookups["condition__in"] = NEEDS_REPAIR
        elif data.get("found"):
            lookups["condition"] = data["found"]
        if not lookups:
            return queryset
        inspections = MarkerInspection.objects.filter(**lookups).values("marker_id")
        return queryset.filter(pk__in=inspections)


class InspectionFilterSet(RecordFilterSet):
    inspected_on_from = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="gte", label=_("inspected from")
    )
    inspected_on_to = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="lte", label=_("inspected until")
    )
    marker = django_filters.NumberFilter(field_name="marker_id", widget=forms.HiddenInput)

    class Meta:
        model = MarkerInspection
        fields = ["condition"]


class GateFilterSet(RecordFilterSet):
    """Gates by level, country and status; and the gates whose status changed in a period."""

    changed_from = django_filters.DateFilter(label=_("status changed from"), method="by_change")
    changed_to = django_filters.DateFilter(label=_("status changed until"), method="by_change")

    class Meta:
        model = BorderGate
        fields = ["level", "country", "status"]

    def by_change(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        lookups = {}
        if data.get("changed_from"):
            lookups["changed_on__gte"] = data["changed_from"]
        if data.get("changed_to"):
            lookups["changed_on__lte"] = data["changed_to"]
        if not lookups:
            return queryset
        return queryset.filter(pk__in=GateStatusChange.objects.filter(**lookups).values("gate_id"))


class IncidentFilterSet(RecordFilterSet):
    occurred_on_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("occurred from")
    )
    occurred_on_to = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=_("occurred until")
    )

    class Meta:
        model = BorderIncident
        fields = ["kind", "status", "country", "held_by"]
