"""Money: amounts with an ISO 4217 currency, converted at the rate of a date (the nearest
earlier rate; a clear refusal when there is none), written as the reports write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from doingoai.core import money
from doingoai.core.models import ExchangeRate


@pytest.mark.django_db
def test_conversion_uses_the_nearest_earlier_rate():
    ExchangeRate.objects.create(currency="EUR", date=date(2025, 1, 1), usd="1.03", vnd="26200")
    ExchangeRate.objects.create(currency="EUR", date=date(2025, 7, 1), usd="1.17", vnd="30650")
    assert money.convert("1000", "EUR", "USD", date(2025, 6, 30)).amount == Decimal("1030.00")
    july = money.convert("1000", "EUR", "VND", date(2025, 12, 31))
    assert (july.amount, july.rate.date) == (Decimal("30650000.00"), date(2025, 7, 1))
    assert money.convert("5", "USD", "USD", date(2020, 1, 1)).amount == Decimal("5")
    with pytest.raises(money.NoRate) as refused:
        money.convert("1000", "EUR", "USD", date(2024, 12, 31))
    assert "EUR" in str(refused.value) and "31/12/2024" in str(refused.value)


@pytest.mark.django_db
def test_usd_and_vnd_convert_with_either_side_rate():
    ExchangeRate.objects.create(currency="USD", date=date(2025, 1, 1), usd="1", vnd="25000")
    assert money.convert("2", "USD", "VND", date(2025, 3, 1)).amount == Decimal("50000.00")
    assert money.convert("50000", "VND", "USD", date(2025, 3, 1)).amount == Decimal("2.00")


def test_money_is_written_as_the_reports_write_it():
    assert money.format_money(Decimal("4090000"), "USD") == "4,09 triệu USD"
    assert money.format_money(Decimal("210000000000"), "VND") == "210 tỷ đồng"
    assert money.format_money(Decimal("1234567"), "EUR") == "1.234.567 EUR"
    assert money.format_money(Decimal("1234.5"), "JPY") == "1.234,5 JPY"
    assert money.format_money(None, "USD") == "—"
