"""Demo border data for the configured province. For Nghệ An (code 40), on the border with
Laos: the gates Nậm Cắn (international, facing Nặm Khăn in Xiêng Khoảng) and Thanh Thủy
(main, facing Nậm On in Bô-ly-khăm-xay), markers along the border communes with yearly
inspections since 2023, and a few incidents on land and at sea. Marker numbers,
coordinates, inspections and incidents are illustrative, not survey data. Another province
gets no border demo (its gates are not known here). Deterministic and idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from doingoai.core.demo import Seeder, register_seeder

#: Border communes of Nghệ An facing Laos, north to south, with an illustrative point on
#: the border line for each.
NGHE_AN_BORDER = [
    ("Thông Thụ", Decimal("19.9800"), Decimal("104.6200")),
    ("Tri Lễ", Decimal("19.8600"), Decimal("104.4500")),
    ("Tam Hợp", Decimal("19.6400"), Decimal("104.3300")),
    ("Keng Đu", Decimal("19.5400"), Decimal("104.1800")),
    ("Mỹ Lý", Decimal("19.5800"), Decimal("104.4000")),
    ("Na Loi", Decimal("19.3100"), Decimal("104.0300")),
    ("Nậm Cắn", Decimal("19.4000"), Decimal("103.9900")),
    ("Bắc Lý", Decimal("19.2100"), Decimal("104.2200")),
    ("Hạnh Lâm", Decimal("18.7600"), Decimal("104.9500")),
]
GATES = [
    # name, level, counterpart, commune, lat, lon
    ("Nậm Cắn", "international", "Nặm Khăn (Xiêng Khoảng, Lào)", "Nậm Cắn", "19.4150", "104.0040"),
    ("Thanh Thủy", "main", "Nậm On (Bô-ly-khăm-xay, Lào)", None, "18.7300", "104.9900"),
]
MARKERS_PER_COMMUNE = 4
#: Illustrative places of the demo incidents: on land near Keng Đu, at sea off Nghệ An.
LAND_POINT = (Decimal("19.5200"), Decimal("104.2300"))
SEA_POINTS = [
    (Decimal("19.0500"), Decimal("106.1000")),
    (Decimal("18.9000"), Decimal("106.3500")),
    (Decimal("19.2500"), Decimal("106.0500")),
]


def _commune(name: str | None):  # noqa: ANN202
    from doingoai.core.models import AdministrativeUnit

    if not name:
        return None
    return (
        AdministrativeUnit.objects.filter(
            period="current", level="commune", name=f"Xã {name}", parent__code=40
        )
        .order_by("pk")
        .first()
    )


def seed_border(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.border import services
    from doingoai.border.apps import border_enabled
    from doingoai.border.models import (
        BorderGate,
        BorderIncident,
        BorderMarker,
        GateStatusChange,
        MarkerInspection,
    )
    from doingoai.core.models import Country

    if (
        not border_enabled()
        or str(settings.PROVINCE_CODE) != "40"
        or BorderGate.objects.filter(name="Nậm Cắn").exists()
    ):
        return
    if not Country.objects.filter(pk="LA").exists():
        return
    for name, level, counterpart, commune, lat, lon in GATES:
        gate = BorderGate.objects.create(
            name=name,
            level=level,
            country_id="LA",
            counterpart=counterpart,
            commune=_commune(commune),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            note="Tọa độ minh họa (dữ liệu mẫu).",
        )
        GateStatusChange.objects.create(
            gate=gate,
            changed_on=date(2020, 3, 28),
            status="restricted",
            reason="Tạm dừng xuất nhập cảnh cho người, chỉ thông quan hàng hóa (phòng, chống "
            "dịch COVID-19)",
        )
        GateStatusChange.objects.create(
            gate=gate,
            changed_on=date(2022, 3, 15),
            status="open",
            reason="Khôi phục hoạt động bình thường",
        )
        gate.status = "open"
        gate.save()
    number = 340
    markers = []
    for index, (commune_name, lat, lon) in enumerate(NGHE_AN_BORDER):
        commune = _commune(commune_name)
        for k in range(MARKERS_PER_COMMUNE * scale):
            number += 1
            markers.append(
                BorderMarker.objects.create(
                    number=f"{number}" if k % 3 else f"{number}(1)",
                    kind="main" if k % 2 == 0 else "secondary",
                    arrangement="double" if k % 5 == 4 else "single",
                    country_id="LA",
                    segment=f"Đoạn biên giới xã {commune_name}",
                    commune=commune,
                    latitude=lat + Decimal(k * 30 - 45) / 1000,
                    longitude=lon + Decimal(k * 22 - 33) / 1000,
                    condition="intact",
                    note="Số hiệu, tọa độ minh họa (dữ liệu mẫu)." if index == 0 and k == 0 else "",
                )
            )
    agencies = ["Đồn Biên phòng Nậm Cắn", "Đồn Biên phòng Tam Hợp", "Đồn Biên phòng Thông Thụ"]
    for marker in markers:
        for year in range(2023, today.year + 1):
            day = date(year, 3, 1) + timedelta(days=rng.randint(0, 200))
            if day > today:
                continue
            roll = rng.random()
            condition = "intact"
            if roll < 0.08:
                condition = "damaged"
            elif roll < 0.1:
                condition = "destroyed"
            MarkerInspection.objects.create(
                marker=marker,
                inspected_on=day,
                condition=condition,
                inspector=rng.choice(agencies),
                notes="Mốc bị nghiêng, nứt chân đế do sạt lở đất" if condition != "intact" else "",
            )
            if condition != "intact" and rng.random() < 0.6 and day + timedelta(days=60) < today:
                MarkerInspection.objects.create(
                    marker=marker,
                    inspected_on=day + timedelta(days=60),
                    condition="repaired",
                    inspector="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                    repair_works="Gia cố chân đế, dựng lại mốc đúng vị trí",
                )
    for marker in markers[4::9]:  # found damaged lately, repair still to do
        MarkerInspection.objects.create(
            marker=marker,
            inspected_on=today - timedelta(days=20),
            condition="damaged",
            inspector="Đồn Biên phòng Nậm Cắn",
            notes="Mốc bị nghiêng, bong tróc lớp sơn số hiệu; đề nghị sửa chữa",
        )
    for marker in markers:
        services.marker_sync_condition(marker)
    incidents = [
        ("land", "Phát hiện người nước ngoài xuất nhập cảnh trái phép qua đường mòn", None),
        ("marker", "Mốc quốc giới bị hư hỏng do sạt lở đất sau mưa lũ", None),
        ("fishermen_held", "Tàu cá NA-90123-TS cùng 08 ngư dân bị nước ngoài bắt giữ", 8),
        ("iuu", "Tàu cá NA-91234-TS vi phạm vùng biển nước ngoài (IUU)", 6),
        ("foreign_vessel", "Tàu cá nước ngoài xâm phạm vùng biển tỉnh", 12),
    ]
    for year in range(2024, today.year + 1):
        for i, (kind, title, crew) in enumerate(incidents):
            day = date(year, 2 + i * 2, 10)
            if day > today:
                continue
            sea = kind in ("fishermen_held", "iuu", "foreign_vessel")
            old = day < today - timedelta(days=90)
            BorderIncident.objects.create(
                title=f"{title} ({year})",
                kind=kind,
                occurred_on=day,
                place="Vùng biển Nghệ An" if sea else "Khu vực biên giới xã Keng Đu",
                commune=None if sea else _commune("Keng Đu"),
                latitude=(SEA_POINTS[i % len(SEA_POINTS)][0] if sea else LAND_POINT[0])
                + Decimal(year - 2024) * Decimal("0.04"),
                longitude=(SEA_POINTS[i % len(SEA_POINTS)][1] if sea else LAND_POINT[1])
                + Decimal(i) * Decimal("0.03"),
                country_id="LA" if not sea else None,
                vessel_name=title.split()[2] if kind in ("fishermen_held", "iuu") else "",
                vessel_registration=title.split()[2] if kind in ("fishermen_held", "iuu") else "",
                crew_count=crew,
                handling="Phối hợp Bộ đội Biên phòng tỉnh và cơ quan đại diện xác minh, "
                "bảo hộ công dân",
                outcome="Đã trao trả người, phương tiện" if old else "",
                resolved_on=day + timedelta(days=45) if old else None,
                status="resolved" if old else "handling",
            )

    _seed_crossings(today)


def _seed_crossings(today: date) -> None:
    """Illustrative monthly crossings through the demo gates since January 2024 (its own
    random stream, so the rest of the demo does not change with it)."""
    from doingoai.border.models import BorderGate, GateCrossing

    rng = random.Random("doingoai-border-crossings")
    rows = []
    for gate in BorderGate.objects.filter(name__in=[g[0] for g in GATES]).order_by("name"):
        size = 3 if gate.level == "international" else 1
        month = date(2024, 1, 1)
        while month <= today:
            rows.append(
                GateCrossing(
                    gate=gate,
                    month=month,
                    people=size * rng.randint(3000, 6000),
                    vehicles=size * rng.randint(400, 900),
                    goods_value_usd=Decimal(size * rng.randint(800, 2500) * 1000),
                )
            )
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    GateCrossing.objects.bulk_create(rows)


register_seeder(Seeder("border", 70, seed_border))
