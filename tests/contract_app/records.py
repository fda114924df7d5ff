"""Registration of the test-only record type."""

from __future__ import annotations

from doingoai.core.registry import REFERENCE, RecordType
from tests.contract_app.models import TrialActivity


class TrialActivityRecord(RecordType):
    model = TrialActivity
    area = REFERENCE
    url_slug = "trial-activities"
    menu = False
    fields = [
        "title",
        "held_on",
        "amount",
        "currency",
        "countries",
        "latitude",
        "longitude",
        "organiser",
    ]
    map_fields = ("latitude", "longitude")
    import_key = ("title", "held_on")
    links_to = ["*"]
    import_sample = {
        "title": "Hội thảo thử nghiệm",
        "held_on": "01/07/2025",
        "amount": "1.234.567",
        "currency": "VND",
        "countries": "Lào",
        "latitude": "18°40'46\"N",
        "longitude": "105.6813",
    }
