"""The demo seeders of conferences and outreach (deterministic, idempotent, valid records,
linked to the demo partners) and their stress generators (bulk rows with derived columns)."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from doingoai.conferences.approval import assess
from doingoai.conferences.models import Conference
from doingoai.core.models import RecordLink
from doingoai.core.stress import stress_generators
from doingoai.outreach.models import OutreachEvent, PressVisit, Publication

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_idempotent_and_valid():
    call_command("seed_demo")
    first = list(Conference.objects.order_by("pk").values_list("title", "status"))
    call_command("seed_demo")
    assert list(Conference.objects.order_by("pk").values_list("title", "status")) == first
    assert {s for _t, s in first} >= {"reported", "requested"}
    for obj in Conference.objects.all():
        obj.full_clean()
    assert Conference.objects.filter(approval_level="prime_minister").exists()
    assert RecordLink.objects.filter(source_type__model="conference").exists()
    assert Publication.objects.filter(kind="bulletin").exists()
    assert PressVisit.objects.filter(reporters__isnull=False).exists()
    assert OutreachEvent.objects.filter(location="abroad").exists()


def test_stress_generators_write_rows_with_their_derived_columns():
    from doingoai.core.models import Organisation

    Organisation.objects.create(name="Sở Thử tải", kind="provincial_agency", country_id="VN")
    generators = {g.name: g for g in stress_generators()}
    written = generators["conferences"].run(random.Random(1), 0.002)
    assert written == {"conferences.conference": 60}
    for obj in Conference.objects.all()[:60]:
        assert obj.approval_level == assess(obj).level
        assert obj.search_text and obj.request_due
    written = generators["outreach"].run(random.Random(1), 0.002)
    assert written["outreach.publication"] == 100 and written["outreach.pressreporter"] == 40
    assert not Publication.objects.filter(search_text="").exists()
