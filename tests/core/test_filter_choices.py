"""A filter's choice of records from a big table is not a select of all of them (thousands of
organisations took seconds per list page at the stress scale): it keeps the chosen one."""

from __future__ import annotations

import pytest

from doingoai.core import filters
from doingoai.core.models import Person
from doingoai.core.registry import registry
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_big_related_tables_keep_only_the_chosen_record(monkeypatch) -> None:  # noqa: ANN001
    rt = registry.get("core.person")
    orgs = OrganisationFactory.create_batch(3)
    PersonFactory(organisation=orgs[0])
    PersonFactory(organisation=orgs[1])
    small = rt.filterset(None, queryset=Person.objects.all())
    assert set(small.form.fields["organisation"].queryset) >= set(orgs)
    monkeypatch.setattr(filters, "BIG_CHOICES", 1)
    unbound = rt.filterset(None, queryset=Person.objects.all())
    assert list(unbound.form.fields["organisation"].queryset) == []
    bound = rt.filterset({"organisation": str(orgs[0].pk)}, queryset=Person.objects.all())
    assert list(bound.form.fields["organisation"].queryset) == [orgs[0]]
    assert bound.is_valid() and [p.organisation for p in bound.qs] == [orgs[0]]
