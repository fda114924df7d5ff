"""A filter's choice of records from a big table is not a select of all of them (thousands of
organisations took seconds per list page at the stress scale): where the type offers an
autocomplete, the filter becomes an autocomplete select rendering only the chosen record;
otherwise it keeps the chosen record only."""

from __future__ import annotations

import pytest

from doingoai.core import filters
from doingoai.core.forms import AutocompleteSelect
from doingoai.core.models import Person
from doingoai.core.registry import registry
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_big_related_tables_render_only_the_chosen_record(monkeypatch) -> None:  # noqa: ANN001
    rt = registry.get("core.person")
    filterset = filters.filterset_for(rt)
    orgs = OrganisationFactory.create_batch(3)
    PersonFactory(organisation=orgs[0])
    PersonFactory(organisation=orgs[1])
    small = filterset(None, queryset=Person.objects.all())
    assert set(small.form.fields["organisation"].queryset) >= set(orgs)
    monkeypatch.setattr(filters, "BIG_CHOICES", 1)
    unbound = filterset(None, queryset=Person.objects.all())
    field = unbound.form.fields["organisation"]
    assert registry.for_model(field.queryset.model).autocomplete
    assert isinstance(field.widget, AutocompleteSelect)
    assert [value for value, _label in field.widget.choices] == [""]  # nothing listed
    bound = filterset({"organisation": str(orgs[0].pk)}, queryset=Person.objects.all())
    widget = bound.form.fields["organisation"].widget
    assert [value for value, _label in widget.choices] == ["", orgs[0].pk]
    assert 'data-autocomplete="/' in str(bound.form["organisation"])
    assert bound.is_valid() and [p.organisation for p in bound.qs] == [orgs[0]]


def test_a_big_table_without_autocomplete_lists_only_the_chosen_record(
    monkeypatch,  # noqa: ANN001
    client_as,  # noqa: ANN001
) -> None:
    """A list page whose filter offers records of a big table without an autocomplete (the
    ABTC enterprises of the business people's list at the stress scale: HTTP 500) renders
    the filter with nothing but the chosen record."""
    from doingoai.core import roles as R
    from tests.factories import CONTRACT_FACTORIES

    rt = registry.get("consular.businessperson")
    person = CONTRACT_FACTORIES[rt.key]()
    field = rt.model._meta.get_field("enterprise")
    assert not registry.for_model(field.related_model).autocomplete
    monkeypatch.setattr(filters, "BIG_CHOICES", 0)
    client = client_as(R.ADMIN)
    page = client.get(rt.url("list"))
    assert page.status_code == 200
    chosen = client.get(rt.url("list") + f"?enterprise={person.enterprise_id}")
    assert chosen.status_code == 200
    assert f'<option value="{person.enterprise_id}" selected>' in chosen.content.decode()


def test_a_big_table_offered_as_several_choices_lists_only_the_chosen(
    monkeypatch,  # noqa: ANN001
    client_as,  # noqa: ANN001
) -> None:
    """The agreements' filter by foreign parties (a choice of several among 10,000 partners
    at the stress scale: 420 ms of a core per page, building every option) lists only the
    chosen partners, which links pass by id."""
    from doingoai.core import roles as R
    from tests.partners.factories import AgreementFactory, PartnerFactory

    ours, other = PartnerFactory(name="tỉnh Đối tác Chọn"), PartnerFactory(name="tỉnh Khác Xa")
    AgreementFactory(foreign_parties=[ours])
    rt = registry.get("partners.agreement")
    client = client_as(R.ADMIN)
    assert "tỉnh Khác Xa" in client.get(rt.url("list")).content.decode()  # a small table
    monkeypatch.setattr(filters, "BIG_CHOICES", 0)
    page = client.get(rt.url("list")).content.decode()
    assert "tỉnh Khác Xa" not in page
    chosen = client.get(rt.url("list") + f"?foreign_parties={ours.pk}").content.decode()
    assert f'<option value="{ours.pk}" selected>' in chosen
    assert "tỉnh Khác Xa" not in chosen and "thử nghiệm" in chosen
    assert other.pk != ours.pk
