"""Stress data of the border module for the benchmark harness (core/stress.py): at factor
1.0, 5,000 markers with 50,000 inspections (ten each, the marker's condition and last
inspection date those of its latest), 100 gates with 300 status changes and 3,600 monthly
crossing rows, 20,000 incidents and 5,000 commune activities (when organisations exist).
Bulk inserts only, no history rows, deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from doingoai.core.stress import StressGenerator, register_stress

MARKERS, INSPECTIONS_EACH, GATES, INCIDENTS, EXCHANGES = 5000, 10, 100, 20000, 5000
NEIGHBOURS = ("LA", "KH", "CN")
START = date(2016, 1, 1)
BATCH = 2000


def _n(full: int, factor: float) -> int:
    return max(1, round(full * factor))


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.border.models import (
        BorderGate,
        BorderIncident,
        BorderMarker,
        CommuneExchange,
        Condition,
        GateCrossing,
        GateStatusChange,
        MarkerInspection,
    )
    from doingoai.core.models import AdministrativeUnit, Country, Organisation

    countries = list(Country.objects.filter(pk__in=NEIGHBOURS))
    if not countries:
        return {}
    communes = list(AdministrativeUnit.objects.filter(level="commune").order_by("pk")[:300])
    conditions = [c.value for c in Condition]
    weights = [80, 10, 3, 7]
    markers, plans = [], []
    for i in range(_n(MARKERS, factor)):
        country = countries[i % len(countries)]
        days = sorted(rng.sample(range(0, 3600), INSPECTIONS_EACH))
        found = rng.choices(conditions, weights, k=INSPECTIONS_EACH)
        plans.append(list(zip(days, found, strict=True)))
        marker = BorderMarker(
            number=f"T{i // len(countries) + 1}({i % 3 + 1})",
            kind="main" if i % 2 else "secondary",
            arrangement=("single", "double", "triple")[i % 3 if i % 7 == 0 else 0],
            country=country,
            segment=f"Đoạn thử tải {i // 50 + 1:03d}",
            commune=communes[i % len(communes)] if communes else None,
            latitude=Decimal("18.5") + Decimal(rng.randint(0, 2000000)) / 1000000,
            longitude=Decimal("103.9") + Decimal(rng.randint(0, 1800000)) / 1000000,
            condition=found[-1],
            last_inspected_on=START + timedelta(days=days[-1]),
        )
        marker.search_text = marker.build_search_text()
        markers.append(marker)
    markers = BorderMarker.objects.bulk_create(markers, batch_size=BATCH)
    inspections = []
    for marker, plan in zip(markers, plans, strict=True):
        for day, condition in plan:
            row = MarkerInspection(
                marker=marker,
                inspected_on=START + timedelta(days=day),
                condition=condition,
                inspector="Đồn Biên phòng thử tải",
                repair_works="Gia cố chân đế" if condition == "repaired" else "",
            )
            row.search_text = row.build_search_text()
            inspections.append(row)
    MarkerInspection.objects.bulk_create(inspections, batch_size=BATCH)

    gates, changes, crossings = [], [], []
    levels = [level.value for level in BorderGate.Level]
    for i in range(_n(GATES, factor)):
        gate = BorderGate(
            name=f"Cửa khẩu thử tải {i + 1:04d}",
            level=levels[i % len(levels)],
            country=countries[i % len(countries)],
            counterpart=f"Cửa khẩu đối diện thử tải {i + 1:04d}",
            commune=communes[i % len(communes)] if communes else None,
            latitude=Decimal("18.5") + Decimal(rng.randint(0, 2000000)) / 1000000,
            longitude=Decimal("103.9") + Decimal(rng.randint(0, 1800000)) / 1000000,
            status=("open", "restricted", "open")[i % 3],
        )
        gate.search_text = gate.build_search_text()
        gates.append(gate)
    gates = BorderGate.objects.bulk_create(gates, batch_size=BATCH)
    for i, gate in enumerate(gates):
        for k, status in enumerate(("closed", "restricted", gate.status)):
            changes.append(
                GateStatusChange(
                    gate=gate,
                    changed_on=date(2020 + k, 1 + i % 12, 1),
                    status=status,
                    reason="Dữ liệu thử tải",
                )
            )
        for month in range(36):
            crossings.append(
                GateCrossing(
                    gate=gate,
                    month=date(2023 + month // 12, month % 12 + 1, 1),
                    people=rng.randint(0, 20000),
                    vehicles=rng.randint(0, 3000),
                    goods_value_usd=Decimal(rng.randint(0, 5000000)),
                )
            )
    GateStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    GateCrossing.objects.bulk_create(crossings, batch_size=BATCH)

    kinds = [kind.value for kind in BorderIncident.Kind]
    incidents = []
    for i in range(_n(INCIDENTS, factor)):
        kind = kinds[i % len(kinds)]
        occurred = START + timedelta(days=rng.randint(0, 3600))
        settled = rng.random() < 0.8
        incident = BorderIncident(
            title=f"Vụ việc thử tải số {i + 1}",
            kind=kind,
            occurred_on=occurred,
            place="Vùng biển thử tải" if kind in ("fishermen_held", "iuu") else "Khu vực mốc",
            country=countries[i % len(countries)],
            vessel_name=f"NA-{90000 + i % 9999}-TS" if kind in ("fishermen_held", "iuu") else "",
            crew_count=rng.randint(3, 15) if kind == "fishermen_held" else None,
            latitude=Decimal("18.5") + Decimal(rng.randint(0, 2000000)) / 1000000,
            longitude=Decimal("103.9") + Decimal(rng.randint(0, 2500000)) / 1000000,
            status="resolved" if settled else rng.choice(("reported", "handling")),
            outcome="Đã giải quyết (dữ liệu thử tải)" if settled else "",
            resolved_on=occurred + timedelta(days=30) if settled else None,
        )
        incident.search_text = incident.build_search_text()
        incidents.append(incident)
    BorderIncident.objects.bulk_create(incidents, batch_size=BATCH)

    written = {
        "border.bordermarker": len(markers),
        "border.markerinspection": len(inspections),
        "border.bordergate": len(gates),
        "border.gatestatuschange": len(changes),
        "border.gatecrossing": len(crossings),
        "border.borderincident": len(incidents),
    }
    agencies = list(Organisation.objects.order_by("pk")[:200])
    if agencies:
        exchanges = []
        for i in range(_n(EXCHANGES, factor)):
            exchange = CommuneExchange(
                agency=agencies[i % len(agencies)],
                commune=communes[i % len(communes)] if communes else None,
                held_on=START + timedelta(days=rng.randint(0, 3600)),
                kind=("meeting", "exchange", "support", "other")[i % 4],
                counterpart=f"Chính quyền bản đối diện thử tải {i % 300}",
                country=countries[i % len(countries)],
                content="Trao đổi tình hình an ninh trật tự khu vực biên giới (thử tải)",
            )
            exchange.search_text = exchange.build_search_text()
            exchanges.append(exchange)
        CommuneExchange.objects.bulk_create(exchanges, batch_size=BATCH)
        written["border.communeexchange"] = len(exchanges)
    return written


def register() -> None:
    register_stress(StressGenerator("border", 70, generate))
