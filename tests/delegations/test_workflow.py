"""The outbound and inbound workflows by role, the checks of the field, amendments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import LegalDocument, WorkflowTransition
from doingoai.core.registry import registry
from doingoai.delegations import checks
from doingoai.delegations.services import record_decision
from tests.delegations.factories import InboundFactory, OutboundFactory, trip
from tests.factories import OrganisationFactory, PersonFactory

OUT = registry.get("delegations.outbounddelegation")
IN = registry.get("delegations.inbounddelegation")


def move(obj, name, user, comment="ý kiến"):  # noqa: ANN001, ANN201
    rt = OUT if obj._meta.model_name == "outbounddelegation" else IN
    return services.workflow_apply(rt=rt, obj=obj, transition_name=name, user=user, comment=comment)


@pytest.fixture
def agency_setup(role_user):
    org = OrganisationFactory(name="Sở Công Thương thử")
    return {
        "org": org,
        "agency": role_user(R.AGENCY, organisation=org),
        "specialist": role_user(R.SPECIALIST),
        "leader": role_user(R.LEADER),
    }


@pytest.mark.django_db
def test_outbound_path_by_role(agency_setup):
    s = agency_setup
    obj = trip(
        people=[PersonFactory(), PersonFactory()],
        status="draft",
        agency=s["org"],
        departure=timezone.localdate() - timedelta(days=10),  # a trip entered afterwards
    )
    move(obj, "submit", s["agency"], "")
    with pytest.raises(PermissionDenied):
        move(obj, "appraise", s["agency"])
    obj.refresh_from_db()
    assert obj.status == "submitted" and obj.requested_on == timezone.localdate()
    with pytest.raises(ValidationError):
        move(obj, "appraise", s["specialist"], "")  # an opinion is required
    move(obj, "appraise", s["specialist"], "Đủ điều kiện, đề nghị cho phép.")
    with pytest.raises(PermissionDenied):
        move(obj, "decide", s["specialist"])
    obj.refresh_from_db()
    assert obj.appraisal_opinion == "Đủ điều kiện, đề nghị cho phép."
    with pytest.raises(ValidationError) as no_decision:
        move(obj, "decide", s["leader"])
    assert "decision" in " ".join(no_decision.value.messages).lower() or no_decision.value
    record_decision(
        obj=obj,
        number="123/QĐ-UBND",
        issued_date=timezone.localdate(),
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
        user=s["leader"],
    )
    obj.refresh_from_db()
    assert obj.status == "decided" and obj.decision.number == "123/QĐ-UBND"
    move(obj, "mark_returned", s["agency"], "")
    obj.refresh_from_db()
    assert obj.report_due == obj.actual_return + timedelta(days=15)
    with pytest.raises(ValidationError):
        move(obj, "mark_reported", s["specialist"], "")
    obj.report_summary = "Đã ký biên bản ghi nhớ."
    obj.save()
    with pytest.raises(PermissionDenied):  # the department confirms receipt, not the agency
        move(obj, "mark_reported", s["agency"], "")
    move(obj, "mark_reported", s["specialist"], "")
    steps = list(
        WorkflowTransition.objects.filter(object_id=str(obj.pk)).values_list(
            "to_state", "user__username"
        )
    )
    assert [state for state, _user in steps] == [
        "submitted",
        "appraised",
        "decided",
        "returned",
        "reported",
    ]


@pytest.mark.django_db
def test_agency_cannot_move_another_agencys_request(agency_setup, role_user):
    other = role_user(R.AGENCY, organisation=OrganisationFactory())
    obj = trip(
        people=[PersonFactory()],
        status="draft",
        agency=agency_setup["org"],
        departure=date(2030, 1, 10),
    )
    with pytest.raises(PermissionDenied):
        move(obj, "submit", other, "")


@pytest.mark.django_db
def test_submit_requires_members_and_destination(agency_setup):
    obj = trip(
        status="draft", agency=agency_setup["org"], departure=date(2030, 1, 10), countries=()
    )
    with pytest.raises(ValidationError) as error:
        move(obj, "submit", agency_setup["agency"], "")
    assert len(error.value.messages) == 2


@pytest.mark.django_db
def test_overlapping_trip_is_refused_naming_the_other(client_as):
    person = PersonFactory(full_name="Đặng Văn Trùng")
    first = trip(
        people=[person],
        status="decided",
        departure=date(2025, 5, 10),
        days=6,
        title="Đoàn xúc tiến tại Nhật Bản 2025",
    )
    second = trip(status="draft", departure=date(2025, 5, 14), days=3)
    from doingoai.delegations.models import OutboundMember

    member = OutboundMember(delegation=second, person=person)
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    message = " ".join(error.value.messages)
    assert "Đoàn xúc tiến tại Nhật Bản 2025" in message and "10/05/2025" in message
    # through the edit form with its members formset
    client = client_as(R.SPECIALIST)
    data = {
        "title": second.title,
        "agency": second.agency_id,
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR"],
        "funding_source": "state_budget",
        "currency": "VND",
        "planned_departure": "14/05/2025",
        "planned_return": "17/05/2025",
        "version": second.version,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-person": person.pk,
        "members-0-is_head": "on",
    }
    response = client.post(OUT.url("edit", second.pk), data)
    assert response.status_code == 400
    assert "Đoàn xúc tiến tại Nhật Bản 2025" in response.content.decode()
    assert not second.members.exists()
    # a cancelled trip does not block the dates
    first.status = "cancelled"
    first.save()
    member.full_clean()


@pytest.mark.django_db
def test_changing_dates_of_a_trip_cannot_create_an_overlap():
    person = PersonFactory()
    trip(people=[person], status="decided", departure=date(2025, 6, 1), days=5)
    later = trip(people=[person], status="draft", departure=date(2025, 6, 20), days=3)
    later.planned_departure, later.planned_return = date(2025, 6, 4), date(2025, 6, 8)
    with pytest.raises(ValidationError):
        later.full_clean()


@pytest.mark.django_db
def test_dates_must_be_coherent_and_departure_needs_a_decision():
    obj = OutboundFactory.build(
        planned_departure=date(2025, 5, 10),
        planned_return=date(2025, 5, 1),
        agency=OrganisationFactory(),
    )
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert "planned_return" in error.value.message_dict
    obj = OutboundFactory(status="appraised")
    obj.actual_departure = obj.planned_departure
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert "actual_departure" in error.value.message_dict


@pytest.mark.django_db
def test_late_request_is_warned(client_as):
    obj = trip(
        people=[PersonFactory()],
        status="submitted",
        departure=timezone.localdate() + timedelta(days=5),
    )
    obj.requested_on = timezone.localdate()
    obj.save()
    assert checks.lead_time_warning(obj)
    on_time = trip(
        people=[PersonFactory()],
        status="submitted",
        departure=timezone.localdate() + timedelta(days=60),
    )
    on_time.requested_on = timezone.localdate()
    on_time.save()
    assert checks.lead_time_warning(on_time) is None
    page = client_as(R.SPECIALIST).get(obj.get_absolute_url()).content.decode()
    assert "alert-warning" in page


@pytest.mark.django_db
def test_change_after_decision_is_an_amendment_with_differences(client_as, role_user):
    a, b = PersonFactory(full_name="Hoàng Văn Một"), PersonFactory(full_name="Hoàng Văn Hai")
    obj = trip(people=[a], status="decided", departure=date(2030, 4, 1), days=4)
    client = client_as(R.SPECIALIST)
    member = obj.members.get()
    data = {
        "title": obj.title,
        "agency": obj.agency_id,
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR", "JP"],
        "funding_source": "state_budget",
        "currency": "VND",
        "planned_departure": "01/04/2030",
        "planned_return": "07/04/2030",
        "decision": obj.decision_id,
        "version": obj.version,
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "1",
        "members-0-id": member.pk,
        "members-0-version": member.version,
        "members-0-person": a.pk,
        "members-0-is_head": "on",
        "members-1-person": b.pk,
    }
    response = client.post(OUT.url("edit", obj.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj.refresh_from_db()
    assert obj.status == "amendment"
    amendment = obj.amendments.get()
    fields = {c["field"] for c in amendment.changes}
    assert len(fields) == 3
    assert "Hoàng Văn Hai" in str(amendment.changes)
    leader = role_user(R.LEADER)
    with pytest.raises(ValidationError):
        move(obj, "approve_amendment", leader, "")
    record_decision(
        obj=obj,
        number="456/QĐ-UBND",
        issued_date=timezone.localdate(),
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
        user=leader,
    )
    obj.refresh_from_db()
    amendment.refresh_from_db()
    assert obj.status == "decided"
    assert amendment.decision.number == "456/QĐ-UBND"
    assert amendment.previous_decision != amendment.decision
    page = client.get(obj.get_absolute_url()).content.decode()
    assert "456/QĐ-UBND" in page and "Hoàng Văn Hai" in page


@pytest.mark.django_db
def test_inbound_path(role_user):
    visit = InboundFactory()
    specialist, leader = role_user(R.SPECIALIST), role_user(R.LEADER)
    move(visit, "appraise", specialist, "Đồng ý tiếp")
    with pytest.raises(ValidationError):
        move(visit, "permit", leader, "")
    record_decision(
        obj=visit,
        number="88/UBND-NV",
        issued_date=date(2025, 3, 1),
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
        user=leader,
        kind="CV",
    )
    visit.refresh_from_db()
    assert visit.status == "permitted" and visit.permission.number == "88/UBND-NV"
    move(visit, "mark_received", specialist, "")
    visit.refresh_from_db()
    visit.results = "Thống nhất chương trình hợp tác năm 2025."  # the report on the visit
    visit.save()
    move(visit, "mark_reported", specialist, "")
    visit.refresh_from_db()
    assert visit.status == "reported"
    assert LegalDocument.objects.filter(number="88/UBND-NV").count() == 1


@pytest.mark.django_db
def test_inbound_needs_members():
    visit = InboundFactory.build(
        foreign_count=0, overseas_vietnamese_count=0, host_agency=OrganisationFactory()
    )
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert "foreign_count" in error.value.message_dict
