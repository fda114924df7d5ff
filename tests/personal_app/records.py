"""Registration of the test-only sensitive type: its own permission shows its personal data."""

from __future__ import annotations

from doingoai.core.registry import REFERENCE, RecordType
from tests.personal_app.models import TrialCase


class TrialCaseRecord(RecordType):
    model = TrialCase
    area = REFERENCE
    url_slug = "trial-cases"
    menu = False
    fields = ["full_name", "passport_number", "health_note", "opened_on"]
    list_columns = ["full_name", "passport_number", "opened_on"]
    import_key = ("full_name",)
    sensitive_fields = ("passport_number", "health_note")
    sensitive_permission = "personal_app.view_personal_trialcase"
    import_sample = {"full_name": "Nguyễn Văn Thử", "opened_on": "01/07/2025"}
