"""Coverage of aid over the province's localities, by period (DOMAIN.md area 4).

Before 1/7/2025 the province counted its districts ("k/N huyện, thành, thị"); from that day
its communes and wards ("k/N xã, phường"). A province that absorbed others on 1/7/2025
reports a period before the merger for the old province it then was (its own districts
only), and a period after it over the merged province's communes; a period that spans the
date gives both parts, each counting the items active in its own part.

The province is the configured one (``settings.PROVINCE_CODE``): the province unit of the
current period with that code, and the old province of the same code (a province keeps its
code when it absorbs others). An item's localities may be of either period, districts or
communes; they are mapped to the part's level through the merger mapping kept in core
(``AdministrativeUnit.successors``): an old commune → its district (before) or the new
commune(s) it became part of (after); a new commune → the old communes merged into it and
their districts (before); an old district → its communes' successors (after).

``core.units.coverage`` counts communes only and across every province in the database, so
this module keeps ``core.units.REORGANISATION``/``period_of`` and writes the province- and
level-aware count the report asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from doingoai.core.models import AdministrativeUnit
from doingoai.core.units import REORGANISATION

LEGACY, CURRENT = AdministrativeUnit.Period.LEGACY, AdministrativeUnit.Period.CURRENT


@dataclass
class CoveragePart:
    """The localities of one part of a period: ``covered`` of ``total`` (unit ids kept for
    the coverage table)."""

    period: str
    start: date
    end: date
    level: str
    covered: int
    total: int
    covered_ids: set[int] = field(default_factory=set)
    unit_ids: list[int] = field(default_factory=list)

    @property
    def unit_word(self) -> str:
        return "huyện, thành, thị" if self.level == "district" else "xã, phường"

    def as_dict(self) -> dict:
        return {
            "key": self.period,
            "label": "Trước 1/7/2025" if self.period == LEGACY else "Từ 1/7/2025",
            "period": self.period,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "level": self.level,
            "covered": self.covered,
            "total": self.total,
        }


def province_units(period: str) -> list[int]:
    """The configured province's unit(s) of ``period`` (code ``settings.PROVINCE_CODE``)."""
    return list(
        AdministrativeUnit.objects.filter(
            period=period, level="province", code=settings.PROVINCE_CODE
        ).values_list("pk", flat=True)
    )


def in_force(period: str) -> list[int]:
    """The localities counted for ``period``: the old province's districts before the
    merger, the province's communes and wards after it."""
    provinces = province_units(period)
    if period == LEGACY:
        qs = AdministrativeUnit.objects.filter(
            period=LEGACY, level="district", parent__in=provinces
        )
    else:
        qs = AdministrativeUnit.objects.filter(
            period=CURRENT, level="commune", parent__in=provinces
        )
    return list(qs.values_list("pk", flat=True))


def map_units(unit_ids: set[int], period: str) -> set[int]:
    """The units of ``period`` at its counting level (districts before, communes after)
    that ``unit_ids`` (any period, district or commune) correspond to."""
    return set().union(*map_each(unit_ids, period).values())


def map_each(unit_ids: set[int], period: str) -> dict[int, set[int]]:
    """For each of ``unit_ids``, the units of ``period`` at its counting level it
    corresponds to; in at most three queries whatever the number of units."""
    units = list(
        AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list(
            "pk", "period", "level", "parent_id"
        )
    )
    through = AdministrativeUnit.successors.through
    result: dict[int, set[int]] = {pk: set() for pk, *_ in units}
    if period == LEGACY:
        new = [pk for pk, p, _, _ in units if p == CURRENT]
        old_of: dict[int, set[int]] = {}
        if new:
            pairs = list(
                through.objects.filter(to_administrativeunit_id__in=new).values_list(
                    "to_administrativeunit_id",
                    "from_administrativeunit_id",
                    "from_administrativeunit__level",
                    "from_administrativeunit__parent_id",
                )
            )
            for to, old, level, parent in pairs:
                old_of.setdefault(to, set()).add(parent if level == "commune" else old)
        for pk, p, level, parent in units:
            if p == LEGACY:
                result[pk] = {pk} if level == "district" else ({parent} if parent else set())
            else:
                result[pk] = old_of.get(pk, set())
        return result
    districts = [pk for pk, p, level, _ in units if p == LEGACY and level == "district"]
    communes_of: dict[int, set[int]] = {}
    if districts:
        for pk, parent in AdministrativeUnit.objects.filter(
            parent__in=districts, level="commune"
        ).values_list("pk", "parent_id"):
            communes_of.setdefault(parent, set()).add(pk)
    old_communes = {pk for pk, p, level, _ in units if p == LEGACY and level == "commune"}
    old_communes |= set().union(*communes_of.values()) if communes_of else set()
    successors: dict[int, set[int]] = {}
    if old_communes:
        for a, b in through.objects.filter(from_administrativeunit_id__in=old_communes).values_list(
            "from_administrativeunit_id", "to_administrativeunit_id"
        ):
            successors.setdefault(a, set()).add(b)
    for pk, p, level, _ in units:
        if p == CURRENT:
            result[pk] = {pk} if level == "commune" else set()
        elif level == "commune":
            result[pk] = successors.get(pk, set())
        else:
            result[pk] = set().union(*(successors.get(c, set()) for c in communes_of.get(pk, ())))
    return result


def parts_of(start: date, end: date) -> list[tuple[str, date, date]]:
    """The parts of a period on either side of 1/7/2025."""
    if end < REORGANISATION:
        return [(LEGACY, start, end)]
    if start >= REORGANISATION:
        return [(CURRENT, start, end)]
    return [
        (LEGACY, start, REORGANISATION - timedelta(days=1)),
        (CURRENT, REORGANISATION, end),
    ]


def coverage_parts(start: date, end: date, localities_of) -> list[CoveragePart]:  # noqa: ANN001
    """One ``CoveragePart`` per part of the period; ``localities_of(start, end)`` gives the
    unit ids reached by the items active in a part."""
    parts = []
    for period, a, b in parts_of(start, end):
        total = in_force(period)
        reached = map_units(set(localities_of(a, b)), period) & set(total)
        parts.append(
            CoveragePart(
                period=period,
                start=a,
                end=b,
                level="district" if period == LEGACY else "commune",
                covered=len(reached),
                total=len(total),
                covered_ids=reached,
                unit_ids=total,
            )
        )
    return parts
