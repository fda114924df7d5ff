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


class _Inputs(forms.Form):
    text = forms.CharField(
        initial='a & "b" <c>',
        widget=forms.TextInput(
            attrs={"placeholder": "Tìm & <lọc>", "autofocus": True, "data-off": False}
        ),
    )
    empty = forms.CharField(required=False)
    day = forms.DateField(initial=date(2025, 7, 15), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(initial=Decimal("1234.50"))
    flag = forms.BooleanField(initial=True)
    secret = forms.CharField(widget=forms.HiddenInput, initial="x<y>")
    mail = forms.EmailField(widget=forms.EmailInput(attrs={"class": "form-control"}))
    number = forms.IntegerField(initial=0)
    upload = forms.FileField(required=False)


@pytest.mark.parametrize("bound", [False, True])
def test_inputs_are_written_as_django_templates_write_them(bound):
    data = {"text": 'x"<y>', "day": "15/07/2025", "amount": "1.234,5", "flag": "on"}
    with translation.override("vi"):
        for name in _Inputs.base_fields:
            args = (data,) if bound else ()
            theirs = str(_Inputs(*args, renderer=DjangoTemplates())[name])
            ours = str(_Inputs(*args, renderer=FormRenderer())[name])
            assert ours == theirs, name


class _NoTemplates(FormRenderer):
    def get_template(self, template_name):  # noqa: ANN001, ANN201
        raise AssertionError(f"{template_name} was rendered by a template")


def test_inputs_and_selects_use_no_template():
    for name in [n for n in _Inputs.base_fields if n != "upload"]:  # clearable: a template
        assert str(_Inputs(renderer=_NoTemplates())[name]).startswith("<input"), name
    for name in ("plain", "many", "yes_no"):
        assert str(_Everything(renderer=_NoTemplates())[name]).startswith("<select"), name


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


@pytest.mark.django_db
def test_table_rows_match_django_tables2_cell_attributes():
    import django_tables2 as tables
    from django.template import Context, Template
    from django.test import RequestFactory

    class T(tables.Table):
        name = tables.Column(attrs={"td": {"class": "ten", "data-x": 'a"b'}})
        size = tables.Column(attrs={"td": {"data-size": lambda record: record["size"] * 2}})
        plain = tables.Column()

    data = [{"name": "Hà <Nội>", "size": 1, "plain": 3}, {"name": "Huế", "size": 2, "plain": 4}]
    request = RequestFactory().get("/")
    theirs = Template(
        "{% load django_tables2 %}{% render_table table 'django_tables2/bootstrap5.html' %}"
    ).render(Context({"table": T(data), "request": request}))
    ours = Template("{% load doingoai %}{% table_rows table %}").render(
        Context({"table": T(data), "request": request})
    )
    rows = re.findall(r"<tr[^>]*>.*?</tr>", _same(theirs), re.S)[1:]  # without the header
    assert _same(ours) == "".join(rows)
    assert 'data-size="4"' in ours and 'data-x="a&quot;b"' in ours


def test_record_links_equal_reverse_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from doingoai.core.registry import registry

    for prefix in ("/", "/so-ngoai-vu/"):
        set_script_prefix(prefix)
        try:
            for rt in registry.all():
                for view in ("list", "add", "detail", "edit", "history"):
                    try:
                        expected = reverse(
                            rt.url_name(view), args=[42] if view not in ("list", "add") else []
                        )
                    except Exception:  # noqa: BLE001 - a type without that view
                        continue
                    args = [42] if view not in ("list", "add") else []
                    assert rt.url(view, *args) == expected
                    assert rt.url(view, *args) == expected  # the kept pattern
            person = registry.get("core.person")
            assert person.url("detail", 7).startswith(prefix)
        finally:
            set_script_prefix("/")


@pytest.mark.django_db
def test_decimals_are_shown_exactly_without_the_columns_padding(client, django_user_model):  # noqa: ANN001
    """A rate is stored with ten decimal places: the list and the record's page show the value
    itself (0,75, 21.510,3755, 0,0064), never the column's padding (0,7500000000) nor a value
    rounded to two places (21.510,38; 0,01)."""
    from doingoai.core.templatetags.doingoai import show

    assert show(Decimal("0.7500000000")) == "0,75"
    assert show(Decimal("21510.3755")) == "21.510,3755"
    assert show(Decimal("0.0064000000")) == "0,0064"
    assert show(Decimal("1234567.0000")) == "1.234.567"
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    rate = ExchangeRate.objects.create(
        currency="JPY", date=date(2025, 3, 1), usd=Decimal("0.0064"), vnd=Decimal("21510.3755")
    )
    rate.refresh_from_db()  # as the database keeps it: 0.0064000000
    listed = client.get("/core/exchange-rates/").content.decode()
    shown = client.get(f"/core/exchange-rates/{rate.pk}/").content.decode()
    for page in (listed, shown):
        assert ">0,0064<" in page and ">21.510,3755<" in page
        assert "0,0064000000" not in page and "21.510,38<" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "first", "unknown"])
def test_a_filters_kept_select_is_django_s_markup_and_built_once(chosen, monkeypatch):  # noqa: ANN001
    """A filter's select of records (the organisations' countries) keeps its options' markup:
    what it writes is what Django's templates write for the same choices, with the chosen
    record marked, and a second page builds no option dictionary."""
    from django.forms.widgets import ChoiceWidget

    from doingoai.core import filters
    from doingoai.core.models import Country, Organisation
    from doingoai.core.registry import registry

    Country.objects.get_or_create(code="LA", defaults={"name_vi": "Lào", "name_en": "Laos"})
    Country.objects.get_or_create(code="KH", defaults={"name_vi": "Cam-pu-chia & <K>"})
    first = Country.objects.order_by("code").first().pk
    data = {"country": {"first": first, "unknown": "ZZ"}[chosen]} if chosen else None
    filterset = filters.filterset_for(registry.get("core.organisation"))
    with translation.override("vi"):
        form = filterset(data, queryset=Organisation.objects.all()).form
        assert isinstance(form.fields["country"].widget, filters.KeptSelect)
        ours = str(form["country"])
        plain = filterset(data, queryset=Organisation.objects.all()).form
        plain.renderer = DjangoTemplates()
        kept = plain.fields["country"].widget
        plain.fields["country"].widget = forms.Select(attrs=kept.attrs, choices=list(kept.choices))
        assert _same(ours) == _same(str(plain["country"]))
        assert ours.count(" selected") == (0 if chosen == "unknown" else 1)  # as Django
        assert (f'value="{first}" selected' in ours) is (chosen == "first")
        calls = []
        monkeypatch.setattr(ChoiceWidget, "optgroups", lambda *a: calls.append(a) or [])
        again = filterset(data, queryset=Organisation.objects.all()).form
        assert str(again["country"]) == ours and not calls
