"""Filter machinery: the same filterset serves the list page, the export and the API."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import models
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter

from doingoai.core.forms import AutocompleteSelect, DateInput, KeysWithinColumn, valid_keys
from doingoai.core.kept import Kept
from doingoai.core.registry import registry
from doingoai.core.renderers import option_parts

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


class _SeveralRecordsField(KeysWithinColumn, django_filters.fields.ModelMultipleChoiceField):
    """django-filter's field of several records (``KeysWithinColumn``)."""


class SeveralRecordsFilter(django_filters.ModelMultipleChoiceFilter):
    """A filter by several records (an agreement's foreign parties) whose keys past the
    column match nothing instead of failing on SQLite."""

    field_class = _SeveralRecordsField


def _several_records_defaults() -> dict:
    defaults = dict(django_filters.FilterSet.FILTER_DEFAULTS)
    for kind, spec in defaults.items():
        if spec.get("filter_class") is django_filters.ModelMultipleChoiceFilter:
            defaults[kind] = {**spec, "filter_class": SeveralRecordsFilter}
    return defaults


class RecordFilterSet(django_filters.FilterSet):
    """Base filterset: a diacritics-insensitive ``q`` search, day-first date ranges."""

    FILTER_DEFAULTS = _several_records_defaults()

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def filter_search(self, queryset, name, value):  # noqa: ANN001 - django-filter signature
        """Matches, best first (``RecordQuerySet.ranked``); a column the user sorts by
        replaces that order."""
        return queryset.search(value).ranked(value) if value else queryset

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
                    sub.attrs.setdefault("placeholder", "dd/mm/yyyy")
                    sub.attrs["class"] = "form-control form-control-sm"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select form-select-sm")
                if isinstance(widget, forms.NullBooleanSelect):
                    widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
                elif isinstance(field, forms.ModelChoiceField):
                    field.empty_label = _("All")
                    if not isinstance(widget, AutocompleteSelect) and not isinstance(
                        field, forms.ModelMultipleChoiceField
                    ):
                        field.widget = KeptSelect(attrs=widget.attrs)
                        field.widget.choices = _KeptChoices(field)
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


class DayRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two dd/mm/yyyy boxes sent as ``<field>_from`` and ``<field>_to`` (the names the
    reports' figure links and bookmarked lists use)."""

    suffixes = ["from", "to"]
    template_name = "core/widgets/day_range.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.widgets = [
            DateInput({"placeholder": _("from dd/mm/yyyy")}),
            DateInput({"placeholder": _("to dd/mm/yyyy")}),
        ]


def _bound_big_choices_impl(filterset: RecordFilterSet) -> None:
    """A choice of records from a big table (thousands of organisations) is not rendered as a
    select of all of them on every list page (measured: seconds at the stress scale): it
    becomes an autocomplete select (the chosen record rendered, the others asked for as the
    user types) where the type offers it, else keeps the chosen record only, which links
    from reports and record pages pass by id."""
    from doingoai.core.paging import estimated_rows

    data = filterset.data or {}
    for name, field in filterset.form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        if estimated_rows(model) <= BIG_CHOICES:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            # several records (an agreement's foreign parties): the chosen ones only
            values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
            keys = valid_keys(model, [str(v).strip() for v in values if str(v).strip().isdigit()])
            field.queryset = field.queryset.filter(pk__in=keys) if keys else field.queryset.none()
            continue
        chosen = str(data.get(name, "")).strip()
        if registry.is_registered(model) and registry.for_model(model).autocomplete:
            # the select asks the server as the user types; only the chosen record is rendered
            field.widget = AutocompleteSelect(
                reverse("lookup", args=[registry.for_model(model).key]),
                attrs={"class": "form-select form-select-sm"},
            )
            picked = field.queryset.filter(pk=chosen) if chosen.isdigit() else []
            field.widget.choices = [("", _("All")), *((o.pk, str(o)) for o in picked)]
            continue
        field.queryset = (
            field.queryset.filter(pk=chosen) if chosen.isdigit() else field.queryset.none()
        )


