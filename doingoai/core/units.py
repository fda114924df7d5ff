"""Administrative units by period: which communes existed in a period, before or after the
reorganisation of 1 July 2025 (Resolution 202/2025/QH15: districts abolished, communes
merged), and how a unit of one period maps to the other, so that an area can count "k of N
localities" for any period whatever period its records' units belong to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models

from doingoai.core.models import AdministrativeUnit

#: The day the two-level local government began.
REORGANISATION = date(2025, 7, 1)


def period_of(day: date) -> str:
    """The units' period in force on ``day``."""
    Period = AdministrativeUnit.Period
    return Period.CURRENT if day >= REORGANISATION else Period.LEGACY


def localities(start: date, end: date, level: str = "commune") -> models.QuerySet:
    """The units of ``level`` in force for a period, judged at its end (a period that spans
    1/7/2025 is counted with the new units, as its report is written after it)."""
    return AdministrativeUnit.objects.filter(period=period_of(end), level=level)


def _as_period(unit_ids: set[int], period: str) -> set[int]:
    """The units of ``period`` that the units ``unit_ids`` (of either period) correspond to:
    an old unit → the new unit(s) it became part of; a new unit → the old ones merged into it.
    A district maps through its communes."""
    Period = AdministrativeUnit.Period
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids)
    same = set(units.filter(period=period, level="commune").values_list("pk", flat=True))
    other_ids = set(units.exclude(period=period).values_list("pk", flat=True))
    districts = units.filter(level="district").values_list("pk", flat=True)
    if districts:
        communes = AdministrativeUnit.objects.filter(parent__in=list(districts), level="commune")
        if period == Period.LEGACY:
            same |= set(communes.values_list("pk", flat=True))
        else:
            other_ids |= set(communes.values_list("pk", flat=True))
    if not other_ids:
        return same
    through = AdministrativeUnit.successors.through
    if period == Period.CURRENT:
        mapped = through.objects.filter(from_administrativeunit_id__in=other_ids).values_list(
            "to_administrativeunit_id", flat=True
        )
    else:
        mapped = through.objects.filter(to_administrativeunit_id__in=other_ids).values_list(
            "from_administrativeunit_id", flat=True
        )
    return same | set(mapped)


@dataclass(frozen=True)
class Coverage:
    """How many of a period's localities some records reach ("k of N")."""

    reached: int
    total: int
    period: str

    @property
    def all(self) -> bool:
        return self.total > 0 and self.reached == self.total


def coverage(unit_ids: Iterable[int], start: date, end: date) -> Coverage:
    """``k`` of the ``N`` communes in force for the period that the units ``unit_ids`` (of
    either period, communes or districts) correspond to."""
    period = period_of(end)
    in_force = localities(start, end)
    reached = _as_period({int(u) for u in unit_ids if u is not None}, period)
    k = in_force.filter(pk__in=reached).count()
    return Coverage(reached=k, total=in_force.count(), period=period)
