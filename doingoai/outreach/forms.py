"""Forms of the outreach module: the reporters of a press visit, edited with it, and the
filters the report's figures link to."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.core.filters import RecordFilterSet
from doingoai.core.forms import ChildForm, formfield_callback_for
from doingoai.outreach.models import PROMOTION_KINDS, OutreachEvent, PressReporter, PressVisit

#: The ``group`` filter value for every promotion kind.
PROMOTION = "promotion"


def reporters_formset(extra: int = 2) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    rt = registry.get("outreach.pressvisit")
    formset = forms.inlineformset_factory(
        PressVisit,
        PressReporter,
        fields=["full_name", "outlet", "country", "press_card"],
        form=ChildForm,
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(rt),
    )
    formset.title = _("Reporters")
    return formset


class PressVisitFilterSet(RecordFilterSet):
    start_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("starts from")
    )
    start_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("starts until")
    )
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")

    class Meta:
        model = PressVisit
        fields = ["country", "status", "host_agency"]

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value is None:
            return queryset
        out = {"status__in": ("refused", "cancelled")}
        return queryset.exclude(**out) if value else queryset.filter(**out)


class OutreachEventFilterSet(RecordFilterSet):
    start_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("starts from")
    )
    start_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("starts until")
    )
    group = django_filters.ChoiceFilter(
        label=_("group"),
        choices=[("cultural", _("cultural diplomacy")), (PROMOTION, _("promotion"))],
        method="by_group",
    )
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")

    class Meta:
        model = OutreachEvent
        fields = ["kind", "location", "country", "status", "organiser"]

    def by_group(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value == PROMOTION:
            return queryset.filter(kind__in=PROMOTION_KINDS)
        return queryset.filter(kind=value) if value else queryset

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value is None:
            return queryset
        return (
            queryset.exclude(status="cancelled") if value else queryset.filter(status="cancelled")
        )
