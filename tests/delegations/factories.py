"""Factories of the delegations module (also used by the generic contract suite)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.delegations.models import InboundDelegation, OutboundDelegation, OutboundMember
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    contract_children,
    contract_factory,
)


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


def build_year_2025() -> None:
    """2025, counted by hand:
    - A: departs 20/03/2025 to Korea, 3 people, state budget, led by a provincial leader;
    - B: departs 28/12/2025, returns 04/01/2026 (spans New Year) to Japan and Korea, 2 people
      (one of them also on A: a person on two trips), enterprise;
    - C: departs 02/12/2024, returns 03/01/2025: counts in 2024, not 2025;
    - D: cancelled, 2025: not counted; E: still a draft in 2025: not counted.
    Inbound: X (Laos, 10 foreigners + 2 overseas Vietnamese, permitted, 2025),
    Y (Japan, 4 foreigners, received, 2025), Z (refused, 2025), W (2024).
    Outbound 2025: 2 delegations, 5 person-trips; Korea 2/5, Japan 1/2; led 1.
    Inbound 2025: 2 delegations, 14 foreigners, 2 overseas Vietnamese."""
    p = [PersonFactory() for _ in range(5)]
    trip(
        people=[p[0], p[1], p[2]],
        departure=date(2025, 3, 20),
        days=6,
        countries=["KR"],
        led_by_provincial_leader=True,
        status="reported",
    )
    trip(
        people=[p[0], p[3]],
        departure=date(2025, 12, 28),
        days=7,
        countries=["JP", "KR"],
        funding_source="enterprise",
        status="returned",
    )
    trip(people=[p[4]], departure=date(2024, 12, 2), days=32, status="reported")
    trip(people=[p[1]], departure=date(2025, 6, 1), status="cancelled")
    trip(people=[p[2]], departure=date(2025, 8, 1), status="draft")
    InboundFactory(
        countries=["LA"],
        foreign_count=10,
        overseas_vietnamese_count=2,
        planned_arrival=date(2025, 4, 1),
        planned_departure=date(2025, 4, 3),
        status="permitted",
    )
    InboundFactory(
        countries=["JP"],
        foreign_count=4,
        planned_arrival=date(2025, 12, 30),
        planned_departure=date(2026, 1, 2),
        status="received",
    )
    InboundFactory(
        countries=["LA"],
        foreign_count=7,
        planned_arrival=date(2025, 5, 1),
        planned_departure=date(2025, 5, 2),
        status="refused",
    )
    InboundFactory(
        countries=["LA"],
        foreign_count=3,
        planned_arrival=date(2024, 5, 1),
        planned_departure=date(2024, 5, 2),
        status="reported",
    )


@contract_children("delegations.outbounddelegation")
def _outbound_members(delegation: OutboundDelegation) -> None:
    """Two members (the first is head): deleted with the trip, restored with it."""
    MemberFactory(delegation=delegation, is_head=True, position="Phó Chủ tịch UBND tỉnh")
    MemberFactory(delegation=delegation)
