"""Working days in Vietnam: Saturdays, Sundays and public holidays (Labour Code 2019,
Art. 112) are not working days; a holiday falling on a weekend is taken the next working
day. The lunar holidays (Tết, the Hùng Kings' day) are listed by year; a year missing from
the table counts its solar holidays only. Days the government swaps in a given year (a working
Saturday for a bridging Monday) are not modelled: the computed window is the legal minimum
and may differ by a day from that year's official calendar."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

#: The first day of the lunar new year (mùng 1 Tết) by year.
TET = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}
#: The Hùng Kings' commemoration day (10th day of the 3rd lunar month) by year.
HUNG_KINGS = {
    2020: date(2020, 4, 2),
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
}


@cache
def holidays(year: int) -> frozenset[date]:
    """The public holidays of ``year``, with the days in lieu of those on a weekend."""
    days = [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1)]
    days += [date(year, 9, 1), date(year, 9, 2)]
    if year in HUNG_KINGS:
        days.append(HUNG_KINGS[year])
    tet = TET.get(year)
    if tet:  # the last day of the old year and the first four of the new
        days += [tet + timedelta(days=n) for n in range(-1, 4)]
    result = set(days)
    for day in sorted(days):
        if day.weekday() >= 5:
            lieu = day + timedelta(days=1)
            while lieu.weekday() >= 5 or lieu in result:
                lieu += timedelta(days=1)
            result.add(lieu)
    return frozenset(result)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The day on which ``count`` working days after ``start`` have passed (``start`` itself
    does not count)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
