"""Demo aid data for the configured province: exchange rates (USD, EUR, JPY, KRW, AUD: one
rate at the start of each half-year since 2021, illustrative values near the State Bank's),
donors (foreign NGOs, agencies and an individual, from core's organisations and a few of
their own), programmes, projects and non-projects with sectors, beneficiary localities of
both periods, disbursements and progress reports. Figures are illustrative, not the
province's. Deterministic and idempotent (nothing is added when the demo donors exist)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from doingoai.core.demo import Seeder, register_seeder

#: currency → (USD per unit, VND per unit) in 2021; VND weakens 2 % a half-year.
RATES = {
    "USD": (Decimal("1"), Decimal("23000")),
    "EUR": (Decimal("1.18"), Decimal("27100")),
    "JPY": (Decimal("0.0091"), Decimal("210")),
    "KRW": (Decimal("0.00087"), Decimal("20")),
    "AUD": (Decimal("0.75"), Decimal("17300")),
}

#: name, IATI organisation type, country, permit number (or "")
DONORS = [
    ("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", "10", "JP", ""),
    ("Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)", "10", "KR", ""),
    ("Tổ chức Plan International", "21", "GB", "118/BNG-GĐK"),
    ("Tổ chức Tầm nhìn Thế giới (World Vision)", "21", "US", "025/BNG-GĐK"),
    ("Chương trình Phát triển Liên hợp quốc (UNDP)", "40", "US", ""),
    ("Tổ chức Đông Tây Hội ngộ (EMW)", "21", "US", "041/BNG-GĐK"),
    ("Quỹ Hỗ trợ Giáo dục Úc - Việt", "60", "AU", "207/BNG-GĐK"),
    ("Tổ chức Cứu trợ Trẻ em (Save the Children)", "21", "GB", "012/BNG-GĐK"),
]
DONOR_PERSON = ("Yamada Taro", "JP")

#: title, kind, currency, amount, sectors [(code, %)], donors (indexes), years from 2021
ITEMS = [
    (
        "Chương trình nước sạch và vệ sinh môi trường nông thôn",
        "programme",
        "JPY",
        "180000000",
        [("14030", 70), ("41010", 30)],
        [0],
        0,
        4,
    ),
    (
        "Dự án nâng cao năng lực y tế cơ sở miền Tây",
        "project",
        "USD",
        "850000",
        [("12220", 80), ("12240", 20)],
        [3, 4],
        1,
        3,
    ),
    (
        "Dự án phát triển sinh kế bền vững cho đồng bào dân tộc thiểu số",
        "project",
        "KRW",
        "1200000000",
        [("31120", 60), ("43040", 40)],
        [1],
        2,
        3,
    ),
    (
        "Dự án xây dựng trường mầm non và tiểu học vùng cao",
        "project",
        "USD",
        "420000",
        [("11220", 100)],
        [5],
        2,
        2,
    ),
    (
        "Dự án bảo vệ trẻ em và phòng chống mua bán người",
        "project",
        "EUR",
        "300000",
        [("16010", 100)],
        [2, 7],
        3,
        3,
    ),
    (
        "Viện trợ hàng cứu trợ khắc phục hậu quả bão lũ",
        "non_project",
        "USD",
        "150000",
        [("72010", 70), ("73010", 30)],
        [3],
        3,
        0,
    ),
    (
        "Tiếp nhận trang thiết bị y tế cho Bệnh viện đa khoa tuyến huyện",
        "non_project",
        "AUD",
        "260000",
        [("12191", 100)],
        [6],
        4,
        0,
    ),
    (
        "Học bổng và thiết bị học tập cho học sinh nghèo",
        "non_project",
        "JPY",
        "9500000",
        [("11220", 100)],
        [8],
        4,
        0,
    ),
    (
        "Chương trình ứng phó biến đổi khí hậu và phòng chống thiên tai dựa vào cộng đồng",
        "programme",
        "USD",
        "1300000",
        [("74020", 60), ("41010", 40)],
        [4, 2],
        4,
        3,
    ),
    (
        "Dự án dạy nghề và tạo việc làm cho thanh niên",
        "project",
        "EUR",
        "180000",
        [("11330", 70), ("16020", 30)],
        [7],
        5,
        2,
    ),
]


def _org(name: str, kind_code: str, country: str):  # noqa: ANN202
    from doingoai.core.models import Organisation

    kinds = {
        "10": "foreign_government",
        "21": "foreign_ngo",
        "40": "international",
        "60": "foreign_ngo",
    }
    org, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kinds.get(kind_code, "other"), "country_id": country}
    )
    return org


def seed_rates(today: date) -> None:
    from doingoai.core.models import ExchangeRate

    rows = []
    for currency, (usd, vnd) in RATES.items():
        day, step = date(2021, 1, 1), 0
        while day <= today:
            factor = Decimal("1.02") ** step
            rows.append(
                ExchangeRate(
                    currency=currency,
                    date=day,
                    usd=usd,
                    vnd=(vnd * factor).quantize(Decimal("0.0001")),
                    source="Dữ liệu minh họa",
                )
            )
            day = date(day.year, 7, 1) if day.month == 1 else date(day.year + 1, 1, 1)
            step += 1
    for row in rows:
        row.search_text = row.build_search_text()
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def _localities(rng: random.Random, start: date) -> list:
    """A few localities of the province counted in the item's period (districts of the old
    province before 1/7/2025, communes after)."""
    from doingoai.aid.coverage import CURRENT, LEGACY, in_force

    units = sorted(in_force(CURRENT if start >= date(2025, 7, 1) else LEGACY))
    if not units:
        return []
    return rng.sample(units, min(len(units), rng.randint(1, 4)))


def seed_aid(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.aid.models import AidItem, AidSector, Disbursement, Donor, ProgressReport
    from doingoai.core.models import Country, LegalDocument, Organisation, Person, SiteSettings

    if (
        Donor.objects.filter(name=DONORS[0][0]).exists()
        or not Country.objects.filter(pk="JP").exists()
    ):
        return
    seed_rates(today)
    donors = []
    for name, kind, country, permit in DONORS:
        org = _org(name, kind, country)
        donors.append(
            Donor.objects.create(
                name=name,
                kind=kind,
                organisation=org,
                country_id=country,
                permit_kind="registration" if permit else "",
                permit_number=permit,
                permit_issued_on=date(2022, 3, 1) if permit else None,
                permit_expires_on=date(2027, 2, 28) if permit else None,
            )
        )
    person, _ = Person.objects.get_or_create(
        full_name=DONOR_PERSON[0], defaults={"nationality_id": DONOR_PERSON[1]}
    )
    donors.append(Donor.objects.create(kind="90", person=person, country_id=DONOR_PERSON[1]))
    agencies = list(
        Organisation.objects.filter(kind__in=("provincial_agency", "commune"), country_id="VN")
        .exclude(name__icontains="Ngoại vụ")
        .order_by("name")
    )
    if not agencies:
        return
    issuer = f"UBND tỉnh {SiteSettings.load().province_name}"
    for n, (title, kind, currency, amount, sectors, donor_ix, year, span) in enumerate(ITEMS):
        approved = date(2021 + year, 1 + (n * 5) % 12, 10)
        if approved > today:
            approved = today - timedelta(days=60)
        start = approved + timedelta(days=30)
        end = start + timedelta(days=365 * span + 180) if span else start + timedelta(days=60)
        status = "completed" if end < today else "implementing"
        if n == len(ITEMS) - 1:
            status = "approved"  # approved, not yet implemented: the inbox warns it lapses
        decision = LegalDocument.objects.create(
            number=f"{100 + n}/QĐ-UBND",
            kind="QĐ",
            issued_date=approved,
            issuer=issuer,
            summary=f"Quyết định phê duyệt tiếp nhận khoản viện trợ: {title}",
        )
        item = AidItem.objects.create(
            code=f"VT-{2021 + year}-{n + 1:02d}",
            title=title,
            kind=kind,
            source="oda" if donor_ix[0] in (0, 1) else "ngo",
            agency=agencies[(n * 3) % len(agencies)],
            committed_amount=Decimal(amount),
            committed_currency=currency,
            approval=decision,
            approved_on=approved,
            start=start if status != "approved" else None,
            end=end if status != "approved" else None,
            implemented_on=start if status != "approved" else None,
            status=status,
            description="Nội dung minh họa của khoản viện trợ.",
        )
        item.donors.set([donors[i] for i in donor_ix])
        item.localities.set(_localities(rng, start))
        for code, pct in sectors:
            AidSector.objects.create(item=item, code=code, percentage=Decimal(pct))
        if status == "approved":
            continue
        tranches = 1 if kind == "non_project" else 2 + span
        total = Decimal(amount) * Decimal(rng.choice(("0.6", "0.75", "0.9", "1")))
        step = (end - start) / tranches
        for t in range(tranches):
            day = start + step * t + timedelta(days=5)
            if day > today:
                break
            Disbursement.objects.create(
                item=item,
                date=day,
                amount=(total / tranches).quantize(Decimal("0.01")),
                currency=currency,
                donor=donors[donor_ix[t % len(donor_ix)]],
                note=f"Đợt {t + 1}",
            )
        report_end = date(start.year, 6, 30) if start.month <= 6 else date(start.year, 12, 31)
        while report_end < min(end, today) - timedelta(days=200):
            ProgressReport.objects.create(
                item=item,
                period_end=report_end,
                submitted_on=report_end + timedelta(days=12),
                summary="Các hoạt động được triển khai đúng tiến độ.",
            )
            report_end = (
                date(report_end.year, 12, 31)
                if report_end.month == 6
                else date(report_end.year + 1, 6, 30)
            )


register_seeder(Seeder("aid", 60, seed_aid))
