"""Stress data of the consular module for the benchmark harness (core/stress.py): at factor
1.0, 50,000 cases with 75,000 persons and 150,000 timeline actions, 5,000 ABTC enterprises,
20,000 businesspeople and 30,000 applications. Bulk inserts, deterministic."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.stress import StressGenerator, register_stress

CASES, ENTERPRISES, PEOPLE, APPLICATIONS = 50_000, 5_000, 20_000, 30_000
BATCH = 2_000
CATEGORIES = {
    "consular": ["documents", "legalisation", "visa", "nationality", "foreigners"],
    "protection": ["detention", "accident", "death", "trafficking", "labour", "fishermen"],
}


def _n(total: int, factor: float) -> int:
    return max(1, int(total * factor))


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.consular.models import (
        AbtcApplication,
        AbtcEnterprise,
        Businessperson,
        CaseAction,
        CasePerson,
        ConsularCase,
    )
    from doingoai.consular.rules import add_years
    from doingoai.core.demo import vietnamese_name
    from doingoai.core.models import Country
    from doingoai.core.text import fold

    countries = list(Country.objects.values_list("pk", flat=True)[:60]) or [None]
    start = date(2018, 1, 1)
    cases = []
    for i in range(_n(CASES, factor)):
        kind = "protection" if rng.random() < 0.6 else "consular"
        reported = start + timedelta(days=rng.randint(0, 3000))
        closed = reported + timedelta(days=rng.randint(5, 200)) if rng.random() < 0.8 else None
        title = f"Vụ việc thử tải số {i}"
        cases.append(
            ConsularCase(
                title=title,
                kind=kind,
                category=rng.choice(CATEGORIES[kind]),
                country_id=rng.choice(countries),
                reported_on=reported,
                opened_on=reported,
                closed_on=closed,
                started_on=reported,
                ended_on=closed,
                last_action_on=reported,
                status="resolved" if closed else "handling",
                search_text=fold(title),
            )
        )
    ConsularCase.objects.bulk_create(cases, batch_size=BATCH)
    ids = list(
        ConsularCase.objects.filter(title__startswith="Vụ việc thử tải").values_list(
            "pk", "reported_on", "title"
        )
    )
    persons, actions = [], []
    for k, (pk, reported, title) in enumerate(ids):
        for _j in range(1 + k % 2):
            name, _sex = vietnamese_name(rng)  # people's names, as a search meets them
            persons.append(
                CasePerson(
                    case_id=pk,
                    full_name=name,
                    birth_year=1960 + k % 40,
                    search_text=fold(f"{name} {title}"),  # its search fields: name, case
                )
            )
        for j in range(3):
            actions.append(
                CaseAction(case_id=pk, done_on=reported + timedelta(days=j * 5), action="Xử lý")
            )
    CasePerson.objects.bulk_create(persons, batch_size=BATCH)
    CaseAction.objects.bulk_create(actions, batch_size=BATCH)
    enterprises = [
        AbtcEnterprise(
            name=f"Doanh nghiệp thử tải {i}",
            tax_code=f"9{i:09d}",
            established_on=start - timedelta(days=rng.randint(0, 5000)),
            search_text=fold(f"Doanh nghiệp thử tải {i} 9{i:09d}"),  # name, tax code
        )
        for i in range(_n(ENTERPRISES, factor))
    ]
    AbtcEnterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    enterprise_ids = list(
        AbtcEnterprise.objects.filter(tax_code__startswith="9").values_list("pk", flat=True)
    )
    enterprise_names = dict(
        AbtcEnterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "name")
    )
    people = []
    for i in range(_n(PEOPLE, factor)):
        enterprise_id = enterprise_ids[i % len(enterprise_ids)]
        name = f"Doanh nhân thử tải {i}"
        people.append(
            Businessperson(
                full_name=name,
                enterprise_id=enterprise_id,
                post="director",
                search_text=fold(f"{name} {enterprise_names[enterprise_id]}"),  # name, firm
            )
        )
    Businessperson.objects.bulk_create(people, batch_size=BATCH)
    people_ids = list(
        Businessperson.objects.filter(full_name__startswith="Doanh nhân thử tải").values_list(
            "pk", "enterprise_id", "full_name"
        )
    )
    applications = []
    for i in range(_n(APPLICATIONS, factor)):
        pk, enterprise_id, person_name = people_ids[i % len(people_ids)]
        received = start + timedelta(days=(i // len(people_ids)) * 1900 + rng.randint(0, 60))
        issued = received + timedelta(days=40) if rng.random() < 0.7 else None
        card = f"T{i:08d}" if issued else ""
        applications.append(
            AbtcApplication(
                businessperson_id=pk,
                enterprise_id=enterprise_id,
                received_on=received,
                recommended_on=received + timedelta(days=7),
                card_number=card,
                # its search fields: the person, the enterprise, the card
                search_text=fold(f"{person_name} {enterprise_names[enterprise_id]} {card}"),
                card_issued_on=issued,
                card_expires_on=add_years(issued, 5) if issued else None,
                status="granted" if issued else "recommended",
            )
        )
    AbtcApplication.objects.bulk_create(applications, batch_size=BATCH)
    return {
        "consular.consularcase": len(cases),
        "consular.caseperson": len(persons),
        "consular.caseaction": len(actions),
        "consular.abtcenterprise": len(enterprises),
        "consular.businessperson": len(people),
        "consular.abtcapplication": len(applications),
    }


def register() -> None:
    register_stress(StressGenerator("consular", 60, generate))
