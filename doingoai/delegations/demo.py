"""Demo delegations: from 2021 to the current year, outbound trips to the province's usual
partner countries and inbound visits, with their decisions, statuses and members.
Deterministic and idempotent (titles carry the year and a sequence number)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from doingoai.core.demo import Seeder, register_seeder
from doingoai.core.text import fold

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
    from doingoai.delegations.models import OutboundDelegation, OutboundMember

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
            if back >= today:  # the requests in progress come from PIPELINE
                continue
            recent = back > today - timedelta(days=60)  # report may still be awaited
            status = "returned" if recent and rng.random() < 0.5 else "reported"
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
                actual_departure=depart if status != "cancelled" else None,
                actual_return=back if status != "cancelled" else None,
                requested_on=depart - timedelta(days=rng.randint(12, 40)),
                led_by_provincial_leader=rng.random() < 0.2,
                status=status,
                report_due=back + timedelta(days=15) if status != "cancelled" else None,
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
            member.search_text = fold(f"{person.full_name} {obj.title} {person.position}")
            members.append(member)
    through.objects.bulk_create(links, batch_size=2000)
    bulk_create_with_history(members, OutboundMember, batch_size=2000)
    seed_inbound(rng, scale, today, agencies=agencies, foreign=foreign, countries=countries)


def seed_inbound(rng: random.Random, scale: int, today: date, *, agencies, foreign, countries):  # noqa: ANN001, ANN201
    """Foreign delegations received in the province, with the permission of those permitted."""
    from doingoai.core.models import LegalDocument
    from doingoai.delegations.models import InboundDelegation

    inbound, in_links, permissions = [], [], []
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
            visit._permission = None
            if status in ("permitted", "received", "reported"):
                visit._permission = LegalDocument(
                    number=f"{len(permissions) + 101}/UBND-NV",
                    kind="CV",
                    issued_date=arrive - timedelta(days=7),
                    issuer="Ủy ban nhân dân tỉnh Nghệ An",
                    signer_name="Lê Hồng Vinh",
                    signer_title="Phó Chủ tịch",
                    summary=f"Cho phép đón {name}",
                )
                permissions.append(visit._permission)
                visit.appraisal_opinion = "Sở Ngoại vụ đề nghị cho phép đón đoàn."
            visit.search_text = visit.build_search_text()
            visit._country = countries[code]
            inbound.append(visit)
    LegalDocument.objects.bulk_create(permissions, batch_size=1000)
    for visit in inbound:
        visit.permission = visit._permission
    bulk_create_with_history(inbound, InboundDelegation, batch_size=1000)
    saved_in = {v.title: v for v in InboundDelegation.objects.filter(title__contains="(DEMO-")}
    in_through = InboundDelegation.countries.through
    for visit in inbound:
        in_links.append(
            in_through(inbounddelegation_id=saved_in[visit.title].pk, country_id=visit._country.pk)
        )
    in_through.objects.bulk_create(in_links, batch_size=2000)


#: Requests in progress around today, so that every inbox and the calendar have work:
#: (status, days from today to departure, length, destination, purpose, title).
PIPELINE = [
    ("submitted", 25, 5, "KR", "promotion", "Đoàn xúc tiến đầu tư tại Hàn Quốc"),
    ("appraised", 5, 4, "LA", "partner", "Đoàn làm việc với tỉnh Xiêng Khoảng"),
    ("decided", 12, 6, "JP", "study", "Đoàn học tập kinh nghiệm tại Nhật Bản"),
    ("amendment", 30, 5, "SG", "conference", "Đoàn dự hội nghị tại Singapore"),
    ("draft", 45, 7, "FR", "promotion", "Đoàn xúc tiến du lịch tại Pháp"),
    ("returned", -30, 5, "TH", "partner", "Đoàn làm việc tại Thái Lan"),
]
#: Visits in progress: (status, days from today to arrival, country, title).
INBOUND_PIPELINE = [
    ("proposed", 15, "KR", "Đoàn Tỉnh Gyeonggi (Hàn Quốc)"),
    ("appraised", 8, "LA", "Đoàn Ủy ban nhân dân tỉnh Hủa Phăn (Lào)"),
    ("permitted", 3, "JP", "Đoàn doanh nghiệp tỉnh Shizuoka (Nhật Bản)"),
]


def _free_people(people, start: date, end: date, k: int) -> list:  # noqa: ANN001
    """``k`` persons with no trip overlapping [start, end] (the demo respects its own rule)."""
    from doingoai.delegations.models import OUTBOUND_ACTIVE, OutboundDelegation

    busy = set(
        OutboundDelegation.objects.with_dates()
        .filter(status__in=OUTBOUND_ACTIVE, eff_departure__lte=end, eff_return__gte=start)
        .values_list("members__person_id", flat=True)
    )
    return [p for p in people if p.pk not in busy][:k]


def seed_pipeline(rng: random.Random, today: date) -> None:
    """A few requests at each step of the workflow, dated around ``today``."""
    from doingoai.core.models import Country, LegalDocument, Organisation, Person
    from doingoai.delegations.models import Amendment, OutboundDelegation, OutboundMember

    agencies = list(Organisation.objects.filter(kind="provincial_agency").order_by("name"))
    people = list(Person.objects.filter(nationality_id="VN").order_by("-pk"))
    for index, (status, days, length, code, purpose, title) in enumerate(PIPELINE):
        depart = today + timedelta(days=days)
        back = depart + timedelta(days=length)
        decision = None
        if status in ("decided", "amendment", "returned"):
            decision = LegalDocument.objects.create(
                number=f"{900 + index}/QĐ-UBND",
                kind="QĐ",
                issued_date=min(today, depart) - timedelta(days=3),
                issuer="Ủy ban nhân dân tỉnh Nghệ An",
                signer_name="Lê Hồng Vinh",
                signer_title="Phó Chủ tịch",
                summary=f"Cử {title}",
            )
        trip = OutboundDelegation.objects.create(
            title=f"{title} {today.year} (DEMO-P{index + 1})",
            agency=agencies[index % len(agencies)],
            purpose=purpose,
            cities="",
            funding_source="state_budget",
            estimated_cost=rng.randint(200, 600) * 1_000_000,
            planned_departure=depart,
            planned_return=back,
            requested_on=None if status == "draft" else min(today, depart) - timedelta(days=25),
            status=status,
            decision=decision,
            actual_departure=depart if status == "returned" else None,
            actual_return=back if status == "returned" else None,
            report_due=back + timedelta(days=15) if status == "returned" else None,
            appraisal_opinion="Sở Ngoại vụ thống nhất đề nghị."
            if status not in ("draft", "submitted")
            else "",
        )
        trip.destinations.set([Country.objects.get(pk=code)])
        agency = trip.agency
        # the requesting agency's own staff first, the others in a seeded order
        pool = sorted(people, key=lambda p: (p.organisation_id != agency.pk, rng.random()))
        chosen = _free_people(pool, depart, back, 3)
        for position, person in enumerate(chosen):
            OutboundMember.objects.create(
                delegation=trip,
                person=person,
                position=person.position,
                organisation_id=person.organisation_id,
                is_head=position == 0,
            )
        if status == "amendment":
            Amendment.objects.create(
                delegation=trip,
                previous_decision=decision,
                changes=[
                    {
                        "field": "thời gian",
                        "old": f"{(depart - timedelta(days=7)):%d/%m/%Y} – "
                        f"{(back - timedelta(days=7)):%d/%m/%Y}",
                        "new": f"{depart:%d/%m/%Y} – {back:%d/%m/%Y}",
                    }
                ],
            )


def seed_inbound_pipeline(today: date) -> None:
    from doingoai.core.models import Country, LegalDocument, Organisation
    from doingoai.delegations.models import InboundDelegation

    hosts = list(Organisation.objects.filter(kind="provincial_agency").order_by("name"))
    for index, (status, days, code, title) in enumerate(INBOUND_PIPELINE):
        arrive = today + timedelta(days=days)
        visit = InboundDelegation.objects.create(
            title=f"{title} {today.year} (DEMO-V{index + 1})",
            head_name="Ông Park Ji-hoon" if code == "KR" else "Ông Khamphan",
            head_title="Phó Tỉnh trưởng",
            foreign_count=6 + index * 3,
            overseas_vietnamese_count=index,
            purpose="cooperation",
            host_agency=hosts[index % len(hosts)],
            receiving_leader="Chủ tịch UBND tỉnh",
            planned_arrival=arrive,
            planned_departure=arrive + timedelta(days=2),
            places_visited="Thành phố Vinh; Khu kinh tế Đông Nam",
            appraisal_opinion="" if status == "proposed" else "Sở Ngoại vụ đề nghị cho phép.",
            status=status,
            permission=LegalDocument.objects.create(
                number=f"{950 + index}/UBND-NV",
                kind="CV",
                issued_date=today - timedelta(days=2),
                issuer="Ủy ban nhân dân tỉnh Nghệ An",
                signer_name="Lê Hồng Vinh",
                signer_title="Phó Chủ tịch",
                summary=f"Cho phép đón {title}",
            )
            if status == "permitted"
            else None,
        )
        visit.countries.set([Country.objects.get(pk=code)])


def seed_all(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.delegations.models import OutboundDelegation

    if OutboundDelegation.objects.filter(title__endswith="(DEMO-1)").exists():
        return
    seed_delegations(rng, scale, today)
    seed_pipeline(rng, today)
    seed_inbound_pipeline(today)


register_seeder(Seeder("delegations", 10, seed_all))
