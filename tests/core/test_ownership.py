"""Ownership on every channel (issue 8, findings 3–5): an agency cannot give its record away
(API, import), the agency role scopes whatever other role is added, and messages and
registers shown to an agency never reveal other agencies' records."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import LegalDocument
from doingoai.core.registry import registry
from tests.delegations.factories import OutboundFactory, trip
from tests.factories import OrganisationFactory, PersonFactory, make_user

OUT = registry.get("delegations.outbounddelegation")
DOCS = registry.get("core.legaldocument")


@pytest.fixture
def agency(db):  # noqa: ANN001, ANN201
    return make_user(R.AGENCY, organisation=OrganisationFactory(name="Sở Công Thương thử"))


@pytest.mark.django_db
def test_agency_cannot_move_its_record_to_another_agency_through_the_api(client, agency):
    own = OutboundFactory(agency=agency.organisation)
    other = OrganisationFactory()
    client.force_login(agency)
    response = client.patch(
        f"/api/v1/delegations/outbound/{own.pk}/",
        {"agency": other.pk, "version": own.version},
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    own.refresh_from_db()
    assert own.agency_id == agency.organisation_id


@pytest.mark.django_db
def test_agency_cannot_move_its_record_by_import(agency):
    own = OutboundFactory(agency=agency.organisation)
    other = OrganisationFactory(name="Sở Khác Hẳn")
    data = record_io.export_xlsx(OUT, OUT.model.objects.filter(pk=own.pk))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Cơ quan đề nghị") + 1, value=other.name)
    buffer = io.BytesIO()
    wb.save(buffer)
    plan = record_io.plan_import(OUT, buffer.getvalue(), agency)
    assert any("không được chuyển" in p.message for p in plan.errors)
    result, _plan = record_io.commit_import(OUT, buffer.getvalue(), agency, valid_only=True)
    assert result.rejected == 1
    own.refresh_from_db()
    assert own.agency_id == agency.organisation_id


@pytest.mark.django_db
def test_agency_role_scopes_whatever_other_role_is_added(client, agency):
    agency.groups.add(Group.objects.get(name=R.GROUP_NAMES[R.READONLY]))
    own = OutboundFactory(agency=agency.organisation, title="Đoàn của chính mình")
    OutboundFactory(title="Đoàn của đơn vị khác")
    client.force_login(agency)
    assert R.is_agency_user(agency)
    html = client.get(OUT.url("list")).content.decode()
    assert "Đoàn của chính mình" in html and "Đoàn của đơn vị khác" not in html
    api = client.get("/api/v1/delegations/outbound/").json()
    assert [row["id"] for row in api["results"]] == [own.pk]
    assert client.get("/api/v1/reports/?from=2025-01-01&to=2025-12-31").status_code == 403


@pytest.mark.django_db
def test_user_form_warns_when_the_agency_role_is_combined(client_as):
    client = client_as(R.ADMIN)
    organisation = OrganisationFactory()
    groups = Group.objects.filter(name__in=[R.GROUP_NAMES[R.AGENCY], R.GROUP_NAMES[R.READONLY]])
    response = client.post(
        "/system/users/add/",
        {
            "username": "hai-vai-tro",
            "last_name": "Nguyễn",
            "first_name": "Hai",
            "organisation": organisation.pk,
            "is_active": "on",
            "groups": [g.pk for g in groups],
            "password": "Mot-mat-khau-dai-2026",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "luôn giới hạn" in body and "Chỉ xem" in body


@pytest.mark.django_db
def test_overlap_message_to_an_agency_does_not_name_the_other_agencys_trip(client, agency):
    person = PersonFactory(full_name="Trần Văn Bận")
    trip(
        people=[person],
        status="decided",
        departure=date(2032, 5, 10),
        days=6,
        title="Đoàn bí mật của sở khác",
    )
    own = OutboundFactory(
        agency=agency.organisation,
        planned_departure=date(2032, 5, 12),
        planned_return=date(2032, 5, 14),
    )
    client.force_login(agency)
    response = client.post(
        "/api/v1/delegations/members/",
        {"delegation": own.pk, "person": person.pk, "is_head": True},
        content_type="application/json",
    )
    body = response.content.decode()
    assert response.status_code in (400, 403), body
    if response.status_code == 400:
        assert "Trần Văn Bận" in body and "trùng" in body
    assert "Đoàn bí mật" not in body and "10/05/2032" not in body


@pytest.mark.django_db
def test_overlap_message_to_a_specialist_still_names_the_trip():
    from doingoai.delegations.checks import overlap_messages

    person = PersonFactory()
    trip(people=[person], departure=date(2033, 1, 10), title="Đoàn được nêu tên")
    own = trip(status="draft", departure=date(2033, 1, 12))
    assert "Đoàn được nêu tên" in " ".join(overlap_messages(person, own))


@pytest.mark.django_db
def test_documents_register_hides_other_agencies_decisions(client, agency):
    theirs = trip(departure=date(2030, 3, 1), title="Đoàn của sở khác")
    theirs.decision.summary = "Cử Đoàn của sở khác đi Hàn Quốc"
    theirs.decision.save()
    mine = trip(departure=date(2030, 4, 1), agency=agency.organisation)
    law = LegalDocument.objects.create(
        number="91/2025/QH15", kind="Luật", issued_date=date(2025, 6, 26), issuer="Quốc hội"
    )
    visible = set(DOCS.visible_to(agency).values_list("pk", flat=True))
    assert mine.decision_id in visible and law.pk in visible
    assert theirs.decision_id not in visible
    client.force_login(agency)
    html = client.get(DOCS.url("list")).content.decode()
    assert "Đoàn của sở khác" not in html
    assert client.get(DOCS.url("detail", theirs.decision_id)).status_code == 404
    specialist = make_user(R.SPECIALIST)
    assert theirs.decision_id in set(DOCS.visible_to(specialist).values_list("pk", flat=True))


@pytest.mark.django_db
def test_an_import_row_naming_another_agencys_record_is_refused_only_to_an_agency(agency):
    """The import key of a record the agency may not see: an error for the agency (never a
    second record, never an edit), a match for a province-wide role."""
    from doingoai.core.io.columns import ID_HEADER
    from tests.conferences.factories import ConferenceFactory

    conf_rt = registry.get("conferences.conference")
    theirs = ConferenceFactory(organiser=OrganisationFactory(name="Sở Văn hóa thử"))
    data = record_io.export_xlsx(conf_rt, conf_rt.model.objects.filter(pk=theirs.pk))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index(ID_HEADER) + 1).value = None  # matched by the key
    organiser = next(i for i, h in enumerate(headers, start=1) if "tổ chức" in str(h).lower())
    ws.cell(row=2, column=organiser, value=agency.organisation.name)
    buffer = io.BytesIO()
    wb.save(buffer)
    plan = record_io.plan_import(conf_rt, buffer.getvalue(), agency)
    assert [p.message for p in plan.errors] == [
        "Bản ghi này đã có nhưng thuộc đơn vị khác; bạn không được sửa."
    ]
    specialist = make_user(R.SPECIALIST)
    plan = record_io.plan_import(conf_rt, buffer.getvalue(), specialist)
    assert not any("thuộc đơn vị khác" in p.message for p in plan.errors)
    assert conf_rt.model.objects.count() == 1
