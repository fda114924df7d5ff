"""Forms of the conferences module: the filters the report's figures link to, and the permit
a user records."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.conferences.models import COUNTED, Conference
from doingoai.core.filters import RecordFilterSet


class ConferenceFilterSet(RecordFilterSet):
    """Conferences by role, kind, form, level and status; by start date; "counted" keeps the
    events the reports count (neither drafts, refused nor cancelled)."""

    start_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("starts from")
    )
    start_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("starts until")
    )
    counted = django_filters.BooleanFilter(label=_("counted in reports"), method="by_counted")
    late = django_filters.BooleanFilter(label=_("filed late"), method="by_late")

    class Meta:
        model = Conference
        fields = ["role", "kind", "event_form", "approval_level", "sector", "status", "organiser"]

    def by_counted(self, queryset, name, value):  # noqa: ANN001, ANN201
        if value is None:
            return queryset
        return (
            queryset.filter(status__in=COUNTED) if value else queryset.exclude(status__in=COUNTED)
        )

    def by_late(self, queryset, name, value):  # noqa: ANN001, ANN201
        from django.db.models import F

        if value is None:
            return queryset
        late = {"requested_on__gt": F("request_due")}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class PermitForm(forms.Form):
    """The permit (or the Prime Minister's approval) a user records: number, date, signer."""

    number = forms.CharField(
        label=_("number/symbol"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "123/QĐ-UBND"}),
    )
    issued_date = forms.DateField(label=_("date issued"))
    issuer = forms.CharField(label=_("issued by"), max_length=200)
    signer_name = forms.CharField(label=_("signed by"), max_length=200)
    signer_title = forms.CharField(label=_("signer's title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        from doingoai.core.forms import DateInput

        super().__init__(*args, **kwargs)
        self.fields["issued_date"].widget = DateInput()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
