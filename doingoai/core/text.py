"""Vietnamese text helpers: search folding, number, money and date wording."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

#: Runs of spaces and control characters (a NUL byte in a pasted text or an address:
#: PostgreSQL refuses it in a text parameter), each folded to one space.
_SPACES = re.compile(r"[\s\x00-\x1f\x7f]+")
#: The combining marks Vietnamese letters decompose into (tones, circumflex, breve, horn).
_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: object) -> str:
    """Fold text for search: lower case, no tone marks or diacritics, đ→d, single spaces.

    ``fold("Đặng Thị Hạnh") == "dang thi hanh"``; ``fold("Nghệ An") == "nghe an"``.
    """
    if text is None:
        return ""
    value = str(text)
    if not value.isascii():
        value = value.replace("đ", "d").replace("Đ", "D")
        value = _MARKS.sub("", unicodedata.normalize("NFD", value))
        if not value.isascii():  # marks of other scripts (the common ones went above)
            value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", value.lower()).strip()


def search_tokens(query: str) -> list[str]:
    """Split a user's query into folded tokens (at most 8, to bound the query)."""
    return [token for token in fold(query).split(" ") if token][:8]


def format_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; with decimals, 4.09 → "4,09" (Vietnamese separators)."""
    quant = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    if fraction:
        fraction = fraction.rstrip("0")
        if fraction:
            text += "," + fraction
    return sign + text


def exact_places(value: Decimal) -> int:
    """The decimal places a value needs, without its column's padding: 0.7500000000 → 2."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_decimal(value: Decimal) -> str:
    """A stored decimal as it is, without its column's padding: 0.7500000000 → "0,75",
    21510.3755 → "21.510,3755", 0.0064 → "0,0064" (never rounded to two places)."""
    return format_number(value, exact_places(value))


def format_million_usd(amount_usd: Decimal | int | float) -> str:
    """4_090_000 → "4,09 triệu USD" (the wording of the department's reports)."""
    return f"{format_number(Decimal(str(amount_usd)) / Decimal(1_000_000), 2)} triệu USD"


def format_billion_vnd(amount_vnd: Decimal | int | float) -> str:
    """210_000_000_000 → "210 tỷ đồng"."""
    return f"{format_number(Decimal(str(amount_vnd)) / Decimal(1_000_000_000), 2)} tỷ đồng"


def date_line(place: str, day: date) -> str:
    """The place-date line of Decree 30/2020/NĐ-CP: leading zero for days < 10 and months 1–2.

    ``date_line("Nghệ An", date(2026, 3, 5)) == "Nghệ An, ngày 05 tháng 3 năm 2026"``.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return day.strftime("%d/%m/%Y") if day else ""
