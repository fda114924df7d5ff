"""Links between records (core.links): declared by type key, added and removed through
services, listed both ways on the pages and in the API, a deleted end shown as such and live
again after its restore; agencies never learn of records they may not see."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doingoai.core import links, services
from doingoai.core import roles as R
from doingoai.core.models import RecordLink
from doingoai.core.registry import registry
from tests.contract_app.factories import TrialActivityFactory
from tests.delegations.factories import OutboundFactory
from tests.factories import LegalDocumentFactory, OrganisationFactory

TRIAL = registry.get("contract_app.trialactivity")
OUT = registry.get("delegations.outbounddelegation")


@pytest.mark.django_db
def test_link_shown_both_ways_and_survives_a_delete_and_restore(client_as):
    client = client_as(R.ADMIN)
    activity = TrialActivityFactory()
    trip = OutboundFactory(title="Đoàn xúc tiến tại Lào")
    response = client.post(
        TRIAL.url("link", activity.pk),
        {"kind": "follow_up", "target_type": OUT.key, "target": "xuc tien tai lao"},
    )
    assert response.status_code == 302
    link = RecordLink.objects.get()
    assert (link.kind, link.target_id) == ("follow_up", str(trip.pk))
    page = client.get(TRIAL.url("detail", activity.pk)).content.decode()
    assert "Đoàn xúc tiến tại Lào" in page and OUT.url("detail", trip.pk) in page
    other_side = client.get(OUT.url("detail", trip.pk)).content.decode()
    assert activity.title in other_side
    services.record_delete(rt=OUT, obj=trip, user=client.user, expected_version=trip.version)
    page = client.get(TRIAL.url("detail", activity.pk)).content.decode()
    assert "Đoàn xúc tiến tại Lào" in page and OUT.url("detail", trip.pk) not in page
    assert "đã xóa" in page
    entry = trip.history.filter(history_type="-").latest("history_id")
    services.record_restore(rt=OUT, history_id=entry.history_id, user=client.user)
    page = client.get(TRIAL.url("detail", activity.pk)).content.decode()
    assert OUT.url("detail", trip.pk) in page
    api = client.get(f"/api/v1/links/?record={TRIAL.key}:{activity.pk}").json()["results"]
    assert [(r["record"], r["direction"], r["deleted"]) for r in api] == [
        (f"{OUT.key}:{trip.pk}", "out", False)
    ]
    client.post(TRIAL.url("link", activity.pk), {"remove": link.pk})
    assert not RecordLink.objects.exists()
    assert RecordLink.history.filter(history_type="-").count() == 1


@pytest.mark.django_db
def test_undeclared_pairs_and_unseen_targets_are_refused(role_user):
    admin = role_user(R.ADMIN)
    trip = OutboundFactory()
    document = LegalDocumentFactory()
    with pytest.raises(ValidationError):  # neither type declares the other
        links.link_add(source=trip, target=document, kind="related", user=admin)
    own = OrganisationFactory()
    agency = role_user(R.AGENCY, organisation=own)
    others = OutboundFactory()
    activity = TrialActivityFactory()
    with pytest.raises(PermissionDenied):  # the agency may not change the trial activity
        links.link_add(source=activity, target=others, kind="related", user=agency)
    links.link_add(source=activity, target=others, kind="related", user=admin)
    assert links.links_of(activity, agency) == []  # the other agency's trip stays unseen
    assert len(links.links_of(activity, admin)) == 1


@pytest.mark.django_db
def test_links_api_adds_and_removes(client_as):
    client = client_as(R.ADMIN)
    activity = TrialActivityFactory()
    trip = OutboundFactory()
    created = client.post(
        "/api/v1/links/",
        {
            "source": f"{TRIAL.key}:{activity.pk}",
            "target": f"{OUT.key}:{trip.pk}",
            "kind": "related",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    back = client.get(f"/api/v1/links/?record={OUT.key}:{trip.pk}").json()["results"]
    assert [(r["record"], r["direction"]) for r in back] == [(f"{TRIAL.key}:{activity.pk}", "in")]
    assert client.delete(f"/api/v1/links/{created.json()['id']}/").status_code == 204
    assert client.get(f"/api/v1/links/?record={TRIAL.key}:999999").status_code == 404
