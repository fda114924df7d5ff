"""Loading of reference data: countries (django-countries with official Vietnamese usage and
the sourced dates of diplomatic relations) and administrative units (vietnam-provinces)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import translation

from doingoai.core.models import AdministrativeUnit, Country

#: Where official Vietnamese usage differs from django-countries' translation.
COUNTRY_NAME_OVERRIDES: dict[str, str] = {
    "RU": "Liên bang Nga",
    "US": "Hoa Kỳ",
    "TW": "Đài Loan (Trung Quốc)",
    "HK": "Hồng Công (Trung Quốc)",
    "MO": "Ma Cao (Trung Quốc)",
    "LA": "Lào",
    "KR": "Hàn Quốc",
    "KP": "Triều Tiên",
    "GB": "Vương quốc Anh",
    "JP": "Nhật Bản",
    "CN": "Trung Quốc",
    "DE": "Đức",
    "FR": "Pháp",
    "KH": "Campuchia",
    "TH": "Thái Lan",
    "AU": "Ô-xtrây-li-a",
    "NZ": "Niu Di-lân",
    "IN": "Ấn Độ",
    "VN": "Việt Nam",
    "CU": "Cu Ba",
    "SG": "Xinh-ga-po",
    "MY": "Ma-lai-xi-a",
    "NL": "Hà Lan",
    "BE": "Bỉ",
    "IT": "I-ta-li-a",
    "FI": "Phần Lan",
    "CL": "Chi-lê",
    "PE": "Pê-ru",
}

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


@transaction.atomic
def load_countries() -> int:
    """Create missing countries and fill blanks; never overwrite what a user edited."""
    from django_countries import countries

    with translation.override("en"):
        english = {code: str(name) for code, name in countries}  # common names
    with translation.override("vi"):
        vietnamese = {code: str(name) for code, name in countries}
    existing = {c.code: c for c in Country.objects.all()}
    created = 0
    for code in english:
        name_vi = COUNTRY_NAME_OVERRIDES.get(code, vietnamese[code])
        relations = RELATIONS_DATES.get(code)
        country = existing.get(code)
        if country is None:
            country = Country(
                code=code,
                alpha3=countries.alpha3(code) or "",
                name_vi=name_vi,
                name_en=english[code],
            )
            if relations:
                country.relations_date, country.relations_confidence = relations
            country.save()
            created += 1
        elif relations and country.relations_date is None and not country.relations_confidence:
            country.relations_date, country.relations_confidence = relations
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
