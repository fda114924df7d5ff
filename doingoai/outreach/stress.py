"""Stress data of the outreach module for the benchmark harness (``core/stress.py``): at
factor 1.0, 10,000 press visits (20,000 reporters), 50,000 publications and 20,000 cultural
and promotion events over twenty years, by bulk inserts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.stress import StressGenerator, register_stress

BATCH = 2000
KINDS = ("bulletin", "film", "article", "website", "book", "other")
EVENT_KINDS = ("cultural", "investment", "trade", "tourism", "combined")


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.core.models import Country, Organisation
    from doingoai.outreach.models import OutreachEvent, PressReporter, PressVisit, Publication

    countries = list(Country.objects.exclude(code="VN").order_by("code")[:60])
    organisations = list(Organisation.objects.filter(country_id="VN").order_by("pk")[:200])
    if not countries:
        return {}
    origin = date(2006, 1, 1)

    def day() -> date:
        return origin + timedelta(days=rng.randint(0, 20 * 365))

    visits = []
    for n in range(int(10_000 * factor)):
        start = day()
        country = rng.choice(countries)
        visit = PressVisit(
            title=f"Đoàn phóng viên {country.name_vi} số {n + 1}",
            outlet=f"Cơ quan báo chí {n % 300 + 1}",
            country=country,
            topics="Du lịch, đầu tư, văn hóa",
            start_date=start,
            end_date=start + timedelta(days=rng.randint(0, 5)),
            accompanying_officer="Cán bộ Sở Ngoại vụ",
            requested_on=start - timedelta(days=rng.randint(5, 30)),
            status=rng.choice(("done", "done", "permitted", "cancelled")),
        )
        visit.search_text = visit.build_search_text()
        visits.append(visit)
    PressVisit.objects.bulk_create(visits, batch_size=BATCH)
    reporters = [
        PressReporter(visit=v, full_name=f"Phóng viên {i + 1} {v.pk}", country=v.country)
        for v in visits
        for i in range(2)
    ]
    PressReporter.objects.bulk_create(reporters, batch_size=BATCH)
    publications = []
    for n in range(int(50_000 * factor)):
        pub = Publication(
            kind=rng.choice(KINDS),
            title=f"Sản phẩm thông tin đối ngoại số {n + 1}",
            languages=rng.choice(("Tiếng Anh", "Tiếng Lào", "Tiếng Anh, tiếng Nhật")),
            issue_number=f"Số {n % 12 + 1}",
            published_on=day(),
            publisher=rng.choice(organisations) if organisations else None,
            copies=rng.randint(0, 3000),
            views=rng.randint(0, 50000),
        )
        pub.search_text = pub.build_search_text()
        publications.append(pub)
    Publication.objects.bulk_create(publications, batch_size=BATCH)
    events = []
    for n in range(int(20_000 * factor)):
        start = day()
        abroad = rng.random() < 0.4
        event = OutreachEvent(
            title=f"Hoạt động văn hóa, xúc tiến số {n + 1}",
            kind=rng.choice(EVENT_KINDS),
            location="abroad" if abroad else "home",
            place="Thành phố Vinh" if not abroad else "Nước ngoài",
            country=rng.choice(countries) if abroad else None,
            organiser=rng.choice(organisations) if organisations else None,
            start_date=start,
            end_date=start + timedelta(days=rng.randint(0, 4)),
            participants=rng.randint(20, 800),
            agreements_signed=rng.randint(0, 5),
            investor_contacts=rng.randint(0, 80),
            status=rng.choice(("held", "held", "planned", "cancelled")),
        )
        event.search_text = event.build_search_text()
        events.append(event)
    OutreachEvent.objects.bulk_create(events, batch_size=BATCH)
    return {
        "outreach.pressvisit": len(visits),
        "outreach.pressreporter": len(reporters),
        "outreach.publication": len(publications),
        "outreach.outreachevent": len(events),
    }


register_stress(StressGenerator("outreach", 81, generate))