#: How long a process keeps a filter's list of related records (countries, organisations); a
#: write to that model in the process forgets it at once, another worker's shows within this
#: time. Building the 249 countries' options was a fifth of a persons list page.
CHOICES_SECONDS = 60
_kept_choices = Kept("filter-choices", CHOICES_SECONDS, forget_on_write=True)


def _choices_key(field: forms.ModelChoiceField, *part: str) -> tuple | None:
    """What a filter's records are kept under (its model first: a write to it forgets them):
    the query and the language; None when the query can match nothing."""
    qs = field.queryset
    try:
        sql = str(qs.query)
    except EmptyResultSet:  # a big table's filter without a chosen record: nothing listed
        return None
    return (qs.model._meta.label_lower, *part, type(field), sql, get_language())


def kept_choices(field: forms.ModelChoiceField) -> list[tuple[object, str]]:
    """(value, label) of every record ``field`` offers, kept per query and language."""
    key = _choices_key(field)
    if key is None:
        return []
    qs = field.queryset
    return _kept_choices.get(
        key, lambda: [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in qs]
    )


class _KeptChoices(BaseChoiceIterator):
    """A filter select's options, read when the select is rendered (the API validates the
    same form and never reads them)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field

    def __iter__(self):  # noqa: ANN204
        yield ("", self.field.empty_label)
        yield from kept_choices(self.field)

    def markup(self) -> tuple[tuple[str, str, str], ...]:
        """Each option's value and its markup before and after where ``selected`` goes,
        kept with the choices (:func:`doingoai.core.renderers.option_parts`)."""
        key = _choices_key(self.field, "markup")
        if key is None:  # only the empty choice
            return option_parts(list(self))
        return _kept_choices.get(key, lambda: option_parts(list(self)))


class KeptSelect(forms.Select):
    """A filter's select of records (countries, organisations): its options' markup is kept
    with its choices, and each page only marks the chosen one. Django builds a dictionary per
    option (and copies its attributes) on every page: with the 249 countries, a list page's
    filter form cost more than its table. The markup is Django's own (``render_select``)."""

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = forms.Widget.get_context(self, name, value, attrs)  # no option dictionaries
        choices = self.choices
        if isinstance(choices, _KeptChoices):
            context["widget"]["kept_options"] = choices.markup()
        else:  # choices set by hand: Django's own way
            context["widget"]["optgroups"] = self.optgroups(name, context["widget"]["value"], attrs)
        return context


#: Above this many rows a filter's related records are not listed in a select.
BIG_CHOICES = 500
RecordFilterSet._bound_big_choices = _bound_big_choices_impl


def record_filterset_for(rt: RecordType) -> type[django_filters.FilterSet]:
    """Filterset of a record type from ``filter_fields``: exact for choices and relations,
    a from/to range for dates (django-filter's ``DateFromToRangeFilter``)."""
    declared: dict[str, django_filters.Filter] = {}
    plain: list[str] = []
    for name in rt.filter_fields:
        field = rt.model._meta.get_field(name)
        if isinstance(field, models.DateField):
            declared[name] = django_filters.DateFromToRangeFilter(
                field_name=name, label=field.verbose_name, widget=DayRangeWidget()
            )
        else:
            plain.append(name)
    meta = type("Meta", (), {"model": rt.model, "fields": plain})
    return type(f"{rt.model.__name__}FilterSet", (RecordFilterSet,), {"Meta": meta, **declared})


@functools.cache
def filterset_for(rt: RecordType) -> type[django_filters.FilterSet]:
    """The filterset class of a record type (its own ``filterset_class`` or the generated
    one), built on first use and kept; labels follow each request's language."""
    return rt.filterset_class or record_filterset_for(rt)
