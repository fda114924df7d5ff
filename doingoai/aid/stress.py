"""Stress data of the aid module for the benchmark harness (``core.stress``).

At factor 1.0: 2,000 donors, 20,000 aid items (each with 1–3 donors, 1–4 localities, 1–2
sectors) and 60,000 disbursements in five currencies, spread over 2016–2026, with exchange
rates for every half-year. Bulk inserts only; folded search text filled; the units,
organisations and countries core's generator made are reused."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from doingoai.core.stress import StressGenerator, register_stress
from doingoai.core.text import fold

DONORS, ITEMS, DISBURSEMENTS_PER_ITEM = 2000, 20000, 3
CURRENCIES = ("USD", "EUR", "JPY", "KRW", "AUD")
SECTORS = ("12220", "11220", "14030", "31120", "43040", "72010", "74020", "16010")
KINDS = ("programme", "project", "project", "project", "non_project", "non_project")
STATUSES = ("approved", "implementing", "implementing", "completed", "completed", "cancelled")
BATCH = 2000


def _rates() -> int:
    from doingoai.aid.demo import RATES
    from doingoai.core.models import ExchangeRate

    rows = []
    for currency, (usd, vnd) in RATES.items():
        for year in range(2016, 2027):
            for month in (1, 7):
                row = ExchangeRate(
                    currency=currency, date=date(year, month, 1), usd=usd, vnd=vnd, source="stress"
                )
                row.search_text = row.build_search_text()
                rows.append(row)
    ExchangeRate.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.aid.models import AidItem, AidSector, Disbursement, Donor
    from doingoai.core.models import AdministrativeUnit, Country, Organisation

    countries = list(Country.objects.exclude(code="VN").values_list("code", flat=True)[:60])
    agency_names = dict(
        Organisation.objects.filter(country_id="VN").values_list("pk", "name")[:500]
    )
    agencies = list(agency_names)
    units = list(
        AdministrativeUnit.objects.filter(level__in=("district", "commune")).values_list(
            "pk", flat=True
        )[:3000]
    )
    if not countries or not agencies:
        return {}
    counts = {"core.exchangerate": _rates()}
    donors = []
    for n in range(max(1, int(DONORS * factor))):
        donor = Donor(
            name=f"Nhà tài trợ thử tải {n:05d}",
            kind=rng.choice(("21", "21", "40", "10", "60", "90")),
            country_id=rng.choice(countries),
        )
        donor.search_text = donor.build_search_text()
        donors.append(donor)
    Donor.objects.bulk_create(donors, batch_size=BATCH)
    donor_ids = list(
        Donor.objects.filter(name__startswith="Nhà tài trợ thử tải").values_list("pk", flat=True)
    )
    counts["aid.donor"] = len(donors)

    items = []
    for n in range(max(1, int(ITEMS * factor))):
        approved = date(2016, 1, 1) + timedelta(days=rng.randint(0, 3800))
        start = approved + timedelta(days=rng.randint(10, 120))
        status = rng.choice(STATUSES)
        currency = rng.choice(CURRENCIES)
        item = AidItem(
            code=f"TT-{n:06d}",
            title=f"Dự án thử tải số {n:06d}",
            kind=rng.choice(KINDS),
            source=rng.choice(("ngo", "ngo", "oda", "other")),
            agency_id=rng.choice(agencies),
            committed_amount=Decimal(rng.randint(10, 3000)) * 1000,
            committed_currency=currency,
            approved_on=approved,
            start=start,
            end=start + timedelta(days=rng.randint(30, 1500)),
            implemented_on=start if status in ("implementing", "completed") else None,
            status=status,
        )
        # title, code, agency's name (the model's search fields) without a query per row
        item.search_text = fold(f"{item.title} {item.code} {agency_names[item.agency_id]}")
        items.append(item)
    AidItem.objects.bulk_create(items, batch_size=BATCH)
    saved = list(
        AidItem.objects.filter(code__startswith="TT-").values_list(
            "pk", "start", "committed_amount", "committed_currency", "title"
        )
    )
    counts["aid.aiditem"] = len(saved)

    donor_links, unit_links, sectors, disbursements = [], [], [], []
    DonorLink = AidItem.donors.through
    UnitLink = AidItem.localities.through
    for pk, start, amount, currency, title in saved:
        for donor in rng.sample(donor_ids, min(len(donor_ids), rng.randint(1, 3))):
            donor_links.append(DonorLink(aiditem_id=pk, donor_id=donor))
        for unit in rng.sample(units, min(len(units), rng.randint(1, 4))) if units else ():
            unit_links.append(UnitLink(aiditem_id=pk, administrativeunit_id=unit))
        codes = rng.sample(SECTORS, rng.randint(1, 2))
        shares = [Decimal(100)] if len(codes) == 1 else [Decimal(60), Decimal(40)]
        for code, share in zip(codes, shares, strict=True):
            sectors.append(AidSector(item_id=pk, code=code, percentage=share))
        for t in range(DISBURSEMENTS_PER_ITEM):
            row = Disbursement(
                item_id=pk,
                date=start + timedelta(days=90 * t + 5),
                amount=(amount / DISBURSEMENTS_PER_ITEM).quantize(Decimal("0.01")),
                currency=currency,
                note=f"Đợt {t + 1}",
            )
            row.search_text = fold(f"{title} {row.note}")
            disbursements.append(row)
    DonorLink.objects.bulk_create(donor_links, batch_size=BATCH)
    UnitLink.objects.bulk_create(unit_links, batch_size=BATCH)
    AidSector.objects.bulk_create(sectors, batch_size=BATCH)
    Disbursement.objects.bulk_create(disbursements, batch_size=BATCH)
    counts.update(
        {
            "aid.aiditem_donors": len(donor_links),
            "aid.aiditem_localities": len(unit_links),
            "aid.aidsector": len(sectors),
            "aid.disbursement": len(disbursements),
        }
    )
    return counts


def register() -> None:
    register_stress(StressGenerator("aid", 60, generate))
