"""Every workflow move through the API (finding: a decision could not be recorded by the API,
so records created by other systems stayed drafts and were never counted)."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import roles as R
from tests.delegations.factories import MemberFactory, OutboundFactory
from tests.factories import LegalDocumentFactory

API = "/api/v1/delegations/outbound/"


@pytest.mark.django_db
def test_decision_recorded_through_the_api(client_as, role_user, client):
    trip = OutboundFactory(status="appraised", planned_departure=date(2026, 12, 20))
    trip.planned_return = date(2026, 12, 24)
    trip.save()
    MemberFactory(delegation=trip, is_head=True)
    decision = LegalDocumentFactory(number="321/QĐ-UBND", issued_date=date(2026, 11, 30))
    agency = role_user(R.AGENCY, organisation=trip.agency)
    client.force_login(agency)
    refused = client.post(
        f"{API}{trip.pk}/transitions/decide/",
        {"version": trip.version, "values": {"decision": decision.pk}},
        content_type="application/json",
    )
    assert refused.status_code == 403
    leader = client_as(R.LEADER)
    no_version = leader.post(
        f"{API}{trip.pk}/transitions/decide/",
        {"values": {"decision": decision.pk}},
        content_type="application/json",
    )
    assert no_version.status_code == 428
    not_a_move_field = leader.post(
        f"{API}{trip.pk}/transitions/decide/",
        {"version": trip.version, "values": {"title": "khác"}},
        content_type="application/json",
    )
    assert not_a_move_field.status_code == 400
    done = leader.post(
        f"{API}{trip.pk}/transitions/decide/",
        {"version": trip.version, "values": {"decision": decision.pk}, "comment": "Đồng ý"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["transition"], body["from"], body["to"]) == ("decide", "appraised", "decided")
    trip.refresh_from_db()
    assert (trip.status, trip.decision_id, trip.version) == (
        "decided",
        decision.pk,
        body["version"],
    )
    stale = leader.post(
        f"{API}{trip.pk}/transitions/cancel/",
        {"version": trip.version - 1, "comment": "hủy"},
        content_type="application/json",
    )
    assert stale.status_code == 409


@pytest.mark.django_db
def test_moves_are_in_the_openapi_schema(client_as):
    schema = client_as(R.ADMIN).get("/api/v1/schema/?format=json").json()
    assert "/api/v1/delegations/outbound/{id}/transitions/{name}/" in schema["paths"]
