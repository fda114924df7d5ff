"""Many conversions at once, each at the rate of its own date, with the rule of
``core.money.convert`` (latest rate on or before the date; USD ↔ VND from either side's
rate; each amount rounded to the cent) but the rates read in one query instead of one per
amount. ``tests/aid/test_conversion.py`` proves it gives what ``convert`` gives."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from doingoai.core.models import ExchangeRate
from doingoai.core.money import REPORT_CURRENCIES, NoRate

CENT = Decimal("0.01")


class RateTable:
    """The exchange rates of some currencies up to a date, held in memory."""

    def __init__(self, currencies: Iterable[str], until: date | None = None) -> None:
        wanted = {c.upper() for c in currencies} | set(REPORT_CURRENCIES)
        rows = ExchangeRate.objects.filter(currency__in=wanted)
        if until is not None:
            rows = rows.filter(date__lte=until)
        self._dates: dict[str, list[date]] = {}
        self._rates: dict[str, list[tuple[Decimal, Decimal]]] = {}
        for currency, day, usd, vnd in rows.order_by("currency", "date").values_list(
            "currency", "date", "usd", "vnd"
        ):
            self._dates.setdefault(currency, []).append(day)
            self._rates.setdefault(currency, []).append((usd, vnd))

    def _rate(self, currency: str, on: date) -> tuple[Decimal, Decimal] | None:
        dates = self._dates.get(currency)
        if not dates:
            return None
        i = bisect_right(dates, on)
        return self._rates[currency][i - 1] if i else None

    def convert(self, amount: Decimal, currency: str, to: str, on: date) -> Decimal:
        """``amount`` in ``to`` (USD or VND) at the rate of ``on``, to the cent."""
        currency, to = currency.upper(), to.upper()
        value = Decimal(str(amount))
        if currency == to:
            return value
        rate = self._rate(currency, on)
        if rate is None and currency in REPORT_CURRENCIES:
            inverse = self._rate(to, on)
            per_unit = inverse[0 if currency == "USD" else 1] if inverse else None
            if per_unit:
                return (value / per_unit).quantize(CENT, rounding=ROUND_HALF_UP)
        if rate is None:
            raise NoRate(
                _(
                    "No exchange rate for %(currency)s on or before %(date)s: add one under "
                    "Reference data → Exchange rates."
                )
                % {"currency": currency, "date": on.strftime("%d/%m/%Y")}
            )
        factor = rate[0] if to == "USD" else rate[1]
        return (value * factor).quantize(CENT, rounding=ROUND_HALF_UP)

    def convert_or_none(self, amount: Decimal, currency: str, to: str, on: date) -> Decimal | None:
        """As ``convert``, None where the rate is missing (pages show "chưa có tỷ giá")."""
        try:
            return self.convert(amount, currency, to, on)
        except NoRate:
            return None
