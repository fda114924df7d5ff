"""Demo data of the diaspora module for the configured province: persons from the
province abroad (names, countries and cities are illustrative), some with consents, two
entered twice (for the duplicate review), hometown associations, investment projects and
donations, visits home and events (Tết gathering, summer camp). Deterministic; runs once."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from doingoai.core.demo import Seeder, register_seeder


def seed_diaspora(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.core.models import Organisation
    from doingoai.diaspora import services, stress
    from doingoai.diaspora.models import (
        Association,
        Consent,
        DiasporaPerson,
        Event,
        Investment,
        Visit,
    )

    if DiasporaPerson.objects.exists():
        return
    stress.make_persons(rng, 150 * max(scale, 1), twins_every=75)
    persons = list(DiasporaPerson.objects.order_by("pk")[:400])
    for person in persons[::3]:
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.CONTACT,
            given_on=today - timedelta(days=rng.randint(30, 700)),
            method=rng.choice(list(Consent.Method.values)),
            scope="Nhận thư mời, thông tin qua thư điện tử và điện thoại",
        )
    for person in persons[::7]:
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.STATISTICS,
            given_on=today - timedelta(days=rng.randint(30, 700)),
            method=Consent.Method.WRITTEN,
        )
    by_country: dict[str, list] = {}
    for person in persons:
        by_country.setdefault(person.country_id, []).append(person)
    for code, name, city, kind in (
        ("LA", "Hội đồng hương Nghệ An tại Lào", "Viêng Chăn", "hometown"),
        ("TH", "Hội đồng hương Nghệ An tại Thái Lan", "Udon Thani", "hometown"),
        ("US", "Hội doanh nhân Việt Nam tại Hoa Kỳ quê Nghệ An", "San Jose", "business"),
        ("KR", "Hội trí thức Việt Nam tại Hàn Quốc", "Seoul", "professional"),
        ("JP", "Hội đồng hương Nghệ An tại Nhật Bản", "Tokyo", "hometown"),
    ):
        association = Association.objects.create(
            name=name,
            kind=kind,
            country_id=code,
            city=city,
            founded_on=date(2005 + rng.randint(0, 15), rng.randint(1, 12), 1),
            leaders="Chủ tịch: (minh họa)",
            member_count=rng.randint(80, 900),
            activities="Gặp mặt Tết cổ truyền; quyên góp ủng hộ quê hương",
        )
        association.members.set(by_country.get(code, [])[:20])
    enterprise = Organisation.objects.filter(name__icontains="doanh nghiệp").first()
    for i, (title, sector, amount, kind) in enumerate(
        (
            ("Khu du lịch sinh thái ven biển", "tourism", "4500000", "project"),
            ("Nhà máy chế biến gỗ xuất khẩu", "industry", "12000000", "project"),
            ("Trang trại chăn nuôi bò sữa công nghệ cao", "agriculture", "2500000", "project"),
            ("Trung tâm phần mềm và đào tạo công nghệ", "technology", "1500000", "project"),
            ("Xây nhà tình nghĩa cho gia đình chính sách", "charity", "50000", "donation"),
            ("Học bổng cho học sinh nghèo vượt khó", "education", "20000", "donation"),
        )
    ):
        investment = Investment.objects.create(
            title=title,
            kind=kind,
            sector=sector,
            registered_on=today - timedelta(days=120 * (i + 1)),
            registered_capital=Decimal(amount),
            realised_capital=Decimal(amount) / 2,
            currency="USD",
            status="operating" if kind == "project" else "completed",
            enterprise=enterprise if i == 1 else None,
        )
        investment.investors.set(persons[i * 5 : i * 5 + 2])
    for i in range(6):
        visit = Visit.objects.create(
            title=f"Đoàn kiều bào tại {['Lào', 'Thái Lan', 'Hoa Kỳ'][i % 3]} về thăm quê",
            arrived_on=today - timedelta(days=40 * i + 10),
            left_on=today - timedelta(days=40 * i + 5),
            country_id=["LA", "TH", "US"][i % 3],
            visitor_count=rng.randint(5, 30),
            purpose="Thăm quê hương, dâng hương tại Khu di tích Kim Liên",
        )
        visit.visitors.set(persons[20 + i * 3 : 23 + i * 3])
    for name, kind, start, count in (
        ("Gặp mặt kiều bào dịp Tết Nguyên đán", "tet", date(today.year, 1, 20), 150),
        ("Trại hè thanh niên kiều bào", "summer_camp", date(today.year - 1, 7, 5), 45),
        ("Diễn đàn trí thức kiều bào với quê hương", "forum", date(today.year - 1, 10, 12), 80),
    ):
        event = Event.objects.create(
            name=name,
            kind=kind,
            start_on=start,
            end_on=start + timedelta(days=2),
            place="Thành phố Vinh",
            organiser="Sở Ngoại vụ",
            participant_count=count,
        )
        event.participants.set(persons[60:70])
    services.find_candidates()


register_seeder(Seeder("diaspora", 80, seed_diaspora))
