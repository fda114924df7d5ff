"""Exchange rates: what one unit of a currency is worth in USD and in VND on a date, with the
rate's source, so that amounts in any currency can be added up in the reports' currencies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.core.models.base import RecordModel
from doingoai.core.numbers import currency_choices, validate_currency


class ExchangeRate(RecordModel):
    """One rate: 1 ``currency`` = ``usd`` USD = ``vnd`` VND on ``date``."""

    currency = models.CharField(
        _("currency"), max_length=3, choices=currency_choices, validators=[validate_currency]
    )
    date = models.DateField(_("date"))
    usd = models.DecimalField(_("value in USD"), max_digits=20, decimal_places=10)
    vnd = models.DecimalField(_("value in VND"), max_digits=20, decimal_places=4)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the State Bank of Vietnam's central rate, or the donor's agreement"),
    )

    search_fields = ("currency", "source")

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="exchangerate_unique")
        ]
        indexes = [models.Index(fields=["currency", "date"])]

    def __str__(self) -> str:
        return f"{self.currency} {self.date:%d/%m/%Y}"
