"""A person's requests about their data: a copy of everything in one file (logged, the
request kept), and erasure: no personal value readable in the database (record, history,
merged twin's history, consents, merge log), the history page or the API; the statistics
and the report figures unchanged; a record of the request kept. The statistics page and its
world map."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from openpyxl import load_workbook

from doingoai.core import roles as R
from doingoai.core.models import AccessLog
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from doingoai.diaspora import reports, services
from doingoai.diaspora.models import DataRequest, DiasporaPerson
from doingoai.diaspora.views import compute_statistics
from tests.diaspora.factories import (
    AssociationFactory,
    ConsentFactory,
    PersonFactory,
    VisitFactory,
)
from tests.factories import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db

SECRETS = (
    "Hoàng Thị Bí Mật",
    "Hoang Thi Bi Mat",
    "hoang thi bi mat",
    "Rosie Hoang",
    "+1 408 555 0199",
    "bimat@example.org",
    "C7654321",
    "Anh trai: Hoàng Văn Kín",
    "12 Orchard Road",
    "Ghi chú riêng tư",
    "Đồng ý qua điện thoại riêng",
)


def _all_diaspora_text() -> str:
    """Every text value of every diaspora table and the merge log, as one string."""
    parts = []
    with connection.cursor() as cursor:
        for model in [
            *apps.get_app_config("diaspora").get_models(),
            apps.get_model("core.mergelog"),
        ]:
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def _make_person(admin):  # noqa: ANN001, ANN202
    from doingoai.core import services as core

    unit = AdministrativeUnitFactory()
    rt = registry.get("diaspora.diasporaperson")
    person = PersonFactory(
        full_name="Hoàng Thị Bí Mật",
        former_names="Rosie Hoang",
        birth_date=date(1980, 4, 2),
        birth_year=1980,
        consent=False,
        home_unit=unit,
        country_id="US",
        phone="+1 408 555 0199",
        email="bimat@example.org",
        passport_number="C7654321",
        family_in_province="Anh trai: Hoàng Văn Kín",
        address_abroad="12 Orchard Road",
        note="Ghi chú riêng tư",
        recorded_on=date(2025, 5, 1),
    )
    person.city = "Houston"
    core.record_save(rt=rt, obj=person, user=admin, reason="cập nhật")
    ConsentFactory(person=person, scope="Đồng ý qua điện thoại riêng")
    AssociationFactory(members=[person])
    VisitFactory(visitors=[person], arrived_on=date(2025, 6, 1))
    # a twin merged into the person: its history carries the name too
    twin = PersonFactory(
        full_name="Hoang Thi Bi Mat",
        birth_year=1980,
        home_unit=unit,
        country_id="US",
        consent=False,
    )
    services.find_candidates([person.pk])
    from doingoai.diaspora.models import DuplicateCandidate

    candidate = DuplicateCandidate.objects.get()
    services.merge_candidate(candidate=candidate, keep_id=person.pk, user=admin)
    assert not DiasporaPerson.objects.filter(pk=twin.pk).exists()
    return DiasporaPerson.objects.get(pk=person.pk)


def test_erasure_leaves_no_personal_value_and_keeps_the_statistics(client_as):
    client = client_as(R.ADMIN)
    person = _make_person(client.user)
    text = _all_diaspora_text()
    assert all(secret in text for secret in SECRETS[:3])
    stats_before = compute_statistics()
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    report_before = reports.compute(year)
    response = client.post(
        f"/diaspora/persons/{person.pk}/data-request/",
        {
            "kind": "erase",
            "received_on": "05/01/2026",
            "channel": "Đơn gửi qua thư điện tử",
            "reason": "Người này yêu cầu xóa dữ liệu (Nghị định 13/2023/NĐ-CP, Điều 16)",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302
    text = _all_diaspora_text()
    leaked = [line for line in text.splitlines() if any(s in line for s in SECRETS)]
    assert leaked == [], "\n".join(leaked)
    person.refresh_from_db()
    assert person.erased_at and person.country_id == "US" and person.birth_year == 1980
    assert person.home_unit_id is not None and person.recorded_on == date(2025, 5, 1)
    # statistics and report unchanged
    after = compute_statistics()
    assert after["by_country"] == stats_before["by_country"]
    assert after["by_home"] == stats_before["by_home"]
    assert reports.compute(year) == report_before
    # the pages and the API show nothing
    rt = registry.get("diaspora.diasporaperson")
    for url in (rt.url("detail", person.pk), rt.url("history", person.pk)):
        page = client.get(url).content.decode()
        assert not [s for s in SECRETS if s in page], url
    api = client.get(f"/api/v1/diaspora/persons/{person.pk}/").content.decode()
    assert not [s for s in SECRETS if s in api]
    # the request is kept, without the person's data
    request = DataRequest.objects.get(kind="erase")
    assert request.person_id == person.pk and "Nghị định 13" in request.reason
    # a second erasure is refused
    response = client.post(
        f"/diaspora/persons/{person.pk}/data-request/",
        {
            "kind": "erase",
            "received_on": "06/01/2026",
            "channel": "x",
            "reason": "y",
            "confirm": "yes",
        },
    )
    assert "đã được xóa" in response.content.decode()


def test_erasure_needs_a_confirmation_and_the_request_details(client_as):
    client = client_as(R.ADMIN)
    person = PersonFactory()
    page = client.post(
        f"/diaspora/persons/{person.pk}/data-request/", {"kind": "erase"}
    ).content.decode()
    assert "Hãy ghi ngày nhận yêu cầu" in page and "Hãy ghi lý do" in page
    page = client.post(
        f"/diaspora/persons/{person.pk}/data-request/",
        {"kind": "erase", "received_on": "05/01/2026", "channel": "thư", "reason": "yêu cầu"},
    ).content.decode()
    assert "xác nhận" in page
    assert DiasporaPerson.objects.get(pk=person.pk).erased_at is None


def test_a_copy_of_everything_about_the_person_in_one_file(client_as):
    client = client_as(R.ADMIN)
    person = _make_person(client.user)
    response = client.post(
        f"/diaspora/persons/{person.pk}/data-request/",
        {
            "kind": "export",
            "received_on": "05/01/2026",
            "channel": "Đơn trực tiếp",
            "reason": "Người này yêu cầu bản sao dữ liệu",
        },
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Thông tin cá nhân",
        "Đồng ý",
        "Hội, tổ chức",
        "Đầu tư, tài trợ",
        "Về thăm quê",
        "Sự kiện",
        "Hồ sơ liên quan",
        "Lịch sử thay đổi",
        "Nhật ký truy cập",
    ]
    values = [str(v) for ws in book for row in ws.values for v in row if v is not None]
    assert "Hoàng Thị Bí Mật" in values and "+1 408 555 0199" in values
    assert len(list(book["Đồng ý"].values)) == 2 and len(list(book["Về thăm quê"].values)) == 2
    assert (
        AccessLog.objects.filter(action="export", object_id="").exists()
        or AccessLog.objects.filter(action="export").exists()
    )
    assert DataRequest.objects.filter(person_id=person.pk, kind="export").count() == 1
    # a role without the area's permission may not ask
    assert (
        client_as(R.READONLY).get(f"/diaspora/persons/{person.pk}/data-request/").status_code == 403
    )


def test_statistics_page_and_world_map(client_as):
    PersonFactory(country_id="US")
    PersonFactory(country_id="US")
    PersonFactory(country_id="LA")
    AssociationFactory(country_id="LA", members=[])
    client = client_as(R.READONLY)
    page = client.get("/diaspora/statistics/", {"refresh": "1"}).content.decode()
    assert 'id="record-map"' in page and 'id="map-points"' in page
    figures = compute_statistics()
    assert [(r["code"], r["n"]) for r in figures["by_country"]][:1] == [("US", 2)]
    assert figures["total"] == DiasporaPerson.objects.count()
    points = json.loads(page.split('id="map-points" type="application/json">')[1].split("<")[0])
    assert {p["title"] for p in points} == {"Hoa Kỳ: 2 người", "Lào: 1 người"}


def test_statistics_api(client_as):
    from django.core.cache import cache

    cache.delete("diaspora:statistics")
    PersonFactory(country_id="US")
    data = client_as(R.READONLY).get("/api/v1/diaspora-statistics/").json()
    assert data["total"] == 1 and data["by_country"][0]["code"] == "US"
    assert client_as(R.AGENCY).get("/api/v1/diaspora-statistics/").status_code == 403
