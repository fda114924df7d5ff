"""Filter machinery: the same filterset serves the list page, the export and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter

from doingoai.core.forms import DateInput

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType


class CountryFilter(django_filters.CharFilter):
    """A country by its ISO code or any of its names ("AU", "Úc", "Ô-xtrây-li-a",
    "Australia"); ``field_name`` is the path to the country's code."""

    def filter(self, qs, value):  # noqa: ANN001, ANN201
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        from doingoai.core.models import Country

        codes = list(Country.objects.by_alias(value).values_list("code", flat=True))
        return self.get_method(qs)(**{f"{self.field_name}__in": codes})


class RecordFilterSet(django_filters.FilterSet):
    """Base filterset: a diacritics-insensitive ``q`` search, day-first date ranges."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def filter_search(self, queryset, name, value):  # noqa: ANN001 - django-filter signature
        return queryset.search(value) if value else queryset

    def _label_in_request_language(self) -> None:
        """django-filter fixes a generated filter's label (and its form field) the first time
        anyone reads it, in that request's language (the API schema reads them all): build
        them again, on this instance's copies, in the current request's language."""
        model = getattr(self._meta, "model", None)
        for name, flt in self.filters.items():
            flt.__dict__.pop("_field", None)
            if name in self.declared_filters or model is None or not flt.field_name:
                continue
            try:
                flt.label = label_for_filter(model, flt.field_name, flt.lookup_expr, flt.exclude)
            except Exception:  # noqa: BLE001 - a path django-filter cannot name keeps its label
                continue

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._label_in_request_language()
        self._bound_big_choices()
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            elif isinstance(widget, django_filters.widgets.RangeWidget):
                for sub in widget.widgets:
                    sub.attrs.update({"class": "form-control", "placeholder": "dd/mm/yyyy"})
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select form-select-sm")
                if isinstance(widget, forms.NullBooleanSelect):
                    widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
                elif isinstance(field, forms.ModelChoiceField):
                    field.empty_label = _("All")
                elif isinstance(field, forms.ChoiceField):
                    if getattr(field, "empty_label", None) is not None:
                        # django-filter's ChoiceField prepends its own blank choice
                        field.empty_label = _("All")
                        field.choices = [(v, lb) for v, lb in field.choices if v not in ("", None)]
                        continue
                    field.choices = [
                        ("", _("All")) if value in ("", None) else (value, label)
                        for value, label in field.choices
                    ]
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


def _bound_big_choices_impl(filterset: RecordFilterSet) -> None:
    """A choice of records from a big table (thousands of organisations) is not rendered as a
    select of all of them on every list page (measured: seconds at the stress scale): it
    keeps the chosen record only, which links from reports and record pages pass by id."""
    from doingoai.core.paging import estimated_rows

    data = filterset.data or {}
    for name, field in filterset.form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            continue
        model = field.queryset.model
        if estimated_rows(model) <= BIG_CHOICES:
            continue
        chosen = str(data.get(name, "")).strip()
        field.queryset = (
            field.queryset.filter(pk=chosen) if chosen.isdigit() else field.queryset.none()
        )


#: Above this many rows a filter's related records are not listed in a select.
BIG_CHOICES = 500
RecordFilterSet._bound_big_choices = _bound_big_choices_impl


def record_filterset_for(rt: RecordType) -> type[django_filters.FilterSet]:
    """Filterset of a record type from ``filter_fields``: exact for choices and relations,
    a from/to range for dates."""
    declared: dict[str, django_filters.Filter] = {}
    plain: list[str] = []
    for name in rt.filter_fields:
        field = rt.model._meta.get_field(name)
        if isinstance(field, models.DateField):
            declared[f"{name}_from"] = django_filters.DateFilter(
                field_name=name,
                lookup_expr="gte",
                label=format_lazy("{} ({})", field.verbose_name, _("from")),
            )
            declared[f"{name}_to"] = django_filters.DateFilter(
                field_name=name,
                lookup_expr="lte",
                label=format_lazy("{} ({})", field.verbose_name, _("to")),
            )
        else:
            plain.append(name)
    meta = type("Meta", (), {"model": rt.model, "fields": plain})
    return type(f"{rt.model.__name__}FilterSet", (RecordFilterSet,), {"Meta": meta, **declared})
