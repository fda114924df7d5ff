"""A trial activity: a title, a date, an amount of money, countries, a place, child rows."""

from __future__ import annotations

from django.db import models

from doingoai.core.models import RecordModel
from doingoai.core.numbers import currency_choices, validate_currency
from doingoai.core.places import latitude_field, longitude_field


class TrialActivity(RecordModel):
    """Stands for the coming modules' records in the contract suite."""

    title = models.CharField("tiêu đề", max_length=200)
    held_on = models.DateField("ngày tổ chức")
    amount = models.DecimalField("kinh phí", max_digits=18, decimal_places=2, default=0)
    currency = models.CharField(
        "đơn vị tiền tệ",
        max_length=3,
        default="VND",
        choices=currency_choices,
        validators=[validate_currency],
    )
    countries = models.ManyToManyField("core.Country", verbose_name="quốc gia", blank=True)
    latitude = latitude_field("vĩ độ")
    longitude = longitude_field("kinh độ")
    organiser = models.ForeignKey(
        "core.Organisation",
        verbose_name="đơn vị tổ chức",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    search_fields = ("title",)

    class Meta:
        verbose_name = "hoạt động thử nghiệm"
        verbose_name_plural = "hoạt động thử nghiệm"
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return self.title


class TrialStep(models.Model):
    """A child row without history of its own, deleted with its activity and restored with
    it from the activity's deletion row."""

    activity = models.ForeignKey(TrialActivity, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField("bước", max_length=200)

    class Meta:
        verbose_name = "bước thử nghiệm"
        verbose_name_plural = "bước thử nghiệm"

    def __str__(self) -> str:
        return self.name
