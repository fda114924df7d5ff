"""Demo foreign-information data for the configured province: quarterly issues of the
foreign-affairs bulletin, films and articles, visits of foreign reporters with their
reporters, cultural and promotion events at home and abroad, for this year and last.
Deterministic and idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.demo import Seeder, register_seeder

PRESS = [
    ("Đài Truyền hình NHK", "JP", "Du lịch cộng đồng và làng nghề truyền thống", "Tanaka Hiroshi"),
    ("Hãng thông tấn Yonhap", "KR", "Môi trường đầu tư tại khu kinh tế", "Kim Min-jun"),
    ("Báo Pasaxon", "LA", "Hợp tác hữu nghị Việt Nam – Lào", "Khamphone Sisouk"),
    ("Hãng thông tấn Pháp AFP", "FR", "Di tích lịch sử, văn hóa", "Claire Martin"),
]
EVENTS = [
    ("Tuần văn hóa Việt Nam tại tỉnh Xiêng Khoảng", "cultural", "abroad", "Phôn-xa-vẳn", "LA"),
    ("Hội nghị xúc tiến đầu tư tại Seoul", "investment", "abroad", "Seoul", "KR"),
    ("Hội chợ thương mại quốc tế Việt – Lào", "trade", "home", "Thành phố Vinh", None),
    ("Liên hoan dân ca Ví, Giặm với bạn bè quốc tế", "cultural", "home", "Thành phố Vinh", None),
    ("Roadshow quảng bá du lịch tại Tokyo", "tourism", "abroad", "Tokyo", "JP"),
]


def seed_outreach(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.core.models import Organisation
    from doingoai.outreach.models import OutreachEvent, PressReporter, PressVisit, Publication

    if Publication.objects.filter(note__startswith="DEMO").exists():
        return
    agency = Organisation.objects.filter(kind="provincial_agency").order_by("name").first()
    for year in (today.year - 1, today.year):
        for quarter in range(4):
            day = date(year, 3 * quarter + 3, 25)
            if day <= today:
                Publication.objects.create(
                    kind="bulletin",
                    title="Bản tin Đối ngoại",
                    languages="Tiếng Việt, tiếng Anh",
                    issue_number=f"Số {quarter + 1}/{year}",
                    published_on=day,
                    publisher=agency,
                    copies=1000 + 100 * rng.randint(0, 10),
                    note="DEMO",
                )
        for n, (kind, title) in enumerate(
            [
                ("film", "Phim tài liệu “Xứ Nghệ – điểm đến hấp dẫn”"),
                ("article", "Bài viết giới thiệu môi trường đầu tư (tiếng Anh)"),
                ("website", "Chuyên mục tiếng Anh trên Cổng thông tin điện tử tỉnh"),
            ]
        ):
            day = date(year, 4 + 3 * n, 10)
            if day <= today:
                Publication.objects.create(
                    kind=kind,
                    title=title,
                    languages="Tiếng Anh",
                    published_on=day,
                    publisher=agency,
                    views=rng.randint(500, 20000),
                    note="DEMO",
                )
        for n, (outlet, country, topics, reporter) in enumerate(PRESS):
            start = date(year, 2 + 3 * n, 12)
            visit = PressVisit.objects.create(
                title=f"Phóng viên {outlet} tác nghiệp tại tỉnh",
                outlet=outlet,
                country_id=country,
                topics=topics,
                places="Thành phố Vinh; Khu di tích Kim Liên",
                start_date=start,
                end_date=start + timedelta(days=2),
                host_agency=agency,
                accompanying_officer="Lê Thị Hạnh",
                requested_on=start - timedelta(days=rng.choice([10, 20, 25])),
                status="done" if start < today else "requested",
            )
            PressReporter.objects.create(
                visit=visit,
                full_name=reporter,
                country_id=country,
                press_card=f"BC-{year}-{n + 1:03d}",
            )
        for n, (title, kind, location, place, country) in enumerate(EVENTS):
            start = date(year, 3 + 2 * n, 15)
            OutreachEvent.objects.create(
                title=f"{title} năm {year}",
                kind=kind,
                location=location,
                place=place,
                country_id=country,
                organiser=agency,
                partners="Đối tác nước ngoài (dữ liệu mẫu)",
                start_date=start,
                end_date=start + timedelta(days=2),
                participants=rng.randint(50, 400),
                agreements_signed=rng.randint(0, 4) if kind != "cultural" else 0,
                investor_contacts=rng.randint(10, 60) if kind != "cultural" else 0,
                status="held" if start < today else "planned",
            )


register_seeder(Seeder("outreach", 61, seed_outreach))
