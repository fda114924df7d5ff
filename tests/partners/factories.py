"""Factories of the partners module (also used by the generic contract suite)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.partners.models import Agreement, AnniversaryEvent, Partner
from tests.factories import OrganisationFactory, contract_factory


@contract_factory("partners.partner")
class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"tỉnh Đối tác thử nghiệm {n}")
    name_foreign = factory.Sequence(lambda n: f"Test Partner Province {n}")
    kind = "province"
    country_id = "LA"
    relation = "cooperation"
    established = factory.Sequence(lambda n: date(2001, 1, 1) + timedelta(days=n))


@contract_factory("partners.agreement")
class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Biên bản ghi nhớ thử nghiệm số {n}")
    kind = "mou"
    vietnamese_party = factory.SubFactory(OrganisationFactory)
    agency = factory.SelfAttribute("vietnamese_party")
    status = "draft"

    @factory.post_generation
    def foreign_parties(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003
        if create:
            self.foreign_parties.set(
                extracted if extracted is not None else [PartnerFactory(country_id="JP")]
            )


@contract_factory("partners.anniversaryevent")
class AnniversaryEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnniversaryEvent

    title = factory.Sequence(lambda n: f"Sự kiện thử nghiệm số {n}")
    date = factory.Sequence(lambda n: date(1981, 1, 1) + timedelta(days=n))
    country_id = "LA"
    confidence = "sourced"
