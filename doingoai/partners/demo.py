"""Reference events of the anniversary register (installed after every ``migrate``, once)
and demo partners and agreements of the province (``manage.py seed_demo``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.demo import Seeder, register_seeder

#: Dated events shipped with the system (DOMAIN.md), with their confidence: users may
#: correct or delete them; a deleted one is not brought back.
REFERENCE_EVENTS = [
    {
        "title": "Hiệp ước Hữu nghị và Hợp tác Việt Nam - Lào",
        "date": date(1977, 7, 18),
        "country_id": "LA",
        "confidence": "sourced",
        "source": "Bộ Ngoại giao; Hiệp ước ký ngày 18/07/1977 tại Viêng Chăn",
    },
]


def install_reference_events() -> None:
    """Create the shipped events that never existed (a user's deletion is kept)."""
    from doingoai.core.models import Country
    from doingoai.partners.models import AnniversaryEvent

    for spec in REFERENCE_EVENTS:
        if AnniversaryEvent.history.filter(title=spec["title"]).exists():
            # installed before the countries were loaded: name the country once it exists
            event = AnniversaryEvent.objects.filter(
                title=spec["title"], country=None, confidence=spec["confidence"]
            ).first()
            if event and Country.objects.filter(pk=spec["country_id"]).exists():
                event.country_id = spec["country_id"]
                event.save()
            continue
        values = dict(spec)
        if not Country.objects.filter(pk=values["country_id"]).exists():
            values["country_id"] = None
        AnniversaryEvent.objects.create(**values)


#: Demo partners: (name, name in the working language, aliases, kind, country, relation,
#: established). Names of real localities; the dates are illustrations, to be corrected.
PARTNERS = [
    (
        "tỉnh Xiêng Khoảng",
        "Xiengkhouang Province",
        "Xieng Khouang",
        "province",
        "LA",
        "traditional",
        date(1995, 3, 20),
    ),
    (
        "tỉnh Hủa Phăn",
        "Houaphanh Province",
        "Houaphan",
        "province",
        "LA",
        "traditional",
        date(1997, 6, 12),
    ),
    (
        "tỉnh Bô-li-khăm-xay",
        "Bolikhamxay Province",
        "Bolikhamsai\nBôlykhămxay",
        "province",
        "LA",
        "traditional",
        date(2000, 9, 5),
    ),
    (
        "tỉnh Ulianốp",
        "Ульяновская область",
        "Ulyanovsk\nUlianovsk",
        "province",
        "RU",
        "cooperation",
        date(2010, 11, 2),
    ),
    ("tỉnh Gifu", "Gifu Prefecture", "岐阜県", "province", "JP", "cooperation", date(2015, 7, 1)),
    (
        "tỉnh Jeollanam-do",
        "Jeollanam-do Province",
        "Jeonnam\nJeolla Nam",
        "province",
        "KR",
        "cooperation",
        date(2020, 10, 22),
    ),
    ("thành phố Nam Ninh", "Nanning", "南宁市", "city", "CN", "cooperation", date(2016, 4, 28)),
    (
        "Tổ chức Tầm nhìn Thế giới",
        "World Vision International",
        "World Vision",
        "organisation",
        "US",
        "cooperation",
        date(2005, 2, 28),
    ),
]


def seed_partners(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.core.models import Country, Organisation
    from doingoai.partners.models import Agreement, Partner

    install_reference_events()
    if Partner.objects.filter(note__startswith="DEMO").exists():
        return
    countries = set(Country.objects.values_list("code", flat=True))
    province = (
        Organisation.objects.filter(kind="provincial_agency").order_by("name").first()
        or Organisation.objects.order_by("name").first()
    )
    agencies = list(Organisation.objects.filter(kind="provincial_agency").order_by("name")[:5])
    partners = []
    for name, foreign, aliases, kind, country, relation, established in PARTNERS:
        if country not in countries:
            continue
        partners.append(
            Partner.objects.create(
                name=name,
                name_foreign=foreign,
                aliases=aliases,
                kind=kind,
                country_id=country,
                relation=relation,
                established=established,
                note="DEMO: dữ liệu minh họa, ngày thiết lập cần đối chiếu hồ sơ",
            )
        )
    link_demo_activities(partners)
    if province is None:
        return
    kinds = ["mou", "cooperation", "minutes"]
    for year in range(today.year - 5, today.year + 1):
        for n in range(scale * 2):
            partner = rng.choice(partners) if partners else None
            signed = date(year, rng.randint(1, 12), rng.randint(1, 28))
            if signed > today:
                continue
            kind = rng.choice(kinds)
            word = {"mou": "Biên bản ghi nhớ", "cooperation": "Thỏa thuận hợp tác"}.get(
                kind, "Biên bản thỏa thuận"
            )
            status = "in_force" if signed.year >= today.year - 4 else "expired"
            agreement = Agreement.objects.create(
                number=f"{n + 1:02d}/{year}/TTQT",
                title=f"{word} hợp tác năm {year} với {partner or 'đối tác'} (DEMO-{n + 1})",
                kind=kind,
                vietnamese_party=province,
                agency=rng.choice(agencies) if agencies else province,
                signed_on=signed,
                signed_place="Vinh",
                consultation_sent_on=signed - timedelta(days=30),
                consultation_answered_on=signed - timedelta(days=22),
                consultation_opinion="agreed",
                valid_from=signed,
                valid_to=signed + timedelta(days=5 * 365),
                report_submitted_on=signed + timedelta(days=rng.randint(5, 20)),
                status=status,
            )
            if partner:
                agreement.foreign_parties.set([partner])


#: Records of other modules whose text names a demo partner get linked to it (found through
#: the registry by key: a module not installed is skipped).
LINKED_TYPES = ("delegations.inbounddelegation", "delegations.outbounddelegation")


def link_demo_activities(partners) -> None:  # noqa: ANN001
    from doingoai.core.links import link_add
    from doingoai.core.registry import registry
    from doingoai.core.text import fold

    for key in LINKED_TYPES:
        try:
            rt = registry.get(key)
        except KeyError:
            continue
        for partner in partners:
            short = partner.name.removeprefix("tỉnh ").removeprefix("thành phố ")
            for obj in rt.model._default_manager.filter(search_text__contains=fold(short))[:5]:
                link_add(source=obj, target=partner, kind="with_partner", user=None)


register_seeder(Seeder("partners", 50, seed_partners))
