"""Factories of the test-only types (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory

from tests.contract_app.models import TrialActivity, TrialStep
from tests.factories import OrganisationFactory, contract_children, contract_factory


@contract_factory("contract_app.trialactivity")
class TrialActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialActivity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hoạt động thử nghiệm số {n}")
    held_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n))
    amount = Decimal("1234567.50")
    currency = "USD"
    latitude = Decimal("18.679600")
    longitude = Decimal("105.681300")
    organiser = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003
        if create:
            self.countries.set(extracted if extracted is not None else ["LA", "KH"])


@contract_children("contract_app.trialactivity")
def _steps(activity: TrialActivity) -> None:
    TrialStep.objects.create(activity=activity, name="Chuẩn bị")
    TrialStep.objects.create(activity=activity, name="Tổ chức")
