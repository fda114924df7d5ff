"""A trial protection case: a person's name, and two sensitive fields."""

from __future__ import annotations

from django.db import models

from doingoai.core.models import RecordModel


class TrialCase(RecordModel):
    """Stands for the coming consular and diaspora records in the field-policy tests."""

    full_name = models.CharField("họ và tên", max_length=200)
    passport_number = models.CharField("số hộ chiếu", max_length=20, blank=True)
    health_note = models.TextField("tình trạng sức khỏe", blank=True)
    opened_on = models.DateField("ngày mở hồ sơ", null=True, blank=True)

    search_fields = ("full_name",)

    class Meta:
        verbose_name = "vụ việc thử nghiệm"
        verbose_name_plural = "vụ việc thử nghiệm"
        ordering = ["full_name", "id"]
        permissions = [("view_personal_trialcase", "Xem dữ liệu cá nhân của vụ việc thử nghiệm")]

    def __str__(self) -> str:
        return self.full_name
