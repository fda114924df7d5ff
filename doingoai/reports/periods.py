"""Report periods: presets (month, quarter, six months, year, term, custom) and their
Vietnamese wording."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from doingoai.core.sections import Period

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class ReportPeriod:
    """A period with its kind and wording."""

    kind: str
    period: Period
    label: str

    @property
    def years(self) -> list[int]:
        return list(range(self.period.start.year, self.period.end.year + 1))


def make_period(
    kind: str,
    year: int,
    number: int = 1,
    *,
    end_year: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ReportPeriod:
    """Build a period; raises ValueError with a message for the user when it makes no sense."""
    if kind == "month":
        if not 1 <= number <= 12:
            raise ValueError("Tháng phải từ 1 đến 12.")
        last = calendar.monthrange(year, number)[1]
        return ReportPeriod(
            kind,
            Period(date(year, number, 1), date(year, number, last)),
            f"tháng {number} năm {year}",
        )
    if kind == "quarter":
        if not 1 <= number <= 4:
            raise ValueError("Quý phải từ 1 đến 4.")
        first = 3 * (number - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return ReportPeriod(
            kind,
            Period(date(year, first, 1), date(year, first + 2, last)),
            f"quý {ROMAN[number]} năm {year}",
        )
    if kind == "half":
        if number not in (1, 2):
            raise ValueError("Chọn 6 tháng đầu năm (1) hoặc cuối năm (2).")
        span = (
            (date(year, 1, 1), date(year, 6, 30))
            if number == 1
            else (date(year, 7, 1), date(year, 12, 31))
        )
        return ReportPeriod(
            kind, Period(*span), f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
        )
    if kind == "year":
        return ReportPeriod(kind, Period(date(year, 1, 1), date(year, 12, 31)), f"năm {year}")
    if kind == "term":
        return _term(year, end_year or year, start, end)
    if kind == "custom":
        if start is None or end is None or end < start:
            raise ValueError("Chọn ngày bắt đầu và ngày kết thúc (kết thúc sau bắt đầu).")
        return ReportPeriod(
            kind, Period(start, end), f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
        )
    raise ValueError("Loại kỳ báo cáo không hợp lệ.")


def _term(year: int, last_year: int, start: date | None, end: date | None) -> ReportPeriod:
    """A term of several years, by default 1 January of its first year to 31 December of its
    last; a report to the day of the congress ends earlier and says so ("nhiệm kỳ 2020–2025,
    tính đến ngày 17/06/2025")."""
    if last_year < year:
        raise ValueError("Năm cuối nhiệm kỳ phải sau năm đầu.")
    first, last = date(year, 1, 1), date(last_year, 12, 31)
    start, end = start or first, end or last
    if end < start:
        raise ValueError("Ngày kết thúc phải sau ngày bắt đầu.")
    if start < first or end > last:
        raise ValueError(
            f"Ngày bắt đầu và ngày kết thúc phải nằm trong nhiệm kỳ {year}–{last_year}."
        )
    label = f"nhiệm kỳ {year}–{last_year}"
    if start != first:
        label += f", từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    elif end != last:
        label += f", tính đến ngày {end:%d/%m/%Y}"
    return ReportPeriod("term", Period(start, end), label)


def period_for(kind: str, start: date, end: date) -> ReportPeriod:
    """The period of an issued report from its kind and dates, with the same wording as when it
    was built (a range that is not exactly the preset reads as a custom range)."""
    candidates = {
        "month": lambda: make_period("month", start.year, start.month),
        "quarter": lambda: make_period("quarter", start.year, (start.month - 1) // 3 + 1),
        "half": lambda: make_period("half", start.year, 1 if start.month <= 6 else 2),
        "year": lambda: make_period("year", start.year),
        "term": lambda: make_period("term", start.year, end_year=end.year, start=start, end=end),
    }
    if kind in candidates:
        try:
            built = candidates[kind]()
        except ValueError:
            built = None
        if built and (built.period.start, built.period.end) == (start, end):
            return built
    return make_period("custom", start.year, start=start, end=end)


def from_query(params) -> ReportPeriod:  # noqa: ANN001
    """Read a period from the builder's query string."""
    from datetime import datetime

    def parse_day(value: str) -> date | None:
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        return None

    kind = params.get("kind", "year")
    start, end = parse_day(params.get("start", "")), parse_day(params.get("end", ""))
    for name, day in (("start", start), ("end", end)):
        if kind in ("term", "custom") and params.get(name, "").strip() and day is None:
            raise ValueError(f"“{params.get(name)}” không phải là ngày; hãy nhập dạng dd/mm/yyyy.")
    try:
        year = int(params.get("year") or (start.year if start else date.today().year))
        number = int(params.get("number") or 1)
        end_year = int(params.get("end_year") or (end.year if end else year))
    except ValueError as exc:
        raise ValueError("Năm, tháng, quý phải là số.") from exc
    for value in (year, end_year):
        if not 1900 <= value <= 2100:
            raise ValueError(f"Năm {value} không hợp lệ: hãy chọn năm từ 1900 đến 2100.")
    return make_period(kind, year, number, end_year=end_year, start=start, end=end)
