"""Stress data of the diaspora module (core/stress.py): at factor 1.0, 1,000,000 overseas
Vietnamese persons (with planted duplicates, 1 in 200), 100,000 consents, 2,000
associations, 5,000 investments and donations, 5,000 visits home and 1,000 events, by bulk
inserts in batches (no per-row query, no history rows), every derived column filled (folded
name, blocking keys, search text). Deterministic for a seed. Also used by the tests at a
small factor and by ``seed_demo`` for its persons (``make_persons``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from doingoai.core.stress import StressGenerator, register_stress
from doingoai.core.text import fold

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Thái", "Cao", "Chu", "Hà",
]  # fmt: skip
MIDDLES_M = ["Văn", "Đình", "Hữu", "Đức", "Quang", "Minh", "Xuân", "Công", "Thế", "Bá"]
MIDDLES_F = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Diệu", "Bích", "Mỹ"]
GIVEN_M = [
    "Hùng", "Dũng", "Minh", "Tuấn", "Nam", "Sơn", "Thắng", "Long", "Quân", "Hải", "Phong",
    "Cường", "Đức", "Thành", "Trung", "Hiếu", "Khánh", "Lâm", "Bình", "Hoàng", "Tâm",
    "Vinh", "Lực", "Toàn", "Thịnh", "Đạt", "Phúc", "Huy", "Tùng", "Kiên",
]  # fmt: skip
GIVEN_F = [
    "Lan", "Hương", "Hoa", "Mai", "Hạnh", "Thảo", "Trang", "Linh", "Nga", "Hằng", "Yến",
    "Phương", "Nhung", "Thủy", "Hà", "Vân", "Oanh", "Loan", "Ngân", "Tuyết", "Dung",
    "Quyên", "Hiền", "Liên", "Thơ", "Xuân", "Ánh", "Duyên", "Giang", "My",
]  # fmt: skip
#: Countries where the province's community lives, with a weight and cities.
COUNTRIES = [
    ("LA", 18, ["Viêng Chăn", "Pắc Xế", "Thà Khẹc", "Savannakhet"]),
    ("TH", 16, ["Udon Thani", "Nakhon Phanom", "Bangkok", "Mukdahan"]),
    ("US", 14, ["San Jose", "Houston", "Westminster", "Seattle"]),
    ("KR", 10, ["Seoul", "Busan", "Incheon"]),
    ("JP", 9, ["Tokyo", "Osaka", "Nagoya"]),
    ("TW", 8, ["Đài Bắc", "Đài Trung", "Cao Hùng"]),
    ("DE", 5, ["Berlin", "Leipzig", "Frankfurt"]),
    ("FR", 4, ["Paris", "Lyon", "Marseille"]),
    ("AU", 4, ["Sydney", "Melbourne", "Brisbane"]),
    ("CZ", 3, ["Praha", "Brno"]),
    ("RU", 3, ["Moskva", "Saint Petersburg"]),
    ("CA", 3, ["Toronto", "Montréal", "Vancouver"]),
    ("GB", 2, ["London", "Birmingham"]),
    ("PL", 1, ["Warszawa"]),
]  # fmt: skip
OCCUPATIONS = [
    ("Kỹ sư", "science"), ("Lập trình viên", "it"), ("Bác sĩ", "health"),
    ("Giáo viên", "education"), ("Kinh doanh", "economy"), ("Công nhân", "labour"),
    ("Du học sinh", "education"), ("Chủ nhà hàng", "economy"), ("Điều dưỡng", "health"),
    ("Nghệ sĩ", "culture"), ("Luật sư", "law"), ("Lao động tự do", "other"),
]  # fmt: skip


def _countries() -> list[tuple[str, int, list[str]]]:
    from doingoai.core.models import Country

    known = set(
        Country.objects.filter(code__in=[c[0] for c in COUNTRIES]).values_list("code", flat=True)
    )
    return [c for c in COUNTRIES if c[0] in known]


def _home_units(limit: int = 600) -> list[int]:
    """Communes of the province of either period (a person's home may be of either)."""
    from django.conf import settings

    from doingoai.core.models import AdministrativeUnit

    units = AdministrativeUnit.objects.filter(level="commune")
    province = units.filter(parent__code=settings.PROVINCE_CODE) | units.filter(
        parent__parent__code=settings.PROVINCE_CODE
    )
    ids = list(province.order_by("pk").values_list("pk", flat=True)[:limit])
    return ids or list(units.order_by("pk").values_list("pk", flat=True)[:limit])


def person_values(rng: random.Random, countries, units, n: int, start: int) -> Iterator[dict]:
    """``n`` persons' field values (numbered from ``start``), deterministic for ``rng``."""
    weights = [c[1] for c in countries]
    for i in range(start, start + n):
        male = rng.random() < 0.52
        name = " ".join(
            (
                rng.choice(SURNAMES),
                rng.choice(MIDDLES_M if male else MIDDLES_F),
                rng.choice(GIVEN_M if male else GIVEN_F),
            )
        )
        code, _w, cities = rng.choices(countries, weights)[0]
        year = rng.randint(1945, 2008)
        has_date = rng.random() < 0.6
        occupation, expertise = rng.choice(OCCUPATIONS)
        yield {
            "code": f"KB-{i:07d}",
            "full_name": name,
            "sex": "male" if male else "female",
            "birth_date": date(year, rng.randint(1, 12), rng.randint(1, 28)) if has_date else None,
            "birth_year": year,
            "home_unit_id": rng.choice(units) if units else None,
            "country_id": code,
            "city": rng.choice(cities),
            "nationality": rng.choice(["vietnamese", "dual", "foreign", "unknown"]),
            "occupation": occupation,
            "expertise": expertise,
            "education": rng.choice(["school", "vocational", "university", "master", ""]),
            "phone": f"+{rng.randint(1, 99)} {rng.randint(100000000, 999999999)}",
            "email": f"kb{i}@example.org",
            "passport_number": f"{rng.choice('BCN')}{rng.randint(1000000, 9999999)}",
            "source": "Dữ liệu thử tải",
            "recorded_on": date(2020, 1, 1) + timedelta(days=rng.randint(0, 2190)),
        }


def planted_twin(rng: random.Random, values: dict, i: int) -> dict:
    """A second entry of the same person, as a second source would type it: without
    diacritics, names in the Western order, no birth date, or a typo with the passport."""
    twin = {**values, "code": f"KB-D{i:07d}", "source": "Nguồn thứ hai"}
    variant = i % 4
    if variant == 0:
        twin["full_name"] = fold(values["full_name"]).title()
    elif variant == 1:
        parts = values["full_name"].split()
        twin["full_name"] = " ".join([parts[-1], *parts[:-1]])
        twin["birth_date"] = None
    elif variant == 2:
        twin["birth_date"] = None
        twin["city"] = ""
        twin["phone"] = ""
    else:
        name = values["full_name"]
        twin["full_name"] = name[:-1] + ("h" if name[-1] != "h" else "n")
    return twin


def make_persons(rng: random.Random, n: int, *, twins_every: int = 200, start: int = 0) -> int:
    """Bulk-insert ``n`` persons (a twin planted after every ``twins_every``-th); returns
    how many rows were written."""
    from doingoai.core import bulk
    from doingoai.diaspora.models import DiasporaPerson

    countries, units = _countries(), _home_units()
    batch: list[DiasporaPerson] = []
    written = 0
    for offset, values in enumerate(person_values(rng, countries, units, n, start)):
        rows = [values]
        if twins_every and offset % twins_every == twins_every - 1:
            rows.append(planted_twin(rng, values, start + offset))
        for row in rows:
            obj = DiasporaPerson(**row)
            obj.search_text = obj.build_search_text()
            batch.append(obj)
        if len(batch) >= 5000:
            bulk.insert(DiasporaPerson, batch, returning=False)
            written += len(batch)
            batch = []
    if batch:
        bulk.insert(DiasporaPerson, batch, returning=False)
        written += len(batch)
    return written


def run(rng: random.Random, factor: float) -> dict[str, int]:
    from django.db import transaction

    from doingoai.diaspora.models import (
        Association,
        Consent,
        DiasporaPerson,
        Event,
        Investment,
        Visit,
    )

    persons = max(int(1_000_000 * factor), 10)
    counts: dict[str, int] = {}
    with transaction.atomic():
        start = DiasporaPerson.objects.count()
        counts["diaspora.diasporaperson"] = make_persons(rng, persons, start=start)
    ids = list(DiasporaPerson.objects.order_by("pk").values_list("pk", flat=True)[start:])
    countries = _countries()
    units = _home_units()
    every_tenth = set(ids[::10])
    names = {  # the consenting persons' names: a consent's search text and its sort key
        pk: name
        for pk, name in DiasporaPerson.objects.order_by("pk")
        .values_list("pk", "full_name")[start:]
        .iterator(chunk_size=5000)
        if pk in every_tenth
    }
    with transaction.atomic():
        consents = [
            Consent(
                person_id=pk,
                purpose="contact",
                given_on=date(2024, 1, 1) + timedelta(days=rng.randint(0, 700)),
                method=rng.choice(["written", "electronic", "recorded"]),
                person_name=names[pk],
                search_text=fold(names[pk]),  # its search fields: the person's name, scope
            )
            for pk in ids[::10]
        ]
        Consent.objects.bulk_create(consents, batch_size=2000)
        counts["diaspora.consent"] = len(consents)
        consenting = [c.person_id for c in consents]
        for first in range(0, len(consenting), 5000):
            DiasporaPerson.objects.filter(pk__in=consenting[first : first + 5000]).update(
                contact_consent=True
            )
        associations = []
        for i in range(max(int(2000 * factor), 3)):
            code, _w, cities = rng.choice(countries)
            obj = Association(
                name=f"Hội đồng hương số {i + 1} tại {rng.choice(cities)}",
                kind=rng.choice(["hometown", "professional", "business", "other"]),
                country_id=code,
                city=rng.choice(cities),
                founded_on=date(1995, 1, 1) + timedelta(days=rng.randint(0, 10000)),
                member_count=rng.randint(20, 2000),
            )
            obj.search_text = obj.build_search_text()
            associations.append(obj)
        Association.objects.bulk_create(associations, batch_size=1000)
        counts["diaspora.association"] = len(associations)
        investments = []
        for i in range(max(int(5000 * factor), 3)):
            kind = "project" if rng.random() < 0.6 else "donation"
            amount = Decimal(rng.randint(10, 50000) * 1000)
            obj = Investment(
                title=f"{'Dự án' if kind == 'project' else 'Tài trợ'} thử tải số {i + 1}",
                kind=kind,
                sector=rng.choice(["industry", "agriculture", "tourism", "trade", "charity"]),
                locality_id=rng.choice(units) if units else None,
                registered_on=date(2015, 1, 1) + timedelta(days=rng.randint(0, 4000)),
                registered_capital=amount,
                currency="USD",
                registered_usd=amount,
            )
            obj.search_text = fold(obj.title)
            investments.append(obj)
        Investment.objects.bulk_create(investments, batch_size=1000)
        counts["diaspora.investment"] = len(investments)
        visits = []
        for i in range(max(int(5000 * factor), 3)):
            obj = Visit(
                title=f"Đoàn kiều bào thử tải số {i + 1} về thăm quê",
                arrived_on=date(2018, 1, 1) + timedelta(days=rng.randint(0, 3000)),
                country_id=rng.choice(countries)[0],
                visitor_count=rng.randint(1, 40),
            )
            obj.search_text = fold(obj.title)
            visits.append(obj)
        Visit.objects.bulk_create(visits, batch_size=1000)
        counts["diaspora.visit"] = len(visits)
        events = []
        for i in range(max(int(1000 * factor), 3)):
            obj = Event(
                name=f"Hoạt động kiều bào thử tải số {i + 1}",
                kind=rng.choice(["summer_camp", "tet", "forum", "culture", "other"]),
                start_on=date(2018, 1, 1) + timedelta(days=rng.randint(0, 3000)),
                participant_count=rng.randint(10, 500),
            )
            obj.search_text = fold(obj.name)
            events.append(obj)
        Event.objects.bulk_create(events, batch_size=1000)
        counts["diaspora.event"] = len(events)
    return counts


def register() -> None:
    register_stress(StressGenerator("diaspora", 80, run))


def persons_xlsx(n: int, *, seed: int = 15, bad_row: int | None = None) -> bytes:
    """An import file of ``n`` generated persons with the template's headers (the 100,000-row
    measurement and the tests); ``bad_row`` (as Excel numbers it) gets an impossible year."""
    import io

    from openpyxl import Workbook

    from doingoai.core import io as record_io
    from doingoai.core.models import Country
    from doingoai.core.registry import registry

    rt = registry.get("diaspora.diasporaperson")
    columns = {c.name: c.header for c in record_io.columns_for(rt) if c.field is not None}
    names = [
        "code", "full_name", "sex", "birth_year", "country", "city", "occupation",
        "phone", "email", "passport_number", "recorded_on",
    ]  # fmt: skip
    country_names = dict(Country.objects.values_list("code", "name_vi"))
    countries = [c for c in COUNTRIES if c[0] in country_names]
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Người Việt Nam ở nước ngoài")
    sheet.append([columns[name] for name in names])
    sex_label = {"male": "Nam", "female": "Nữ"}
    for i, values in enumerate(person_values(rng, countries, [], n, 0)):
        row = 2 + i
        sheet.append(
            [
                f"NK-{i:07d}",
                values["full_name"],
                sex_label[values["sex"]],
                1800 if row == bad_row else values["birth_year"],
                country_names[values["country_id"]],
                values["city"],
                values["occupation"],
                values["phone"],
                values["email"],
                values["passport_number"],
                values["recorded_on"].strftime("%d/%m/%Y"),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
