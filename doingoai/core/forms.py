"""Form machinery shared by every record type: Bootstrap widgets, day-first dates,
autocomplete for large reference tables, the optimistic-lock version field."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.core import field_policy

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

DATE_PLACEHOLDER = "dd/mm/yyyy"


class DateInput(forms.DateInput):
    """A text date input that always shows and reads dd/mm/yyyy."""

    def __init__(self, attrs: dict | None = None) -> None:
        base = {
            "placeholder": DATE_PLACEHOLDER,
            "class": "form-control",
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class AutocompleteSelect(forms.Select):
    """A select that renders only the chosen option and asks the server for the others as
    the user types (large tables: persons, organisations, administrative units)."""

    def __init__(self, lookup_url: str, attrs: dict | None = None) -> None:
        super().__init__(
            attrs={"class": "form-select", "data-autocomplete": lookup_url, **(attrs or {})}
        )


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    """The multiple-choice form of ``AutocompleteSelect``."""

    allow_multiple_selected = True


def valid_keys(model: type[models.Model], values: list[Any]) -> list[Any]:
    """The values that can be a key of ``model`` (a sent or prefilled choice may be anything:
    "abc" for a number, a number past the column, a NUL byte PostgreSQL refuses); the
    others choose nothing, and the field's own validation says so."""
    from django.db import connection

    pk = model._meta.pk
    try:  # an integer key's column bounds (a text key, a country's code, has none)
        low, high = connection.ops.integer_field_range(pk.get_internal_type())
    except KeyError:
        low = high = None
    keys = []
    for value in values:
        if value in (None, "") or (isinstance(value, str) and "\x00" in value):
            continue
        try:
            key = pk.to_python(value)
        except forms.ValidationError:
            continue
        if isinstance(key, int) and not (
            (low is None or key >= low) and (high is None or key <= high)
        ):
            continue  # past the column: SQLite cannot even be asked
        keys.append(key)
    return keys


class KeysWithinColumn:
    """For a field of several records (a form's or a filter's): a number past the key's
    column is a choice that does not exist. Django asks ``pk IN (…)`` with it, which SQLite
    refuses with an OverflowError: a server error for a mistyped or hostile form."""

    def _check_values(self, value):  # noqa: ANN001, ANN202
        if not self.to_field_name and isinstance(value, (list, tuple, set, frozenset)):
            model = self.queryset.model
            for item in value:
                number = isinstance(item, (int, str)) and str(item).strip().lstrip("-").isdigit()
                if number and not valid_keys(model, [item]):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


class RecordMultipleChoiceField(KeysWithinColumn, forms.ModelMultipleChoiceField):
    """A record form's field of several records (``KeysWithinColumn``)."""


def _narrow_choices(field: forms.ModelChoiceField, value: Any) -> None:
    """Limit an autocomplete field's rendered options to the chosen ones (no full table scan)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    pks = valid_keys(field.queryset.model, [getattr(v, "pk", v) for v in values])
    chosen = [(obj.pk, str(obj)) for obj in field.queryset.filter(pk__in=pks)] if pks else []
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    field.widget.choices = chosen if multiple else [("", "---------"), *chosen]


def _raw_value(form: forms.BaseForm, name: str, field: forms.Field) -> Any:
    """What a field holds before validation: the sent value, else the initial one."""
    if not form.is_bound or field.disabled:
        value = form.initial.get(name)
        if hasattr(value, "all"):
            value = list(value.all())
        return value
    if isinstance(field, forms.ModelMultipleChoiceField) and hasattr(form.data, "getlist"):
        return form.data.getlist(form.add_prefix(name))
    return form.data.get(form.add_prefix(name))


def narrow_autocompletes(form: forms.BaseForm) -> None:
    """Every autocomplete of ``form`` renders only its chosen records (``_narrow_choices``):
    record forms and child rows alike."""
    for name, field in form.fields.items():
        if isinstance(field.widget, AutocompleteSelect):
            _narrow_choices(field, _raw_value(form, name, field))


class ChildForm(forms.ModelForm):
    """A child row in an inline formset (a gate's openings and closures, a case's actions, a
    press visit's reporters): styled like a record's form, and its autocompletes render
    only the chosen record. With Django's plain ModelForm each row's select of legal
    documents listed every document of the table (22,589 at the stress scale)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)
        narrow_autocompletes(self)


