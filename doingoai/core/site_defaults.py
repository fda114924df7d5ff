"""The settings record's defaults for the configured province (``DOINGOAI_PROVINCE_CODE``):
agency name, letterhead, place name and People's Committee, which the documents' letterheads,
date lines and recipients use. A value still equal to a default (of any province) follows the
configured province; a value the administrator typed is kept."""

from __future__ import annotations

from functools import lru_cache

#: The settings fields that follow the province.
PROVINCE_FIELDS = ("agency_name", "governing_body", "province_name", "place_name", "committee_name")


@lru_cache(maxsize=64)
def province_defaults(code: int) -> dict[str, str]:
    """The defaults for the province of ``code`` (after 1/7/2025, vietnam-provinces)."""
    from vietnam_provinces import Province, ProvinceCode

    name = Province.from_code(ProvinceCode(int(code))).name  # "Tỉnh Nghệ An", "Thành phố Huế"
    kind = "thành phố" if name.startswith("Thành phố ") else "tỉnh"
    short = name[len(kind) + 1 :]
    return {
        "agency_name": f"Sở Ngoại vụ {kind} {short}",
        "governing_body": f"UBND {kind.upper()} {short.upper()}",
        "province_name": short,
        # the date line names the city in full where the short name is a person's name
        "place_name": name if short == "Hồ Chí Minh" else short,
        "committee_name": f"Ủy ban nhân dân {kind} {short}",
    }


@lru_cache(maxsize=1)
def every_default() -> dict[str, frozenset[str]]:
    from vietnam_provinces import Province

    values: dict[str, set[str]] = {name: set() for name in PROVINCE_FIELDS}
    for province in Province.iter_all():
        for name, value in province_defaults(int(province.code)).items():
            values[name].add(value)
    return {name: frozenset(found) for name, found in values.items()}


def follow_province(obj, code: int) -> list[str]:  # noqa: ANN001
    """Set every field of the settings record ``obj`` still at a province default to the
    default of the province ``code``; returns the fields changed (not saved)."""
    wanted = province_defaults(code)
    defaults = every_default()
    changed = []
    for name in PROVINCE_FIELDS:
        current = getattr(obj, name)
        model_default = type(obj)._meta.get_field(name).default
        if current != wanted[name] and (current in defaults[name] or current == model_default):
            setattr(obj, name, wanted[name])
            changed.append(name)
    return changed
