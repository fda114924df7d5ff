"""Factories of the delegations module (also used by the generic contract suite)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.delegations.models import InboundDelegation, OutboundDelegation, OutboundMember
from tests.factories import OrganisationFactory, PersonFactory, contract_factory


@contract_factory("delegations.outbounddelegation")
class OutboundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundDelegation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Đoàn công tác thử nghiệm số {n}")
    agency = factory.SubFactory(OrganisationFactory)
    purpose = "promotion"
    funding_source = "state_budget"
    planned_departure = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=20 * n))
    planned_return = factory.LazyAttribute(lambda o: o.planned_departure + timedelta(days=5))
    status = "draft"

    @factory.post_generation
    def destinations(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003
        if create:
            self.destinations.set(extracted if extracted is not None else ["KR"])


@contract_factory("delegations.outboundmember")
class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundMember

    delegation = factory.SubFactory(OutboundFactory)
    person = factory.SubFactory(PersonFactory)
    position = "Chuyên viên"


@contract_factory("delegations.inbounddelegation")
class InboundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundDelegation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Đoàn khách thử nghiệm số {n}")
    head_name = "Ông Somchai"
    foreign_count = 5
    purpose = "cooperation"
    host_agency = factory.SubFactory(OrganisationFactory)
    planned_arrival = date(2025, 3, 10)
    planned_departure = date(2025, 3, 12)
    status = "proposed"

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003
        if create:
            self.countries.set(extracted if extracted is not None else ["LA"])


def trip(*, people=(), status="decided", departure, days=5, countries=("KR",), **kwargs):  # noqa: ANN001, ANN003, ANN201
    """An outbound delegation with members (the first is head)."""
    from doingoai.core.models import LegalDocument

    decision = None
    if status in ("decided", "amendment", "returned", "reported"):
        decision = LegalDocument.objects.create(
            number=f"{LegalDocument.objects.count() + 1}/QĐ-UBND",
            kind="QĐ",
            issued_date=departure - timedelta(days=7),
            issuer="UBND tỉnh Nghệ An",
            summary="Quyết định cử đoàn",
        )
    obj = OutboundFactory(
        planned_departure=departure,
        planned_return=departure + timedelta(days=days),
        status=status,
        decision=decision,
        destinations=list(countries),
        **kwargs,
    )
    for index, person in enumerate(people):
        OutboundMember.objects.create(delegation=obj, person=person, is_head=index == 0)
    return obj
