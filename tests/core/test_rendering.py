"""The page's hot loops written in Python give what Django's templates gave: selects (the
form renderer), table rows (``table_rows``) and choice labels (kept per field and language)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from doingoai.core.models import ExchangeRate
from doingoai.core.renderers import FormRenderer


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class _Everything(forms.Form):
    plain = forms.ChoiceField(
        choices=[
            ("", "---"),
            ('x<"1">', 'A & "b" <i>'),
            ("Nhóm & <g>", [("1", "một"), (2, 2025)]),
        ],
        initial='x<"1">',
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "a"), ("2", "b"), ("3", "c")],
        initial=["1", "3"],
        widget=forms.SelectMultiple(attrs={"class": "form-select", "disabled": True, "data-x": 0}),
    )
    hidden_flag = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"data-off": False, "data-on": True})
    )
    yes_no = forms.NullBooleanField()
    date = forms.DateField()


def test_selects_are_written_as_django_templates_write_them():
    for name in ("plain", "many", "hidden_flag", "yes_no", "date"):
        theirs = str(_Everything(renderer=DjangoTemplates())[name])
        ours = str(_Everything(renderer=FormRenderer())[name])
        assert _same(ours) == _same(theirs), name
    ours = str(_Everything(renderer=FormRenderer())["plain"])
    assert 'value="x&lt;&quot;1&quot;&gt;" selected>A &amp; &quot;b&quot; &lt;i&gt;<' in ours
    assert '<optgroup label="Nhóm &amp; &lt;g&gt;">' in ours


def test_an_option_with_a_template_of_its_own_is_left_to_the_templates():
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=Own)
    form = type("F", (forms.Form,), {"x": field})(renderer=FormRenderer())
    assert "<label><input" in str(form["x"])  # the option's own template ran


@pytest.mark.django_db
def test_choice_labels_follow_the_language_and_the_value():
    rate = ExchangeRate(currency="USD", date=date(2025, 1, 1), usd=Decimal(1), vnd=Decimal(1))
    with translation.override("vi"):
        vietnamese = rate.get_currency_display()
    with translation.override("en"):
        english = rate.get_currency_display()
    assert (vietnamese, english) == ("USD – Đô la Mỹ", "USD – US Dollar")
    rate.currency = "XYZ"  # not a choice: shown as it is, as Django shows it
    assert rate.get_currency_display() == "XYZ"


@pytest.mark.django_db
def test_list_rows_are_localised_escaped_and_linked(client, django_user_model):  # noqa: ANN001
    from doingoai.core.models import Person

    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    Person.objects.create(full_name='Nguyễn <b>"Đức"</b>', birth_year=1975)
    ExchangeRate.objects.create(
        currency="EUR", date=date(2025, 3, 1), usd=Decimal("1.08"), vnd=Decimal("27123.5")
    )
    page = client.get("/core/persons/").content.decode()
    assert "Nguyễn &lt;b&gt;&quot;Đức&quot;&lt;/b&gt;" in page and "<b>" not in page
    assert ">1975<" in page  # a year is not written 1.975
    rates = client.get("/core/exchange-rates/").content.decode()
    assert "27.123,5" in rates and "01/03/2025" in rates
