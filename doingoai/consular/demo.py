"""Demo consular data: a few consular and citizen-protection cases of the last two years
(with their persons and timeline), and ABTC enterprises, businesspeople and applications,
some with cards granted and one card about to expire. Names, numbers and events are
invented (dữ liệu mẫu). Deterministic and idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.demo import Seeder, register_seeder

#: (kind, category, country, title, place, reporter, bodies)
CASES = [
    (
        "protection",
        "fishermen",
        "CN",
        "Tàu cá và 12 ngư dân bị bắt giữ",
        "Quần đảo Hoàng Sa",
        "Gia đình thuyền trưởng",
        "Cục Lãnh sự - Bộ Ngoại giao; Bộ đội Biên phòng tỉnh; gia đình",
    ),
    (
        "protection",
        "labour",
        "KR",
        "Lao động bị nợ lương tại xưởng may",
        "Gyeonggi",
        "Đơn vị phái cử lao động",
        "Đại sứ quán Việt Nam tại Hàn Quốc; Sở Nội vụ",
    ),
    (
        "protection",
        "death",
        "JP",
        "Thực tập sinh tử vong do tai nạn lao động",
        "Aichi",
        "Gia đình",
        "Tổng Lãnh sự quán Việt Nam tại Osaka; Cục Lãnh sự; gia đình",
    ),
    (
        "protection",
        "detention",
        "TH",
        "Công dân bị tạm giữ do cư trú bất hợp pháp",
        "Bangkok",
        "Đại sứ quán Việt Nam tại Thái Lan",
        "Đại sứ quán Việt Nam tại Thái Lan; Công an tỉnh",
    ),
    (
        "protection",
        "trafficking",
        "KH",
        "Nghi bị lừa bán sang làm việc tại sòng bạc",
        "Sihanoukville",
        "Gia đình",
        "Công an tỉnh; Đại sứ quán Việt Nam tại Campuchia; Cục Lãnh sự",
    ),
    (
        "protection",
        "accident",
        "LA",
        "Tai nạn giao thông trên quốc lộ 7",
        "Xiêng Khoảng",
        "Tổng Lãnh sự quán Việt Nam tại Luông Pha-bang",
        "Tổng Lãnh sự quán; gia đình",
    ),
    (
        "consular",
        "legalisation",
        None,
        "Hợp pháp hóa lãnh sự giấy tờ của doanh nghiệp Hàn Quốc",
        "Thành phố Vinh",
        "Doanh nghiệp",
        "Cục Lãnh sự - Bộ Ngoại giao",
    ),
    (
        "consular",
        "foreigners",
        "LA",
        "Lưu học sinh Lào mất hộ chiếu",
        "Thành phố Vinh",
        "Trường Đại học Vinh",
        "Tổng Lãnh sự quán Lào tại Vinh; Công an tỉnh",
    ),
    (
        "consular",
        "nationality",
        "US",
        "Xác nhận nguồn gốc quốc tịch cho kiều bào",
        "Hoa Kỳ",
        "Kiều bào",
        "Cục Lãnh sự - Bộ Ngoại giao",
    ),
    (
        "consular",
        "visa",
        "KR",
        "Đề nghị xác minh nhân thân để cấp thị thực",
        "Seoul",
        "Đại sứ quán Hàn Quốc",
        "Công an tỉnh",
    ),
]
ENTERPRISES = [
    ("Công ty CP Chế biến Nông sản Mẫu", "2900100001", date(2012, 5, 10), "Chế biến nông sản"),
    ("Công ty TNHH Dệt may Mẫu Nghệ An", "2900100002", date(2016, 9, 1), "Dệt may xuất khẩu"),
    ("Công ty CP Khoáng sản Mẫu", "2900100003", date(2020, 2, 15), "Khai thác, chế biến đá"),
]
PEOPLE = [
    ("Nguyễn Văn Mẫu", 0, "director", "Giám đốc"),
    ("Trần Thị Mẫu", 0, "accountant", "Kế toán trưởng"),
    ("Lê Quang Mẫu", 1, "chair", "Chủ tịch Hội đồng quản trị"),
    ("Phạm Thị Mẫu", 1, "deputy", "Phó Giám đốc"),
    ("Hồ Văn Mẫu", 2, "head", "Trưởng phòng Kinh doanh"),
]


def seed_consular(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.consular import services
    from doingoai.consular.models import (
        AbtcApplication,
        AbtcEnterprise,
        Businessperson,
        CaseAction,
        CasePerson,
        ConsularCase,
    )
    from doingoai.consular.rules import add_years
    from doingoai.core.models import Country

    if ConsularCase.objects.filter(title=CASES[0][3]).exists():
        return
    known = set(Country.objects.values_list("pk", flat=True))
    for n, (kind, category, country, title, place, reporter, bodies) in enumerate(CASES):
        reported = today - timedelta(days=40 + n * 55)
        closed = reported + timedelta(days=30 + n * 7) if n % 3 != 0 else None
        case = ConsularCase.objects.create(
            title=title,
            kind=kind,
            category=category,
            country_id=country if country in known else None,
            place=place,
            reported_on=reported,
            opened_on=reported + timedelta(days=1),
            closed_on=closed,
            reported_by=reporter,
            coordinated_with=bodies,
            details="Diễn biến vụ việc (dữ liệu mẫu).",
            outcome="Đã phối hợp giải quyết xong (dữ liệu mẫu)." if closed else "",
            status="resolved" if closed else "handling",
        )
        CasePerson.objects.create(
            case=case,
            full_name=f"Công dân mẫu {n + 1}",
            role="citizen" if kind == "protection" else "foreigner",
            birth_year=1975 + rng.randint(0, 30),
            nationality_id="VN" if kind == "protection" and "VN" in known else None,
            passport_number=f"C{rng.randint(1000000, 9999999)}",
        )
        steps = [
            "Tiếp nhận thông tin, báo cáo lãnh đạo Sở",
            "Có văn bản đề nghị Cục Lãnh sự, cơ quan đại diện hỗ trợ",
            "Thông tin cho gia đình về kết quả xử lý",
        ]
        for k, step in enumerate(steps[: 3 if closed else 2]):
            CaseAction.objects.create(
                case=case,
                done_on=reported + timedelta(days=k * 10),
                action=step,
                done_by="Phòng Lãnh sự - Người Việt Nam ở nước ngoài",
            )
        services.sync_last_action(case)
    enterprises = [
        AbtcEnterprise.objects.create(
            name=name, tax_code=code, established_on=founded, sector=sector, address="Nghệ An"
        )
        for name, code, founded, sector in ENTERPRISES
    ]
    for n, (name, index, post, title) in enumerate(PEOPLE):
        person = Businessperson.objects.create(
            full_name=name,
            enterprise=enterprises[index],
            post=post,
            post_title=title,
            birth_date=date(1970 + n * 3, 1 + n, 10),
            passport_number=f"P{rng.randint(1000000, 9999999)}",
        )
        received = today - timedelta(days=60 + n * 200)
        granted = n % 2 == 0
        issued = received + timedelta(days=45) if granted else None
        if n == 4:  # an old card about to expire: the inbox reminds it
            received = add_years(today, -5) + timedelta(days=-20)
            issued = add_years(today, -5) + timedelta(days=30)
            granted = True
        AbtcApplication.objects.create(
            businessperson=person,
            received_on=received,
            economies="Tất cả các nền kinh tế thành viên APEC",
            letter_number=f"{100 + n}/SNV-LS",
            recommended_on=received + timedelta(days=7),
            card_number=f"ABTC-M{n:04d}" if granted else "",
            card_issued_on=issued,
            outcome_on=issued,
            status="granted" if granted else "recommended",
        )


register_seeder(Seeder("consular", 60, seed_consular))