def style_fields(form: forms.BaseForm) -> None:
    """The one place form widgets get their look: Bootstrap classes, day-first date inputs,
    short text areas. Every form of the system calls it (record forms, child rows, settings)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField) and not isinstance(widget, DateInput):
            field.widget = DateInput()
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, (forms.HiddenInput, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "form-control")
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3


class RecordForm(forms.ModelForm):
    """Base of every record form: styling, version field for conflict detection."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    record_type: RecordType | None = None

    def __init__(self, *args: Any, user=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance and self.instance.pk:
            # an edit must say which version it was made on: no silent overwrite
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = _(
                "The page you sent is out of date. Reload it and try again."
            )
        self._lock_owner_for_agency()
        style_fields(self)
        narrow_autocompletes(self)
        field_policy.protect_form(self, self.record_type, self.user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # a masked or (for a role that cannot see it) blank sensitive value keeps the stored one
        field_policy.keep_masked_in_form(self, self.record_type, self.user)
        return data

    def _update_errors(self, errors: forms.ValidationError) -> None:
        """A model check may name a field this form does not show (a date a workflow move
        stamps): say it above the form, with the field's name, instead of failing."""
        if hasattr(errors, "error_dict"):
            stray = [k for k in errors.error_dict if k != "__all__" and k not in self.fields]
            for name in stray:
                label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                for message in errors.error_dict.pop(name):
                    text = " ".join(forms.ValidationError(message).messages)
                    errors.error_dict.setdefault("__all__", []).append(
                        forms.ValidationError(f"{label}: {text}")
                    )
        super()._update_errors(errors)

    def _lock_owner_for_agency(self) -> None:
        """A submitting agency's records always belong to it: show the field, locked."""
        from doingoai.core.roles import is_agency_user

        rt = self.record_type
        if rt is None or self.user is None or not rt.owner_field or not is_agency_user(self.user):
            return
        field = self.fields.get(rt.owner_field)
        if field is not None:
            field.disabled = True
            field.required = False
            self.initial[rt.owner_field] = self.user.organisation_id


def formfield_callback_for(rt: RecordType):
    from doingoai.core.registry import registry

    def callback(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
        from doingoai.core.numbers import LocalDecimalField, LocalIntegerField

        # numbers as users type them and the app prints them ("1.234.567", "1.234,5")
        if isinstance(model_field, models.DecimalField) and not model_field.choices:
            kwargs.setdefault("form_class", LocalDecimalField)
        elif isinstance(model_field, models.IntegerField) and not model_field.choices:
            kwargs.setdefault("form_class", LocalIntegerField)
        elif isinstance(model_field, models.ManyToManyField):
            kwargs.setdefault("form_class", RecordMultipleChoiceField)
        field = model_field.formfield(**kwargs)
        if field is None:
            return None
        if isinstance(model_field, models.DateField) and not isinstance(
            model_field, models.DateTimeField
        ):
            field.widget = DateInput()
        related = getattr(model_field, "related_model", None)
        if related is not None and registry.is_registered(related):
            target = registry.for_model(related)
            if target.autocomplete:
                url = reverse("lookup", args=[target.key])
                multiple = isinstance(model_field, models.ManyToManyField)
                field.widget = (AutocompleteSelectMultiple if multiple else AutocompleteSelect)(url)
        return field

    return callback


def record_form_for(rt: RecordType) -> type[RecordForm]:
    """The ModelForm of a record type, generated from its declared ``fields``."""
    base = (
        type(f"{rt.model.__name__}BaseForm", (*rt.form_mixins, RecordForm), {})
        if rt.form_mixins
        else RecordForm
    )
    form = forms.modelform_factory(
        rt.model, form=base, fields=rt.fields, formfield_callback=formfield_callback_for(rt)
    )
    form.record_type = rt
    return form


@functools.cache
def form_for(rt: RecordType) -> type[forms.ModelForm]:
    """The form class of a record type (its own ``form_class`` or the generated one), built
    on first use and kept."""
    return rt.form_class or record_form_for(rt)


class ImportForm(forms.Form):
    """Upload of an XLSX file to import."""

    file = forms.FileField(label=_("XLSX file"))


class CommentForm(forms.Form):
    """The comment that goes with a workflow move."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class AttachmentForm(forms.Form):
    """Upload of one attachment."""

    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class DocumentLinkForm(forms.Form):
    """Link (or unlink) a legal document to a record."""

    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=None,
        widget=AutocompleteSelect(reverse_lazy("lookup", args=["core.legaldocument"])),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    unlink = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from doingoai.core.models import LegalDocument

        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = LegalDocument.objects.all()
        _narrow_choices(self.fields["document"], self.data.get("document"))
        self.fields["note"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("Note")}
        )
