"""Demo data: a believable province over several years. Each module registers a seeder;
``manage.py seed_demo`` runs them in order. Deterministic (fixed seed) and idempotent
(natural keys), with ``--scale`` multiplying the volume for benchmarks."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group

from doingoai.core import roles as R

DEMO_PASSWORD = "Doingoai@2026"

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Thái",
    "Cao",
    "Đào",
]
MIDDLE_MALE = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Đình", "Công", "Thanh", "Bá"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Phương", "Kim", "Minh", "Thùy", "Lan"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hiếu",
    "Đông",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Yến",
]
POSITIONS = [
    "Giám đốc",
    "Phó Giám đốc",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên",
    "Chuyên viên chính",
    "Chánh Văn phòng",
    "Thanh tra viên",
    "Kế toán trưởng",
]

PROVINCIAL_AGENCIES = [
    ("Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "VP UBND"),
    ("Sở Ngoại vụ tỉnh Nghệ An", "SNgV"),
    ("Sở Công Thương tỉnh Nghệ An", "SCT"),
    ("Sở Tài chính tỉnh Nghệ An", "STC"),
    ("Sở Giáo dục và Đào tạo tỉnh Nghệ An", "SGDĐT"),
    ("Sở Y tế tỉnh Nghệ An", "SYT"),
    ("Sở Nông nghiệp và Môi trường tỉnh Nghệ An", "SNNMT"),
    ("Sở Khoa học và Công nghệ tỉnh Nghệ An", "SKHCN"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An", "SVHTTDL"),
    ("Sở Xây dựng tỉnh Nghệ An", "SXD"),
    ("Sở Nội vụ tỉnh Nghệ An", "SNV"),
    ("Ban Quản lý Khu kinh tế Đông Nam Nghệ An", "BQL KKT"),
]
OTHER_DOMESTIC = [
    ("Trường Đại học Vinh", "ĐHV", "public_unit"),
    ("Bệnh viện Hữu nghị Đa khoa Nghệ An", "BVHNĐK", "public_unit"),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Nghệ An", "ITPC", "public_unit"),
    ("Ủy ban nhân dân phường Thành Vinh", "UBND P. Thành Vinh", "commune"),
    ("Công ty Cổ phần Sữa TH", "TH", "enterprise"),
    ("Bộ Ngoại giao", "BNG", "central_agency"),
    ("Cục Lãnh sự, Bộ Ngoại giao", "CLS", "central_agency"),
]
FOREIGN = [
    ("Chính quyền tỉnh Xiêng Khoảng", "LA", "foreign_locality"),
    ("Chính quyền tỉnh Hủa Phăn", "LA", "foreign_locality"),
    ("Chính quyền tỉnh Bô-ly-khăm-xay", "LA", "foreign_locality"),
    ("Đại sứ quán Nhật Bản tại Việt Nam", "JP", "embassy"),
    ("Đại sứ quán Hàn Quốc tại Việt Nam", "KR", "embassy"),
    ("Tổng Lãnh sự quán Lào tại Đà Nẵng", "LA", "embassy"),
    ("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", "JP", "foreign_government"),
    ("Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)", "KR", "foreign_government"),
    ("Tổ chức Plan International", "GB", "foreign_ngo"),
    ("Tổ chức Tầm nhìn Thế giới (World Vision)", "US", "foreign_ngo"),
    ("Phòng Thương mại và Công nghiệp Pháp", "FR", "foreign_enterprise"),
    ("Chương trình Phát triển Liên hợp quốc (UNDP)", "US", "international"),
    ("Thành phố Thái Nguyên (Sơn Tây, Trung Quốc)", "CN", "foreign_locality"),
    ("Hiệp hội Doanh nghiệp Nhật Bản tại Việt Nam", "JP", "foreign_enterprise"),
]

DEMO_USERS = [
    ("quantri", "Trần Quản Trị", R.ADMIN, None),
    ("lanhdao", "Nguyễn Văn Lãnh", R.LEADER, "Giám đốc"),
    ("chuyenvien", "Lê Thị Hạnh", R.SPECIALIST, "Chuyên viên"),
    ("donvi", "Phạm Minh Đức", R.AGENCY, "Chuyên viên Sở Công Thương"),
    ("chixem", "Đặng Thu Trang", R.READONLY, "Cán bộ theo dõi"),
]
DEMO_AGENCY = "Sở Công Thương tỉnh Nghệ An"


@dataclass(frozen=True)
class Seeder:
    """A module's demo-data builder: ``run(rng, scale, today)``."""

    name: str
    order: int
    run: Callable[[random.Random, int, date], None]


_SEEDERS: list[Seeder] = []


def register_seeder(seeder: Seeder) -> None:
    _SEEDERS.append(seeder)


def seeders() -> list[Seeder]:
    return sorted(_SEEDERS, key=lambda s: s.order)


def vietnamese_name(rng: random.Random) -> tuple[str, str]:
    """A plausible Vietnamese full name and sex."""
    if rng.random() < 0.6:
        return (f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}", "M")
    return (f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}", "F")


def seed_core(rng: random.Random, scale: int, today: date) -> None:
    """Organisations, officials of the province, foreign contacts and the demo users."""
    from doingoai.core.models import Country, Organisation, Person, User

    vn = Country.objects.get(code="VN")
    for name, abbr in PROVINCIAL_AGENCIES:
        Organisation.objects.get_or_create(
            name=name, defaults={"abbreviation": abbr, "kind": "provincial_agency", "country": vn}
        )
    for name, abbr, kind in OTHER_DOMESTIC:
        Organisation.objects.get_or_create(
            name=name, defaults={"abbreviation": abbr, "kind": kind, "country": vn}
        )
    for name, country, kind in FOREIGN:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "country_id": country}
        )
    domestic = list(Organisation.objects.filter(country=vn).order_by("name"))
    wanted = 120 * scale
    have = Person.objects.filter(nationality=vn).count()
    people = []
    for index in range(have, wanted):
        name, sex = vietnamese_name(rng)
        birth = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                full_name=name,
                sex=sex,
                birth_date=birth,
                birth_year=birth.year,
                nationality=vn,
                position=rng.choice(POSITIONS),
                organisation=domestic[index % len(domestic)],
            )
        )
    for person in people:
        person.search_text = person.build_search_text()
    Person.objects.bulk_create(people, batch_size=2000)
    agency = Organisation.objects.get(name=DEMO_AGENCY)
    for username, full_name, role, position in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            last, _, first = full_name.rpartition(" ")
            user.first_name, user.last_name = first, last
            user.position = position or ""
            user.set_password(DEMO_PASSWORD)
            if role == R.AGENCY:
                user.organisation = agency
            user.save()
            user.groups.add(Group.objects.get(name=R.GROUP_NAMES[role]))
            if role == R.SPECIALIST:
                for group in Group.objects.filter(name__startswith=R.SPECIALIST_AREA_PREFIX):
                    user.groups.add(group)


register_seeder(Seeder("core", 0, seed_core))
