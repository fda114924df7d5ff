"""Delegations' stress data (registered in ``core.stress``): at ``factor`` 1.0, 100,000
outbound delegations with 500,000 members (person-trips) and 100,000 inbound delegations,
spread over 2005–2026, by raw bulk inserts reusing core's organisations, persons and legal
documents. Effective dates and folded search text are filled. Never imported by a request
path."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.stress import StressGenerator, register_stress
from doingoai.core.stress_data import bulk_insert, fold, next_id, reset_sequences

DESTINATIONS = ["KR", "JP", "LA", "TH", "CN", "SG", "FR", "DE", "US", "AU", "RU", "CU"]
OUT_STATUSES = ["reported"] * 6 + ["returned", "decided", "draft", "submitted", "cancelled"]
IN_STATUSES = ["reported"] * 6 + ["received", "permitted", "proposed", "cancelled"]
START = date(2005, 1, 1)
DAYS = 365 * 22


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.core.models import Country, LegalDocument, Organisation, Person
    from doingoai.delegations.models import InboundDelegation, OutboundDelegation, OutboundMember

    written: dict[str, int] = {}
    countries = dict(Country.objects.filter(code__in=DESTINATIONS).values_list("code", "name_vi"))
    codes = sorted(countries)
    agencies = list(
        Organisation.objects.filter(kind="provincial_agency").values_list("id", "name")[:500]
    )
    foreign = list(Organisation.objects.exclude(country__code="VN").values_list("id", flat=True))
    decisions = list(LegalDocument.objects.filter(kind="QĐ").values_list("id", flat=True)[:5000])
    low, high = Person.objects.order_by("id").values_list("id", flat=True)[:1][0], next_id(Person)
    n_out = int(100_000 * factor)
    first_out = next_id(OutboundDelegation)
    trips: list[tuple[int, str, str]] = []  # id, destination, title

    def outbound():  # noqa: ANN202
        for i in range(n_out):
            agency, agency_name = agencies[rng.randrange(len(agencies))]
            code = codes[rng.randrange(len(codes))]
            status = OUT_STATUSES[rng.randrange(len(OUT_STATUSES))]
            depart = START + timedelta(days=rng.randrange(DAYS))
            back = depart + timedelta(days=rng.randint(3, 10))
            decided = status in ("decided", "returned", "reported")
            actual = status in ("returned", "reported") and rng.random() < 0.3
            actual_departure = depart + timedelta(days=1) if actual else None
            actual_return = back + timedelta(days=1) if actual else None
            title = (
                f"Đoàn công tác tại {countries[code]} năm {depart.year} (STRESS-{first_out + i})"
            )
            trips.append((first_out + i, code, title))
            yield {
                "id": first_out + i,
                "search_text": fold(f"{title} {agency_name}"),
                "title": title,
                "agency_id": agency,
                "purpose": rng.choice(["promotion", "study", "conference", "partner"]),
                "pillar": "state",
                "cities": "",
                "funding_source": "state_budget",
                "currency": "VND",
                "planned_departure": depart,
                "planned_return": back,
                "actual_departure": actual_departure,
                "actual_return": actual_return,
                "led_by_provincial_leader": rng.random() < 0.1,
                "decision_id": decisions[rng.randrange(len(decisions))]
                if decided and decisions
                else None,
                "status": status,
                "effective_departure": actual_departure or depart,
                "effective_return": actual_return or back,
            }

    written["delegations.outbounddelegation"] = bulk_insert(OutboundDelegation, outbound())
    through = OutboundDelegation.destinations.through
    code_ids = dict(Country.objects.filter(code__in=codes).values_list("code", "pk"))
    first_link = next_id(through)
    bulk_insert(
        through,
        (
            {"id": first_link + i, "outbounddelegation_id": trip, "country_id": code_ids[code]}
            for i, (trip, code, _title) in enumerate(trips)
        ),
    )

    first_member = next_id(OutboundMember)
    names = dict(Person.objects.values_list("id", "full_name").iterator(chunk_size=20000))

    def members():  # noqa: ANN202
        n = 0
        for trip, _code, title in trips:
            chosen = set()
            while len(chosen) < 5:
                person = rng.randrange(low, high)
                if person in names:
                    chosen.add(person)
            for index, person in enumerate(sorted(chosen)):
                yield {
                    "id": first_member + n,
                    "search_text": fold(f"{names[person]} {title} Chuyên viên"),
                    "delegation_id": trip,
                    "person_id": person,
                    "position": "Chuyên viên",
                    "is_head": index == 0,
                }
                n += 1

    written["delegations.outboundmember"] = bulk_insert(OutboundMember, members())

    n_in = int(100_000 * factor)
    first_in = next_id(InboundDelegation)
    visits: list[tuple[int, str]] = []

    def inbound():  # noqa: ANN202
        for i in range(n_in):
            code = codes[rng.randrange(len(codes))]
            arrive = START + timedelta(days=rng.randrange(DAYS))
            agency, agency_name = agencies[rng.randrange(len(agencies))]
            title = f"Đoàn {countries[code]} thăm tỉnh năm {arrive.year} (STRESS-{first_in + i})"
            visits.append((first_in + i, code))
            yield {
                "id": first_in + i,
                "search_text": fold(f"{title} Ông Kim Min-jun {agency_name}"),
                "title": title,
                "partner_id": foreign[rng.randrange(len(foreign))] if foreign else None,
                "head_name": "Ông Kim Min-jun",
                "foreign_count": rng.randint(3, 25),
                "overseas_vietnamese_count": rng.choice([0, 0, 0, 1, 2, 5]),
                "purpose": rng.choice(["investment", "cooperation", "aid", "culture", "courtesy"]),
                "pillar": "state",
                "host_agency_id": agency,
                "planned_arrival": arrive,
                "planned_departure": arrive + timedelta(days=rng.randint(1, 4)),
                "status": IN_STATUSES[rng.randrange(len(IN_STATUSES))],
            }

    written["delegations.inbounddelegation"] = bulk_insert(InboundDelegation, inbound())
    in_through = InboundDelegation.countries.through
    first_link = next_id(in_through)
    bulk_insert(
        in_through,
        (
            {"id": first_link + i, "inbounddelegation_id": visit, "country_id": code_ids[code]}
            for i, (visit, code) in enumerate(visits)
        ),
    )
    reset_sequences(OutboundDelegation, OutboundMember, InboundDelegation, through, in_through)
    return written


register_stress(StressGenerator("delegations", 20, generate))
