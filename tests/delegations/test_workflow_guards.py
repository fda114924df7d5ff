"""Issue 10 item 1: every move is guarded by the facts it claims, and a record never reaches a
state its form cannot save."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.registry import registry
from tests.delegations.factories import trip
from tests.factories import OrganisationFactory, PersonFactory

OUT = registry.get("delegations.outbounddelegation")


def move(obj, name, user, comment=""):  # noqa: ANN001, ANN201
    return services.workflow_apply(
        rt=OUT, obj=obj, transition_name=name, user=user, comment=comment
    )


@pytest.fixture
def people(role_user):
    org = OrganisationFactory()
    return {
        "org": org,
        "agency": role_user(R.AGENCY, organisation=org),
        "specialist": role_user(R.SPECIALIST),
        "leader": role_user(R.LEADER),
    }


@pytest.mark.django_db
def test_a_trip_planned_for_next_year_cannot_be_marked_returned(people):
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        agency=people["org"],
        departure=date(today.year + 1, 3, 10),
        status="decided",
    )
    with pytest.raises(ValidationError) as error:
        move(obj, "mark_returned", people["specialist"])
    assert "10/03/" in " ".join(error.value.messages)
    obj.refresh_from_db()
    assert obj.status == "decided" and obj.actual_return is None


@pytest.mark.django_db
def test_actual_dates_in_the_future_or_reversed_are_refused(people):
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        agency=people["org"],
        departure=today - timedelta(days=10),
        days=3,
        status="decided",
    )
    obj.actual_departure = today - timedelta(days=10)
    obj.actual_return = today + timedelta(days=2)
    obj.save()
    with pytest.raises(ValidationError):
        move(obj, "mark_returned", people["specialist"])
    obj.refresh_from_db()
    obj.actual_return = today - timedelta(days=5)
    obj.save()
    move(obj, "mark_returned", people["specialist"])
    obj.refresh_from_db()
    assert obj.status == "returned" and obj.report_due == obj.actual_return + timedelta(days=15)


@pytest.mark.django_db
def test_a_generated_document_is_not_the_post_trip_report(people, client):
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        agency=people["org"],
        departure=today - timedelta(days=20),
        status="decided",
    )
    move(obj, "mark_returned", people["agency"])
    client.force_login(people["specialist"])
    client.post(f"/delegations/outbound/{obj.pk}/documents/decision/")
    obj.refresh_from_db()
    from doingoai.core.models import Attachment

    assert Attachment.objects.filter(
        object_id=str(obj.pk)
    ).exists()  # the generated DOCX is attached ...
    with pytest.raises(ValidationError):  # ... but it is not the delegation's report
        move(obj, "mark_reported", people["specialist"])
    services.attachment_add(
        obj=obj,
        upload=SimpleUploadedFile("bao-cao-ket-qua.pdf", b"%PDF-1.4 report"),
        user=people["agency"],
    )
    move(obj, "mark_reported", people["specialist"])
    obj.refresh_from_db()
    assert obj.status == "reported" and obj.report_submitted_on == today


@pytest.mark.django_db
def test_only_the_department_confirms_receipt_of_the_report(people):
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        agency=people["org"],
        departure=today - timedelta(days=20),
        status="decided",
    )
    move(obj, "mark_returned", people["agency"])
    obj.refresh_from_db()
    obj.report_summary = "Đã ký biên bản ghi nhớ với tỉnh Gyeonggi."
    obj.save()
    with pytest.raises(PermissionDenied):
        move(obj, "mark_reported", people["agency"])
    move(obj, "mark_reported", people["leader"])
    obj.refresh_from_db()
    assert obj.status == "reported"


@pytest.mark.django_db
def test_a_record_the_form_cannot_save_is_never_reached_and_the_form_never_500s(people, client):
    """The report date before the return: refused by the move, and a form whose model check
    names a field it does not show answers with a message, not a 500."""
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        agency=people["org"],
        departure=today - timedelta(days=20),
        status="returned",
    )
    obj.actual_departure = today - timedelta(days=20)
    obj.actual_return = today - timedelta(days=15)
    obj.report_summary = "Tóm tắt"
    obj.report_submitted_on = today - timedelta(days=18)  # before the return: bad data
    obj.save()
    client.force_login(people["specialist"])
    data = {
        "title": obj.title,
        "agency": obj.agency_id,
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR"],
        "funding_source": "state_budget",
        "currency": "VND",
        "planned_departure": obj.planned_departure.strftime("%d/%m/%Y"),
        "planned_return": obj.planned_return.strftime("%d/%m/%Y"),
        "actual_departure": obj.actual_departure.strftime("%d/%m/%Y"),
        "actual_return": obj.actual_return.strftime("%d/%m/%Y"),
        "report_summary": "Tóm tắt",
        "version": obj.version,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-0-id": obj.members.get().pk,
        "members-0-person": obj.members.get().person_id,
        "members-0-is_head": "on",
    }
    response = client.post(OUT.url("edit", obj.pk), data)
    assert response.status_code == 400
    assert "submitted" in response.content.decode() or "nộp" in response.content.decode()
    with pytest.raises(ValidationError):
        move(obj, "mark_reported", people["specialist"])


@pytest.mark.django_db
def test_inbound_moves_are_guarded_by_their_facts_too(people):
    from tests.delegations.factories import InboundFactory

    inbound = registry.get("delegations.inbounddelegation")
    today = timezone.localdate()
    visit = InboundFactory(
        host_agency=people["org"],
        planned_arrival=today + timedelta(days=20),
        planned_departure=today + timedelta(days=22),
        status="permitted",
    )

    def step(name, user, comment=""):  # noqa: ANN001, ANN202
        return services.workflow_apply(
            rt=inbound, obj=visit, transition_name=name, user=user, comment=comment
        )

    with pytest.raises(ValidationError):  # the delegation has not arrived yet
        step("mark_received", people["agency"])
    visit.planned_arrival = today - timedelta(days=3)
    visit.planned_departure = today - timedelta(days=1)
    visit.save()
    step("mark_received", people["agency"])
    with pytest.raises(PermissionDenied):  # the department confirms the report
        step("mark_reported", people["agency"])
    with pytest.raises(ValidationError):  # a report is its results or a file
        step("mark_reported", people["specialist"])
    visit.refresh_from_db()
    visit.results = "Ký biên bản hợp tác giáo dục."
    visit.save()
    step("mark_reported", people["specialist"])
