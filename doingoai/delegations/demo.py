"""Demo delegations: from 2021 to the current year, outbound trips to the province's usual
partner countries and inbound visits, with their decisions, statuses and members.
Deterministic and idempotent (titles carry the year and a sequence number)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from doingoai.core.demo import Seeder, register_seeder

DESTINATIONS = [
    ("LA", "Viêng Chăn"),
    ("KR", "Seoul"),
    ("JP", "Tokyo"),
    ("CN", "Nam Ninh"),
    ("TH", "Băng Cốc"),
    ("SG", "Singapore"),
    ("FR", "Paris"),
    ("DE", "Berlin"),
    ("US", "Washington"),
    ("LA", "Xiêng Khoảng"),
    ("AU", "Sydney"),
    ("RU", "Mát-xcơ-va"),
]
INBOUND_FROM = [
    ("LA", "Đoàn đại biểu tỉnh Xiêng Khoảng"),
    ("JP", "Đoàn doanh nghiệp Nhật Bản"),
    ("KR", "Đoàn KOICA"),
    ("LA", "Đoàn Tổng Lãnh sự quán Lào"),
    ("US", "Đoàn Tổ chức Tầm nhìn Thế giới"),
    ("TH", "Đoàn doanh nghiệp Thái Lan"),
    ("GB", "Đoàn Tổ chức Plan International"),
    ("FR", "Đoàn Phòng Thương mại Pháp"),
    ("CN", "Đoàn chính quyền tỉnh Quảng Tây"),
]
PURPOSE_WORDS = {
    "promotion": "xúc tiến đầu tư, thương mại, du lịch",
    "study": "học tập kinh nghiệm",
    "conference": "dự hội nghị, hội thảo",
    "partner": "làm việc với đối tác",
    "other": "công tác",
}


def seed_delegations(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.core.models import Country, LegalDocument, Organisation, Person
    from doingoai.delegations.models import InboundDelegation, OutboundDelegation, OutboundMember

    if OutboundDelegation.objects.filter(title__endswith="(DEMO-1)").exists():
        return
    agencies = list(Organisation.objects.filter(kind="provincial_agency").order_by("name"))
    foreign = list(Organisation.objects.exclude(country_id="VN").order_by("name"))
    people = list(Person.objects.filter(nationality_id="VN").order_by("pk"))
    countries = {
        c.code: c
        for c in Country.objects.filter(
            code__in={c for c, _ in DESTINATIONS} | {c for c, _ in INBOUND_FROM}
        )
    }
    purposes = list(PURPOSE_WORDS)
    fundings = ["state_budget", "state_budget", "inviting_side", "enterprise"]
    outbound, links, members, decisions = [], [], [], []
    serial = 0
    for year in range(2021, today.year + 1):
        for i in range(12 * scale):
            serial += 1
            slot, pool = divmod(i, scale)
            code, city = rng.choice(DESTINATIONS)
            purpose = rng.choice(purposes)
            agency = rng.choice(agencies)
            depart = date(year, 1, 8) + timedelta(days=slot * 29 + rng.randint(0, 6))
            back = depart + timedelta(days=rng.randint(3, 8))
            if depart > today + timedelta(days=60):
                continue
            past = back < today
            status = (
                ("reported" if past and rng.random() > 0.12 else "returned")
                if past
                else rng.choice(["draft", "submitted", "appraised", "decided"])
            )
            if rng.random() < 0.05:
                status = "cancelled"
            decision = None
            if status in ("decided", "returned", "reported"):
                decision = LegalDocument(
                    number=f"{serial}/QĐ-UBND",
                    kind="QĐ",
                    issued_date=depart - timedelta(days=10),
                    issuer="Ủy ban nhân dân tỉnh Nghệ An",
                    signer_name="Lê Hồng Vinh",
                    signer_title="Phó Chủ tịch",
                    summary=f"Cử đoàn {agency.abbreviation or ''} đi {countries[code].name_vi}",
                )
                decisions.append(decision)
            trip = OutboundDelegation(
                title=f"Đoàn {agency.abbreviation or agency.name} {PURPOSE_WORDS[purpose]} tại "
                f"{countries[code].name_vi} {year} (DEMO-{serial})",
                agency=agency,
                purpose=purpose,
                pillar="state",
                cities=city,
                funding_source=rng.choice(fundings),
                currency="VND",
                estimated_cost=rng.randint(150, 900) * 1_000_000,
                planned_departure=depart,
                planned_return=back,
                actual_departure=depart if past and status != "cancelled" else None,
                actual_return=back if past and status != "cancelled" else None,
                requested_on=depart - timedelta(days=rng.randint(12, 40)),
                led_by_provincial_leader=rng.random() < 0.2,
                status=status,
                report_due=back + timedelta(days=15) if past else None,
                report_submitted_on=back + timedelta(days=rng.randint(5, 14))
                if status == "reported"
                else None,
                report_summary="Đoàn đã hoàn thành chương trình, ký kết biên bản ghi nhớ hợp tác."
                if status == "reported"
                else "",
                appraisal_opinion="Sở Ngoại vụ thống nhất đề nghị."
                if status not in ("draft", "submitted")
                else "",
            )
            trip._decision = decision
            trip.search_text = trip.build_search_text()
            outbound.append(trip)
            chosen = rng.sample(
                people[pool::scale] or people, k=min(rng.randint(2, 6), len(people))
            )
            trip._members = chosen
            trip._country = countries[code]
    LegalDocument.objects.bulk_create(decisions, batch_size=1000)
    for trip in outbound:
        trip.decision = trip._decision
    bulk_create_with_history(outbound, OutboundDelegation, batch_size=1000)
    saved = {t.title: t for t in OutboundDelegation.objects.filter(title__contains="(DEMO-")}
    through = OutboundDelegation.destinations.through
    for trip in outbound:
        obj = saved[trip.title]
        links.append(through(outbounddelegation_id=obj.pk, country_id=trip._country.pk))
        for index, person in enumerate(trip._members):
            member = OutboundMember(
                delegation=obj,
                person=person,
                position=person.position,
                organisation_id=person.organisation_id,
                is_head=index == 0,
            )
            member.search_text = f"{person.full_name} {obj.title}".lower()
            members.append(member)
    through.objects.bulk_create(links, batch_size=2000)
    bulk_create_with_history(members, OutboundMember, batch_size=2000)
    inbound, in_links = [], []
    for year in range(2021, today.year + 1):
        for i in range(10 * scale):
            code, name = rng.choice(INBOUND_FROM)
            arrive = date(year, 1, 15) + timedelta(days=(i // scale) * 33 + rng.randint(0, 9))
            if arrive > today + timedelta(days=60):
                continue
            past = arrive < today
            status = (
                ("reported" if rng.random() > 0.3 else "received")
                if past
                else rng.choice(["proposed", "appraised", "permitted"])
            )
            visit = InboundDelegation(
                title=f"{name} thăm và làm việc tại tỉnh {year} (DEMO-{year}-{i + 1})",
                partner=rng.choice(foreign),
                head_name=rng.choice(
                    [
                        "Ông Somchai",
                        "Bà Tanaka Yuki",
                        "Ông Kim Min-jun",
                        "Ông Phonsavan",
                        "Bà Marie Dubois",
                        "Ông John Smith",
                        "Ông Lý Minh",
                    ]
                ),
                head_title="Trưởng đoàn",
                foreign_count=rng.randint(3, 25),
                overseas_vietnamese_count=rng.choice([0, 0, 0, 1, 2, 5]),
                purpose=rng.choice(["investment", "cooperation", "aid", "culture", "courtesy"]),
                host_agency=rng.choice(agencies),
                receiving_leader="Phó Chủ tịch UBND tỉnh",
                planned_arrival=arrive,
                planned_departure=arrive + timedelta(days=rng.randint(1, 4)),
                places_visited="Thành phố Vinh; Khu kinh tế Đông Nam",
                status=status,
            )
            visit.search_text = visit.build_search_text()
            visit._country = countries[code]
            inbound.append(visit)
    bulk_create_with_history(inbound, InboundDelegation, batch_size=1000)
    saved_in = {v.title: v for v in InboundDelegation.objects.filter(title__contains="(DEMO-")}
    in_through = InboundDelegation.countries.through
    for visit in inbound:
        in_links.append(
            in_through(inbounddelegation_id=saved_in[visit.title].pk, country_id=visit._country.pk)
        )
    in_through.objects.bulk_create(in_links, batch_size=2000)


register_seeder(Seeder("delegations", 10, seed_delegations))
