"""The demo data: seeded once, and its IATI export validates against the IATI 2.03 activity
schema (the transcription in tests/aid/data); a document that breaks the schema is refused,
so the check can fail."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from doingoai.aid import iati
from doingoai.aid.demo import seed_aid
from doingoai.aid.models import AidItem, Disbursement, Donor
from doingoai.core import roles as R
from doingoai.core.demo import seed_core

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 6, 30)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "iati-activities-2.03-subset.xsd")))


@pytest.fixture
def demo(db):  # noqa: ANN001, ANN201
    seed_core(random.Random("doingoai"), 1, TODAY)
    seed_aid(random.Random("doingoai-aid"), 1, TODAY)
    seed_aid(random.Random("doingoai-aid"), 1, TODAY)


def test_the_demo_seeds_once(demo):  # noqa: ANN001
    assert Donor.objects.count() == 9
    assert AidItem.objects.count() == 10
    assert set(AidItem.objects.values_list("kind", flat=True)) == {
        "programme",
        "project",
        "non_project",
    }
    assert Disbursement.objects.count() > 10
    assert set(Disbursement.objects.values_list("currency", flat=True)) >= {"USD", "JPY", "EUR"}


def test_the_iati_export_of_the_demo_validates(demo, schema):  # noqa: ANN001
    xml = iati.export_queryset(AidItem.objects.all())
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == 10
    first = activities[0]
    assert first.findtext("iati-identifier").startswith(iati.org_ref() + "-VT-")
    assert first.find("participating-org[@role='1']") is not None
    assert first.find("participating-org[@role='4']") is not None
    codes = {t.get("code") for t in document.iter("transaction-type")}
    assert codes == {"1", "11"}
    shares = [sum(float(s.get("percentage")) for s in a.findall("sector")) for a in activities]
    assert all(share == 100 for share in shares)


def test_the_schema_refuses_a_wrong_document(demo, schema):  # noqa: ANN001
    document = etree.fromstring(iati.export_queryset(AidItem.objects.all()))
    document.find(".//transaction-type").set("code", "99")
    assert not schema.validate(document)
    document = etree.fromstring(iati.export_queryset(AidItem.objects.all()))
    activity = document.find("iati-activity")
    activity.remove(activity.find("title"))
    assert not schema.validate(document)


def test_the_export_page_and_api_answer_xml(demo, client, role_user, schema):  # noqa: ANN001
    client.force_login(role_user(R.READONLY))
    response = client.get("/aid/iati.xml?kind=non_project")
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    assert len(document.findall("iati-activity")) == 3
    response = client.get("/api/v1/aid/iati/")
    assert response.status_code == 200
    assert len(etree.fromstring(response.content).findall("iati-activity")) == 10
