"""Stress data of the partners module for the benchmark harness (core/stress.py): at factor
1.0, 10,000 partners, 50,000 international agreements (each with one to three foreign
parties, about 100,000 party rows) and 2,000 recorded anniversary events, written by bulk
inserts with their stored derived columns (folded search text, the consultation answer
window, the report deadline). Reuses the countries and organisations already present (core's
generator makes them); makes five provincial agencies only when there is none. Never imported
by a request path."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.stress import StressGenerator, register_stress

PARTNERS = 10_000
AGREEMENTS = 50_000
EVENTS = 2_000
BATCH = 2_000

PLACES = ("tỉnh", "thành phố", "bang", "quận", "huyện")
STEMS = ("Xiêng Khoảng", "Gifu", "Ulianốp", "Gyeonggi", "Vân Nam", "Bắc Carolina", "Quảng Tây")
WORDS = ("Biên bản ghi nhớ", "Thỏa thuận hợp tác", "Biên bản thỏa thuận")


def _size(full: int, factor: float) -> int:
    return max(1, round(full * factor))


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    """Write the module's stress rows; return the rows written per table."""
    from doingoai.core.models import Country, Organisation
    from doingoai.core.rules import rule_value
    from doingoai.partners.models import Agreement, AnniversaryEvent, Partner
    from doingoai.partners.workdays import add_working_days

    countries = list(Country.objects.order_by("code"))
    if not countries:
        return {}
    agencies = list(Organisation.objects.filter(kind="provincial_agency").order_by("pk")[:50])
    if not agencies:
        agencies = Organisation.objects.bulk_create(
            [Organisation(name=f"Sở thử tải {n + 1}", kind="provincial_agency") for n in range(5)]
        )
    answer_days = rule_value("partners.consultation_answer_working_days")
    report_days = rule_value("partners.report_due_days")
    written: dict[str, int] = {}

    partners = []
    for n in range(_size(PARTNERS, factor)):
        partner = Partner(
            name=f"{rng.choice(PLACES)} {rng.choice(STEMS)} {n + 1}",
            name_foreign=f"Stress Partner {n + 1}",
            aliases=f"Stress {n + 1}",
            kind=rng.choice(Partner.Kind.values),
            country=rng.choice(countries),
            relation=rng.choice(Partner.Relation.values),
            established=date(1960, 1, 1) + timedelta(days=rng.randint(0, 65 * 365)),
            status=rng.choice(Partner.Status.values),
        )
        partner.search_text = partner.build_search_text()
        partners.append(partner)
    partners = Partner.objects.bulk_create(partners, batch_size=BATCH)
    written["partners.partner"] = len(partners)

    agreements = []
    for n in range(_size(AGREEMENTS, factor)):
        signed = date(1990, 1, 1) + timedelta(days=rng.randint(0, 36 * 365))
        sent = signed - timedelta(days=rng.randint(20, 60))
        agency = rng.choice(agencies)
        status = rng.choice(("draft", "consultation", "signed", "in_force", "expired"))
        agreement = Agreement(
            number=f"{n + 1}/{signed.year}/TTQT",
            title=f"{rng.choice(WORDS)} thử tải số {n + 1}",
            kind=rng.choice(Agreement.Kind.values),
            vietnamese_party=agency,
            agency=agency,
            signed_on=signed if status not in ("draft", "consultation") else None,
            signed_place="Vinh",
            valid_from=signed,
            valid_to=signed + timedelta(days=5 * 365),
            consultation_sent_on=sent,
            consultation_due=add_working_days(sent, answer_days),
            status=status,
        )
        if agreement.signed_on:
            agreement.report_due = agreement.signed_on + timedelta(days=report_days)
        agreement.search_text = agreement.build_search_text()
        agreements.append(agreement)
    agreements = Agreement.objects.bulk_create(agreements, batch_size=BATCH)
    written["partners.agreement"] = len(agreements)

    Through = Agreement.foreign_parties.through
    parties = []
    for agreement in agreements:
        for partner in rng.sample(partners, min(len(partners), rng.randint(1, 3))):
            parties.append(Through(agreement_id=agreement.pk, partner_id=partner.pk))
    Through.objects.bulk_create(parties, batch_size=BATCH)
    written["partners.agreement_foreign_parties"] = len(parties)

    events = []
    for n in range(_size(EVENTS, factor)):
        event = AnniversaryEvent(
            title=f"Sự kiện thử tải số {n + 1}",
            date=date(1945, 1, 1) + timedelta(days=rng.randint(0, 80 * 365)),
            country=rng.choice(countries),
            confidence=rng.choice(AnniversaryEvent.Confidence.values),
        )
        event.search_text = event.build_search_text()
        events.append(event)
    AnniversaryEvent.objects.bulk_create(events, batch_size=BATCH)
    written["partners.anniversaryevent"] = len(events)
    return written


def register() -> None:
    register_stress(StressGenerator("partners", 30, generate))
