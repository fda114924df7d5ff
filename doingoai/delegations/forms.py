"""Forms of the delegations module: the outbound form with its members, and the filters
that the report's figures link to."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.core.filters import CountryFilter, RecordFilterSet
from doingoai.core.forms import RecordForm, formfield_callback_for
from doingoai.delegations.models import (
    INBOUND_COUNTED,
    OUTBOUND_COUNTED,
    InboundDelegation,
    OutboundDelegation,
    OutboundMember,
)


class MemberForm(RecordForm):
    """One member row: the person, and their position and agency at the time of the trip."""

    class Meta:
        model = OutboundMember
        fields = ["person", "position", "organisation", "is_head"]


class BaseMemberFormSet(forms.BaseInlineFormSet):
    """Members: no one twice, exactly one head when there are members."""

    def clean(self) -> None:
        super().clean()
        people, heads = set(), 0
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            person = form.cleaned_data.get("person")
            if person in people:
                raise forms.ValidationError(_("%(person)s is listed twice.") % {"person": person})
            people.add(person)
            heads += bool(form.cleaned_data.get("is_head"))
        if people and heads != 1:
            raise forms.ValidationError(_("Mark exactly one member as head of the delegation."))


def member_formset(extra: int = 2) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    rt = registry.get("delegations.outboundmember")
    formset = forms.inlineformset_factory(
        OutboundDelegation,
        OutboundMember,
        form=MemberForm,
        formset=BaseMemberFormSet,
        fields=["person", "position", "organisation", "is_head"],
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(rt),
    )
    formset.title = _("Members")
    return formset


def counted(queryset, value, status_field: str, statuses):  # noqa: ANN001, ANN201
    """Keep the records the reports count (value True), the others (False), or all (None)."""
    if value is None:
        return queryset
    lookup = {f"{status_field}__in": statuses}
    return queryset.filter(**lookup) if value else queryset.exclude(**lookup)


class OutboundFilterSet(RecordFilterSet):
    """Filters of the outbound list; the report's figures link here."""

    departure_from = django_filters.DateFilter(label=_("departs from"), method="by_departure")
    departure_to = django_filters.DateFilter(label=_("departs until"), method="by_departure")
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")
    country = CountryFilter(
        field_name="destinations__code", label=_("country code"), widget=forms.HiddenInput
    )

    class Meta:
        model = OutboundDelegation
        fields = ["status", "purpose", "funding_source", "agency", "led_by_provincial_leader"]

    def by_departure(self, queryset, name, value):  # noqa: ANN001, ANN201
        lookup = "gte" if name.endswith("_from") else "lte"
        return queryset.filter(**{f"effective_departure__{lookup}": value}) if value else queryset

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        return counted(queryset, value, "status", OUTBOUND_COUNTED)


class MemberFilterSet(RecordFilterSet):
    """Filters of the person-trips list (members of delegations)."""

    departure_from = django_filters.DateFilter(label=_("departs from"), method="by_departure")
    departure_to = django_filters.DateFilter(label=_("departs until"), method="by_departure")
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")
    country = CountryFilter(field_name="delegation__destinations__code", widget=forms.HiddenInput)
    funding_source = django_filters.CharFilter(
        field_name="delegation__funding_source", widget=forms.HiddenInput
    )
    purpose = django_filters.CharFilter(field_name="delegation__purpose", widget=forms.HiddenInput)

    delegation = django_filters.NumberFilter(field_name="delegation_id", widget=forms.HiddenInput)

    class Meta:
        model = OutboundMember
        fields = ["is_head"]

    def by_departure(self, queryset, name, value):  # noqa: ANN001, ANN201
        """On the delegation's stored effective departure: the list's queryset carries no
        join to the delegations until a filter needs it (its unfiltered count stays cheap)."""
        lookup = "gte" if name.endswith("_from") else "lte"
        field = f"delegation__effective_departure__{lookup}"
        return queryset.filter(**{field: value}) if value else queryset

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        return counted(queryset, value, "delegation__status", OUTBOUND_COUNTED)


class InboundFilterSet(RecordFilterSet):
    """Filters of the inbound list."""

    arrival_from = django_filters.DateFilter(
        field_name="planned_arrival", lookup_expr="gte", label=_("arrives from")
    )
    arrival_to = django_filters.DateFilter(
        field_name="planned_arrival", lookup_expr="lte", label=_("arrives until")
    )
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")
    country = CountryFilter(field_name="countries__code", widget=forms.HiddenInput)
    with_overseas_vietnamese = django_filters.BooleanFilter(
        label=_("with overseas Vietnamese"), method="by_overseas_vietnamese"
    )

    class Meta:
        model = InboundDelegation
        fields = ["status", "purpose", "host_agency"]

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        return counted(queryset, value, "status", INBOUND_COUNTED)

    def by_overseas_vietnamese(self, queryset, name, value):  # noqa: ANN001, ANN201
        """Visits with (True) or without (False) overseas Vietnamese among their members."""
        if value is None:
            return queryset
        has = {"overseas_vietnamese_count__gt": 0}
        return queryset.filter(**has) if value else queryset.exclude(**has)


class DecisionForm(forms.Form):
    """The decision (or permission) a leader records: number, date, signer."""

    number = forms.CharField(
        label=_("number/symbol"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "123/QĐ-UBND"}),
    )
    issued_date = forms.DateField(label=_("date issued"))
    signer_name = forms.CharField(label=_("signed by"), max_length=200)
    signer_title = forms.CharField(label=_("signer's title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        from doingoai.core.forms import DateInput

        super().__init__(*args, **kwargs)
        self.fields["issued_date"].widget = DateInput()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


#: Fields of a later stage of an outbound delegation, and the states from which the form
#: shows them: a new request has no actual dates, report summary or results.
STAGE_FIELDS = {
    "actual_departure": ("decided", "amendment", "returned", "reported"),
    "actual_return": ("decided", "amendment", "returned", "reported"),
    "report_summary": ("returned", "reported"),
    "results": ("returned", "reported"),
}


#: The same for inbound delegations: the results come after the visit.
INBOUND_STAGE_FIELDS = {"results": ("received", "reported")}


class OutboundStageMixin:
    """The outbound form shows the fields of the record's current stage only."""

    stage_fields = STAGE_FIELDS

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        status = getattr(self.instance, "status", "") or "draft"
        for name, states in self.stage_fields.items():
            if status not in states:
                self.fields.pop(name, None)

    def clean(self):  # noqa: ANN201
        """A date the user typed wrong is unknown, not the stored one: the model's checks
        comparing dates must not compare the other date with a stale value (29/02/2023
        gives one error, "not a valid date", not also "return before departure")."""
        cleaned = super().clean()
        for name in list(self.errors):
            if name in self.fields and isinstance(self.fields[name], forms.DateField):
                setattr(self.instance, name, None)
        return cleaned


class InboundStageMixin(OutboundStageMixin):
    """The inbound form shows the results only once the visit has taken place."""

    stage_fields = INBOUND_STAGE_FIELDS
