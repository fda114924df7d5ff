"""Numbers and money as users type them: Vietnamese separators ("1.234.567", "100.000.000,50")
on every channel (imports and forms read with one parser), and currencies from the list of
active ISO 4217 codes."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Active ISO 4217 currencies (legal tender of a territory on 1/12/2026, from the Unicode CLDR
#: data that ``babel`` ships; ISO 4217 amendments are rare: add a code here when one is issued).
ACTIVE_CURRENCIES: tuple[str, ...] = (
    "AED",
    "AFN",
    "ALL",
    "AMD",
    "AOA",
    "ARS",
    "AUD",
    "AWG",
    "AZN",
    "BAM",
    "BBD",
    "BDT",
    "BHD",
    "BIF",
    "BMD",
    "BND",
    "BOB",
    "BRL",
    "BSD",
    "BTN",
    "BWP",
    "BYN",
    "BZD",
    "CAD",
    "CDF",
    "CHF",
    "CLP",
    "CNY",
    "COP",
    "CRC",
    "CUP",
    "CVE",
    "CZK",
    "DJF",
    "DKK",
    "DOP",
    "DZD",
    "EGP",
    "ERN",
    "ETB",
    "EUR",
    "FJD",
    "FKP",
    "GBP",
    "GEL",
    "GHS",
    "GIP",
    "GMD",
    "GNF",
    "GTQ",
    "GYD",
    "HKD",
    "HNL",
    "HTG",
    "HUF",
    "IDR",
    "ILS",
    "INR",
    "IQD",
    "IRR",
    "ISK",
    "JMD",
    "JOD",
    "JPY",
    "KES",
    "KGS",
    "KHR",
    "KMF",
    "KPW",
    "KRW",
    "KWD",
    "KYD",
    "KZT",
    "LAK",
    "LBP",
    "LKR",
    "LRD",
    "LSL",
    "LYD",
    "MAD",
    "MDL",
    "MGA",
    "MKD",
    "MMK",
    "MNT",
    "MOP",
    "MRU",
    "MUR",
    "MVR",
    "MWK",
    "MXN",
    "MYR",
    "MZN",
    "NAD",
    "NGN",
    "NIO",
    "NOK",
    "NPR",
    "NZD",
    "OMR",
    "PAB",
    "PEN",
    "PGK",
    "PHP",
    "PKR",
    "PLN",
    "PYG",
    "QAR",
    "RON",
    "RSD",
    "RUB",
    "RWF",
    "SAR",
    "SBD",
    "SCR",
    "SDG",
    "SEK",
    "SGD",
    "SHP",
    "SLE",
    "SOS",
    "SRD",
    "SSP",
    "STN",
    "SYP",
    "SZL",
    "THB",
    "TJS",
    "TMT",
    "TND",
    "TOP",
    "TRY",
    "TTD",
    "TWD",
    "TZS",
    "UAH",
    "UGX",
    "USD",
    "UYU",
    "UZS",
    "VES",
    "VND",
    "VUV",
    "WST",
    "XAF",
    "XCD",
    "XCG",
    "XOF",
    "XPF",
    "YER",
    "ZAR",
    "ZMW",
    "ZWG",
)


def parse_number(value: Any) -> Decimal:
    """A number typed or printed the Vietnamese way ("1.234.567", "1.234,5") or the English
    way ("1234.5", "1,234.5"); raises ValueError when it is not a number.

    A lone dot followed by exactly three digits ("1.234") is a thousands separator, as the
    app prints numbers."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        # the separator written last is the decimal one
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        # one comma is the Vietnamese decimal separator; several are English thousands
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def currency_name(code: str, language: str | None = None) -> str:
    """The currency's name in the UI language (``babel``), or the code alone."""
    try:
        from babel.numbers import get_currency_name

        return get_currency_name(code, locale=(language or get_language() or "vi")[:2])
    except Exception:  # babel missing or without that locale: the code says it all
        return code


#: The active currencies' codes, VND first (``currency_choices`` names them; the API schema
#: calls the set CurrencyEnum whatever the field: ``SPECTACULAR_SETTINGS``).
CURRENCY_CODES: list[str] = [
    "VND",
    "USD",
    *(c for c in ACTIVE_CURRENCIES if c not in ("VND", "USD")),
]


def currency_choices() -> list[tuple[str, str]]:
    """(code, "code – name") for every active currency, VND first, in the request's language
    (Django asks for a field's choices every time a cell shows its label: the names are
    looked up once per language, not per call)."""
    return list(_currency_choices((get_language() or "vi")[:2]))


@functools.cache
def _currency_choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((c, f"{c} – {currency_name(c, language)}") for c in CURRENCY_CODES)


def validate_currency(value: str) -> None:
    if value not in ACTIVE_CURRENCIES:
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code in use (e.g. VND, USD, EUR)."),
            params={"value": value},
        )


class LocalDecimalField(forms.DecimalField):
    """A decimal typed with Vietnamese separators, shown as the app prints numbers."""

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["localize"] = True
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class LocalIntegerField(forms.IntegerField):
    """An integer typed with or without thousands separators ("1.234" is 1234)."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


def api_decimal_field():  # noqa: ANN201
    """The REST framework's decimal field reading a string as the app prints numbers
    ("100.000.000,50") as well as JSON numbers (built lazily: DRF is imported on use)."""
    from rest_framework import serializers

    class LocalDecimalSerializerField(serializers.DecimalField):
        def to_internal_value(self, data: Any) -> Decimal:
            if isinstance(data, str) and data.strip():
                try:
                    data = str(parse_number(data))
                except ValueError:
                    self.fail("invalid")
            return super().to_internal_value(data)

    return LocalDecimalSerializerField
