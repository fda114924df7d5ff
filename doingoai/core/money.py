"""Money: an amount (``Decimal``) with an ISO 4217 currency, converted at the rate of a given
date (the nearest earlier rate, and a clear refusal when there is none), and written the way
the reports write it ("4,09 triệu USD", "210 tỷ đồng", "1.234.567 EUR").

A record type keeps money as a pair of fields (an amount ``DecimalField`` and a ``currency``
field with ``core.numbers.currency_choices``); ``amount_field`` and ``currency_field`` make
them alike everywhere. Imports and forms read amounts as printed ("1.234.567,50") through
``core.numbers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _

from doingoai.core.numbers import currency_choices, validate_currency
from doingoai.core.text import format_billion_vnd, format_million_usd, format_number

#: The currencies reports add up in.
REPORT_CURRENCIES = ("USD", "VND")


def amount_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """An amount of money: non-negative, up to 999 trillion with 2 decimals."""
    options = {"max_digits": 17, "decimal_places": 2, "validators": [MinValueValidator(0)]}
    options.update(kwargs)
    return models.DecimalField(verbose_name, **options)


def currency_field(verbose_name: Any, default: str = "VND", **kwargs: Any) -> models.CharField:
    """The ISO 4217 currency of an amount, from the list of active codes."""
    return models.CharField(
        verbose_name,
        max_length=3,
        default=default,
        choices=currency_choices,
        validators=[validate_currency],
        **kwargs,
    )


class NoRate(ValidationError):
    """No exchange rate on or before the date asked."""


@dataclass(frozen=True)
class Converted:
    """An amount converted, with the rate used (None when no conversion was needed)."""

    amount: Decimal
    currency: str
    rate: Any = None


def convert(amount: Decimal | int | str, currency: str, to: str, on: date) -> Converted:
    """``amount`` of ``currency`` in ``to`` (USD or VND) at the latest rate on or before
    ``on``."""
    from doingoai.core.models import ExchangeRate

    value = Decimal(str(amount))
    currency, to = currency.upper(), to.upper()
    if to not in REPORT_CURRENCIES:
        raise ValueError(f"convert to USD or VND, not {to}")
    if currency == to:
        return Converted(value, to)
    rate = ExchangeRate.objects.filter(currency=currency, date__lte=on).order_by("-date").first()
    if rate is None and currency in REPORT_CURRENCIES:
        # USD ↔ VND with only the other side's rate: 1 ``to`` = r ``currency``, so divide
        inverse = ExchangeRate.objects.filter(currency=to, date__lte=on).order_by("-date").first()
        per_unit = getattr(inverse, currency.lower(), None) if inverse else None
        if per_unit:
            return Converted(_round(value / per_unit), to, inverse)
    if rate is None:
        raise NoRate(
            _(
                "No exchange rate for %(currency)s on or before %(date)s: add one under "
                "Reference data → Exchange rates."
            )
            % {"currency": currency, "date": on.strftime("%d/%m/%Y")}
        )
    factor = rate.usd if to == "USD" else rate.vnd
    return Converted(_round(value * factor), to, rate)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | float | None, currency: str) -> str:
    """As the reports write it: USD in millions, VND in billions ("tỷ đồng"), other
    currencies with Vietnamese separators and their code."""
    if amount is None:
        return "—"
    if currency == "USD":
        return format_million_usd(amount)
    if currency == "VND":
        return format_billion_vnd(amount)
    decimals = 0 if Decimal(str(amount)) == Decimal(str(amount)).to_integral() else 2
    return f"{format_number(amount, decimals)} {currency}"
