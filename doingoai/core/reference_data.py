"""Loading of reference data: countries (the Ministry of Foreign Affairs' Vietnamese names,
every other name in use as an alias, the sourced dates of diplomatic relations) and
administrative units (vietnam-provinces)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import translation

from doingoai.core.country_names import COMMON_ALIASES, MFA_NAMES, TERRITORY_NAMES
from doingoai.core.models import AdministrativeUnit, Country
from doingoai.core.text import fold

#: Names the previous loader gave (django-countries' translation or these), replaced on reload
#: when no user has edited them.
PREVIOUS_NAMES: dict[str, str] = {"CU": "Cu Ba"}

#: (date, confidence) as listed in DOMAIN.md: "sourced" = found in a public source,
#: "common" = commonly cited but not yet checked against the Ministry's official list.
RELATIONS_DATES: dict[str, tuple[date, str]] = {
    "CN": (date(1950, 1, 18), "sourced"),
    "RU": (date(1950, 1, 30), "common"),
    "CU": (date(1960, 12, 2), "sourced"),
    "LA": (date(1962, 9, 5), "sourced"),
    "KH": (date(1967, 6, 24), "common"),
    "CL": (date(1971, 3, 25), "common"),
    "IN": (date(1972, 1, 7), "sourced"),
    "FI": (date(1973, 1, 25), "common"),
    "AU": (date(1973, 2, 26), "sourced"),
    "BE": (date(1973, 3, 22), "common"),
    "IT": (date(1973, 3, 23), "common"),
    "MY": (date(1973, 3, 30), "common"),
    "NL": (date(1973, 4, 9), "common"),
    "FR": (date(1973, 4, 12), "common"),
    "SG": (date(1973, 8, 1), "sourced"),
    "GB": (date(1973, 9, 11), "sourced"),
    "JP": (date(1973, 9, 21), "sourced"),
    "DE": (date(1975, 9, 23), "common"),
    "TH": (date(1976, 8, 6), "common"),
    "KR": (date(1992, 12, 22), "sourced"),
    "PE": (date(1994, 11, 14), "common"),
    "US": (date(1995, 7, 12), "common"),
}


def country_names() -> dict[str, tuple[str, list[str]]]:
    """code → (Vietnamese name as the Ministry writes it, other names in use).

    The name is the Ministry's (``MFA_NAMES``), else the territory's as Vietnamese documents
    write it, else CLDR's Vietnamese name. The other names, by priority: the English name, the
    common short names, CLDR's and django-countries' Vietnamese names. A name two countries
    could claim at the same priority goes to neither (django-countries calls both Iceland and
    Ireland "Ai-len"), and never to a country other than the one already holding it."""
    from babel import Locale
    from django_countries import countries

    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override("vi"):
        django_vi = {code: str(name) for code, name in countries}
    cldr = Locale("vi").territories
    names = {
        code: MFA_NAMES.get(code) or TERRITORY_NAMES.get(code) or cldr.get(code) or django_vi[code]
        for code in english
    }
    claims: dict[str, str | None] = {fold(name): code for code, name in names.items()}
    aliases: dict[str, list[str]] = {code: [] for code in names}
    levels = [
        {code: [english[code]] for code in names},
        {code: list(COMMON_ALIASES.get(code, ())) for code in names},
        {code: [cldr[code]] if code in cldr else [] for code in names},
        {code: [django_vi[code], PREVIOUS_NAMES.get(code, "")] for code in names},
    ]
    for level in levels:
        proposals: dict[str, dict[str, str]] = {}
        for code, candidates in level.items():
            for alias in candidates:
                if alias and fold(alias):
                    proposals.setdefault(fold(alias), {}).setdefault(code, alias)
        for key, by_code in proposals.items():
            if key in claims:
                continue
            if len(by_code) > 1:
                claims[key] = None
                continue
            ((code, alias),) = by_code.items()
            claims[key] = code
            aliases[code].append(alias)
    return {code: (names[code], aliases[code]) for code in names}


@transaction.atomic
def load_countries() -> int:
    """Create missing countries and fill blanks; never overwrite what a user edited. A name
    that is still the previous loader's default (a wrong or missing translation) is replaced
    by the Ministry's; other names are filled when empty."""
    from django_countries import countries

    with translation.override("en"):
        english = {code: str(name) for code, name in countries}  # common names
    with translation.override("vi"):
        django_vi = {code: str(name) for code, name in countries}
    existing = {c.code: c for c in Country.objects.all()}
    created = 0
    for code, (name_vi, aliases) in country_names().items():
        relations = RELATIONS_DATES.get(code)
        country = existing.get(code)
        if country is None:
            country = Country(
                code=code,
                alpha3=countries.alpha3(code) or "",
                name_vi=name_vi,
                name_en=english[code],
                aliases="\n".join(aliases),
            )
            if relations:
                country.relations_date, country.relations_confidence = relations
            country.save()
            created += 1
            continue
        changed = False
        previous = {django_vi[code], PREVIOUS_NAMES.get(code, "")}
        if country.name_vi != name_vi and country.name_vi in previous:
            country.name_vi, changed = name_vi, True
        if not country.aliases.strip():
            country.aliases, changed = "\n".join(aliases), True
        if relations and country.relations_date is None and not country.relations_confidence:
            country.relations_date, country.relations_confidence = relations
            changed = True
        if changed or not country.alias_keys:
            country.save()
    return created


