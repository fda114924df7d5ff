"""Who may make each move: allowed and refused moves per role, outbound and inbound."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import WorkflowTransition
from doingoai.core.registry import registry
from doingoai.delegations.services import record_decision
from tests.delegations.factories import InboundFactory, trip
from tests.factories import OrganisationFactory, PersonFactory

OUT = registry.get("delegations.outbounddelegation")
IN = registry.get("delegations.inbounddelegation")


def move(rt, obj, name, user, comment="ý kiến"):  # noqa: ANN001, ANN201
    return services.workflow_apply(rt=rt, obj=obj, transition_name=name, user=user, comment=comment)


@pytest.fixture
def users(role_user):
    org = OrganisationFactory()
    return {
        "org": org,
        R.AGENCY: role_user(R.AGENCY, organisation=org),
        R.SPECIALIST: role_user(R.SPECIALIST),
        R.LEADER: role_user(R.LEADER),
        R.READONLY: role_user(R.READONLY),
    }


# (from state, transition) → roles allowed; every other role is refused.
OUTBOUND_MOVES = [
    ("draft", "submit", {R.AGENCY, R.SPECIALIST}),
    ("submitted", "appraise", {R.SPECIALIST}),
    ("submitted", "send_back", {R.SPECIALIST, R.LEADER}),
    ("appraised", "refuse", {R.LEADER}),
    ("decided", "mark_returned", {R.AGENCY, R.SPECIALIST}),
    ("decided", "cancel", {R.AGENCY, R.SPECIALIST, R.LEADER}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name", "allowed"), OUTBOUND_MOVES)
def test_outbound_moves_by_role(users, state, name, allowed):
    for role in (R.AGENCY, R.SPECIALIST, R.LEADER, R.READONLY):
        obj = trip(
            people=[PersonFactory()],
            status=state,
            agency=users["org"],
            departure=date(2030, 1, 5) if state != "decided" else date(2020, 1, 5),
        )
        if role in allowed:
            move(OUT, obj, name, users[role])
            obj.refresh_from_db()
            assert obj.status == OUT.workflow.transition(name).target, (role, name)
            step = WorkflowTransition.objects.get(object_id=str(obj.pk))
            assert (step.user, step.comment, step.from_state) == (users[role], "ý kiến", state)
        else:
            with pytest.raises(PermissionDenied):
                move(OUT, obj, name, users[role])


@pytest.mark.django_db
def test_refused_moves_keep_the_state(users):
    obj = trip(people=[PersonFactory()], status="appraised", departure=date(2030, 1, 5))
    with pytest.raises(ValidationError):  # not from this state
        move(OUT, obj, "mark_returned", users[R.SPECIALIST])
    with pytest.raises(ValidationError):  # refusing needs the reason
        move(OUT, obj, "refuse", users[R.LEADER], "  ")
    with pytest.raises(ValidationError):  # a decision is recorded with its number first
        move(OUT, obj, "decide", users[R.LEADER])
    obj.refresh_from_db()
    assert obj.status == "appraised"
    move(OUT, obj, "refuse", users[R.LEADER], "Không phù hợp chương trình đối ngoại năm.")
    obj.refresh_from_db()
    assert obj.status == "refused"
    assert OUT.workflow.available(obj, {R.ADMIN}) == []  # terminal


@pytest.mark.django_db
def test_agency_cannot_record_a_decision_through_the_page(client_as, users):
    obj = trip(
        people=[PersonFactory()],
        status="appraised",
        agency=users["org"],
        departure=date(2030, 1, 5),
    )
    client = client_as(R.AGENCY, organisation=users["org"], username="dv2")
    today = timezone.localdate()  # a decision is not dated in the future
    data = {"number": "9/QĐ-UBND", "issued_date": f"{today:%d/%m/%Y}", "signer_name": "X"}
    assert client.post(f"/delegations/{OUT.key}/{obj.pk}/decision/", data).status_code == 403
    leader = client_as(R.LEADER, username="ld2")
    before = obj.history.count()
    assert leader.post(f"/delegations/{OUT.key}/{obj.pk}/decision/", data).status_code == 302
    obj.refresh_from_db()
    assert obj.status == "decided" and obj.decision.issued_date == today
    latest = obj.history.first()  # one history row: the move, with the decision
    assert obj.history.count() == before + 1
    assert latest.decision_id == obj.decision_id and "9/QĐ-UBND" in latest.history_change_reason


@pytest.mark.django_db
def test_inbound_moves_by_role(users):
    visit = InboundFactory(host_agency=users["org"])
    for role in (R.AGENCY, R.LEADER, R.READONLY):
        with pytest.raises(PermissionDenied):
            move(IN, visit, "appraise", users[role])
    move(IN, visit, "appraise", users[R.SPECIALIST], "Đề nghị cho phép đón đoàn.")
    with pytest.raises(PermissionDenied):
        record_decision(
            obj=visit,
            number="7/UBND-NV",
            issued_date=date(2025, 3, 1),
            signer_name="A",
            signer_title="B",
            user=users[R.SPECIALIST],
            kind="CV",
        )
    record_decision(
        obj=visit,
        number="7/UBND-NV",
        issued_date=date(2025, 3, 1),
        signer_name="A",
        signer_title="B",
        user=users[R.LEADER],
        kind="CV",
    )
    other_agency = OrganisationFactory()
    from tests.factories import make_user

    stranger = make_user(R.AGENCY, username="dv-khac", organisation=other_agency)
    with pytest.raises(PermissionDenied):
        move(IN, visit, "mark_received", stranger)
    move(IN, visit, "mark_received", users[R.AGENCY], "")
    visit.refresh_from_db()
    assert visit.status == "received"
    steps = WorkflowTransition.objects.filter(object_id=str(visit.pk)).order_by("at", "id")
    assert [(s.to_state, s.user) for s in steps] == [
        ("appraised", users[R.SPECIALIST]),
        ("permitted", users[R.LEADER]),
        ("received", users[R.AGENCY]),
    ]
