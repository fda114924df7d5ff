"""Filters of the diaspora lists: each filter of the persons' list runs on an indexed column
(country, home unit, birth year, date recorded, consent to be contacted)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from doingoai.core.filters import CountryFilter, RecordFilterSet
from doingoai.core.models import AdministrativeUnit
from doingoai.core.text import fold
from doingoai.diaspora.models import (
    Association,
    Consent,
    DiasporaPerson,
    Event,
    Investment,
    Visit,
)


class HomeFilter(django_filters.CharFilter):
    """The home commune (or district: its communes) by name, either period, without
    diacritics ("hung nguyen" finds "Xã Hưng Nguyên")."""

    def filter(self, qs, value):  # noqa: ANN001, ANN201
        if not value:
            return qs
        if str(value).isdigit():
            return qs.filter(home_unit_id=int(value))
        units = AdministrativeUnit.objects.all()
        for token in fold(value).split():
            units = units.filter(search_text__contains=token)
        ids = set(units.values_list("pk", flat=True)[:500])
        ids |= set(
            AdministrativeUnit.objects.filter(parent_id__in=ids).values_list("pk", flat=True)
        )
        return qs.filter(home_unit_id__in=ids)


class PersonFilterSet(RecordFilterSet):
    country = CountryFilter(field_name="country_id", label=_("country of residence"))
    home = HomeFilter(label=_("home commune"))
    birth_year_from = django_filters.NumberFilter(
        field_name="birth_year", lookup_expr="gte", label=_("born from (year)")
    )
    birth_year_to = django_filters.NumberFilter(
        field_name="birth_year", lookup_expr="lte", label=_("born until (year)")
    )
    recorded_on_from = django_filters.DateFilter(
        field_name="recorded_on", lookup_expr="gte", label=_("recorded from")
    )
    recorded_on_to = django_filters.DateFilter(
        field_name="recorded_on", lookup_expr="lte", label=_("recorded until")
    )
    contact_consent = django_filters.BooleanFilter(label=_("agrees to be contacted"))

    class Meta:
        model = DiasporaPerson
        fields = ["sex", "nationality", "expertise"]


class ConsentFilterSet(RecordFilterSet):
    person = django_filters.NumberFilter(field_name="person_id", label=_("person (record number)"))
    in_force = django_filters.BooleanFilter(
        field_name="withdrawn_on", lookup_expr="isnull", label=_("in force")
    )

    class Meta:
        model = Consent
        fields = ["purpose", "method"]


class AssociationFilterSet(RecordFilterSet):
    country = CountryFilter(field_name="country_id", label=_("country"))
    standing_on = django_filters.DateFilter(label=_("standing on (date)"), method="filter_standing")

    class Meta:
        model = Association
        fields = ["kind"]

    def filter_standing(self, queryset, name, value):  # noqa: ANN001, ANN201
        """Founded on or before ``value`` (or founding date unknown), not dissolved by then."""
        from django.db.models import Q

        return queryset.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=value)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=value)
        )


class InvestmentFilterSet(RecordFilterSet):
    registered_on_from = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("registered from")
    )
    registered_on_to = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("registered until")
    )
    standing_on = django_filters.DateFilter(label=_("standing on (date)"), method="filter_standing")

    class Meta:
        model = Investment
        fields = ["kind", "sector", "status"]

    def filter_standing(self, queryset, name, value):  # noqa: ANN001, ANN201
        """Registered on or before ``value`` and not terminated by then (the report's
        "hiện có")."""
        from django.db.models import Q

        return queryset.filter(registered_on__lte=value).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=value)
        )


class VisitFilterSet(RecordFilterSet):
    arrived_on_from = django_filters.DateFilter(
        field_name="arrived_on", lookup_expr="gte", label=_("arrived from")
    )
    arrived_on_to = django_filters.DateFilter(
        field_name="arrived_on", lookup_expr="lte", label=_("arrived until")
    )
    country = CountryFilter(field_name="country_id", label=_("coming from"))

    class Meta:
        model = Visit
        fields: list[str] = []


class EventFilterSet(RecordFilterSet):
    start_on_from = django_filters.DateFilter(
        field_name="start_on", lookup_expr="gte", label=_("starts from")
    )
    start_on_to = django_filters.DateFilter(
        field_name="start_on", lookup_expr="lte", label=_("starts until")
    )

    class Meta:
        model = Event
        fields = ["kind"]