@transaction.atomic
def load_admin_units(province_code: int) -> dict[str, int]:
    """The province's communes after 1/7/2025, the districts and communes of the provinces it
    absorbed before, and the old→new mapping. Idempotent."""
    from vietnam_provinces import Province, ProvinceCode, Ward
    from vietnam_provinces._province_conversion_2025 import find_old_provinces
    from vietnam_provinces._ward_conversion_2025 import find_new_wards
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard
    from vietnam_provinces.legacy.codes import DistrictCode
    from vietnam_provinces.legacy.codes import ProvinceCode as LegacyProvinceCode

    current = AdministrativeUnit.Period.CURRENT
    legacy = AdministrativeUnit.Period.LEGACY
    level = AdministrativeUnit.Level

    def upsert(period, lvl, code, name, kind, parent):  # noqa: ANN001, ANN202
        unit, made = AdministrativeUnit.objects.get_or_create(
            period=period,
            level=lvl,
            code=int(code),
            defaults={"name": name, "division_type": kind, "parent": parent},
        )
        return unit, made

    counts = {"created": 0}
    province = Province.from_code(ProvinceCode(province_code))
    new_province, made = upsert(
        current, level.PROVINCE, province.code, province.name, str(province.division_type), None
    )
    counts["created"] += made
    new_by_code = {}
    for ward in Ward.iter_by_province(ProvinceCode(province_code)):
        unit, made = upsert(
            current, level.COMMUNE, ward.code, ward.name, str(ward.division_type), new_province
        )
        new_by_code[int(ward.code)] = unit
        counts["created"] += made
    old_entry = find_old_provinces(province_code)
    old_codes = [p.code for p in old_entry.old_provinces] if old_entry else [province_code]
    links = []
    for old_code in old_codes:
        old = LegacyProvince.from_code(LegacyProvinceCode(old_code))
        old_unit, made = upsert(
            legacy, level.PROVINCE, old.code, old.name, str(old.division_type), None
        )
        counts["created"] += made
        for district in LegacyDistrict.iter_by_province(LegacyProvinceCode(old_code)):
            d_unit, made = upsert(
                legacy,
                level.DISTRICT,
                district.code,
                district.name,
                str(district.division_type),
                old_unit,
            )
            counts["created"] += made
            for ward in LegacyWard.iter_by_district(DistrictCode(district.code)):
                w_unit, made = upsert(
                    legacy, level.COMMUNE, ward.code, ward.name, str(ward.division_type), d_unit
                )
                counts["created"] += made
                entry = find_new_wards(int(ward.code))
                for new_ref in entry.new_wards if entry else ():
                    target = new_by_code.get(int(new_ref.code))
                    if target is not None:
                        links.append(
                            AdministrativeUnit.successors.through(
                                from_administrativeunit_id=w_unit.pk,
                                to_administrativeunit_id=target.pk,
                            )
                        )
    through = AdministrativeUnit.successors.through
    existing = set(
        through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id")
    )
    fresh = [
        link
        for link in links
        if (link.from_administrativeunit_id, link.to_administrativeunit_id) not in existing
    ]
    through.objects.bulk_create(fresh, ignore_conflicts=True)
    counts["links"] = len(fresh)
    counts["communes_current"] = len(new_by_code)
    return counts
