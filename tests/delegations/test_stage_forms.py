"""Issue 10 item 3: one decision control, the form of the current stage, sending from the
form, and the reason of a send-back in the agency's inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.inbox import tasks_for
from doingoai.core.registry import registry
from tests.delegations.factories import trip
from tests.factories import OrganisationFactory, PersonFactory

OUT = registry.get("delegations.outbounddelegation")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [R.LEADER, R.ADMIN, R.SPECIALIST])
def test_one_record_the_decision_control(client_as, role):
    obj = trip(
        people=[PersonFactory()],
        status="appraised",
        departure=timezone.localdate() + timedelta(days=30),
    )
    page = client_as(role).get(obj.get_absolute_url()).content.decode()
    # the decision is recorded by its panel (number, date, signer), never by a bare button
    assert f"/{obj.pk}/do/decide/" not in page
    assert page.count('id="record-decision"') == (0 if role == R.SPECIALIST else 1)


@pytest.mark.django_db
def test_the_form_shows_the_fields_of_the_current_stage(client_as):
    client = client_as(R.SPECIALIST)
    new = client.get(OUT.url("add")).content.decode()
    for name in ("actual_departure", "actual_return", "report_summary", "results"):
        assert f'name="{name}"' not in new, name
    assert 'name="planned_departure"' in new
    decided = trip(people=[PersonFactory()], status="decided", departure=timezone.localdate())
    page = client.get(OUT.url("edit", decided.pk)).content.decode()
    assert 'name="actual_departure"' in page and 'name="report_summary"' not in page
    decided.status = "returned"
    decided.save()
    page = client.get(OUT.url("edit", decided.pk)).content.decode()
    assert 'name="report_summary"' in page and 'name="results"' in page


@pytest.mark.django_db
def test_save_and_send_from_the_form(client_as):
    org = OrganisationFactory()
    client = client_as(R.AGENCY, organisation=org)
    page = client.get(OUT.url("add")).content.decode()
    assert 'name="_transition" value="submit"' in page
    person = PersonFactory()
    departure = timezone.localdate() + timedelta(days=60)
    data = {
        "title": "Đoàn gửi ngay từ biểu mẫu",
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR"],
        "funding_source": "state_budget",
        "currency": "VND",
        "planned_departure": departure.strftime("%d/%m/%Y"),
        "planned_return": (departure + timedelta(days=4)).strftime("%d/%m/%Y"),
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-person": person.pk,
        "members-0-is_head": "on",
        "_transition": "submit",
    }
    response = client.post(OUT.url("add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = OUT.model.objects.get(title="Đoàn gửi ngay từ biểu mẫu")
    assert obj.status == "submitted" and obj.requested_on == timezone.localdate()
    # without members, the record is saved as a draft and the user is told why it was not sent
    data.update(
        {"title": "Đoàn chưa có thành viên", "members-TOTAL_FORMS": "0", "members-0-person": ""}
    )
    response = client.post(OUT.url("add"), data, follow=True)
    obj = OUT.model.objects.get(title="Đoàn chưa có thành viên")
    assert obj.status == "draft"
    assert "thành viên" in response.content.decode()


@pytest.mark.django_db
def test_a_send_back_carries_its_reason_into_the_agency_inbox(role_user):
    org = OrganisationFactory()
    agency = role_user(R.AGENCY, organisation=org)
    obj = trip(
        people=[PersonFactory()],
        status="submitted",
        agency=org,
        departure=timezone.localdate() + timedelta(days=30),
    )
    services.workflow_apply(
        rt=OUT,
        obj=obj,
        transition_name="send_back",
        user=role_user(R.SPECIALIST),
        comment="Thiếu thư mời của đối tác Hàn Quốc.",
    )
    items = [t for t in tasks_for(agency) if t.title == obj.title]
    assert items and "Thiếu thư mời của đối tác Hàn Quốc." in items[0].note


@pytest.mark.django_db
def test_the_inbound_form_shows_the_results_after_the_visit(client_as):
    from tests.delegations.factories import InboundFactory

    inbound = registry.get("delegations.inbounddelegation")
    client = client_as(R.SPECIALIST)
    assert 'name="results"' not in client.get(inbound.url("add")).content.decode()
    visit = InboundFactory(status="received")
    assert 'name="results"' in client.get(inbound.url("edit", visit.pk)).content.decode()
