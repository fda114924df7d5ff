"""Strict optimistic locking on every write path (issue findings: a save without a version was
accepted, an API PATCH without one overwrote silently, delete/restore/moves did not check)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import Organisation
from doingoai.core.registry import registry
from tests.delegations.factories import MemberFactory, OutboundFactory
from tests.factories import OrganisationFactory

ORG = registry.get("core.organisation")
OUT = registry.get("delegations.outbounddelegation")


def _form(org: Organisation, **changes) -> dict:
    data = {
        "name": org.name,
        "name_en": org.name_en,
        "abbreviation": org.abbreviation,
        "kind": org.kind,
        "country": org.country_id,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_form_save_without_version_is_refused(client_as):
    client = client_as(R.ADMIN)
    org = OrganisationFactory()
    response = client.post(ORG.url("edit", org.pk), _form(org, abbreviation="X"))
    assert response.status_code == 400
    assert "Trang bạn gửi đã cũ" in response.content.decode()
    org.refresh_from_db()
    assert org.abbreviation != "X"


@pytest.mark.django_db
def test_stale_form_save_says_who_changed_what(client_as, role_user):
    client = client_as(R.ADMIN)
    org = OrganisationFactory()
    opened = org.version
    other = role_user(R.SPECIALIST, username="nguoi-sua-truoc")
    org.abbreviation = "SDL"
    services.record_save(rt=ORG, obj=org, user=other)
    response = client.post(
        ORG.url("edit", org.pk), _form(org, name="Tên mới", abbreviation="", version=opened)
    )
    page = response.content.decode()
    assert response.status_code == 400, response.context["form"].errors
    assert "nguoi-sua-truoc" in page and "viết tắt" in page.lower(), response.context["form"].errors
    org.refresh_from_db()
    assert org.abbreviation == "SDL" and org.name != "Tên mới"


@pytest.mark.django_db
def test_api_write_needs_the_version_and_refuses_a_stale_one(client_as):
    client = client_as(R.ADMIN)
    org = OrganisationFactory()
    url = f"/api/v1/core/organisations/{org.pk}/"
    etag = client.get(url)["ETag"]
    assert etag == f'"{org.version}"'
    no_version = client.patch(url, {"abbreviation": "A"}, content_type="application/json")
    assert no_version.status_code == 428
    ok = client.patch(
        url, {"abbreviation": "B"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200 and ok["ETag"] == f'"{org.version + 1}"'
    stale = client.patch(
        url, {"abbreviation": "C"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 409
    stale_body = client.patch(
        url, {"abbreviation": "D", "version": org.version}, content_type="application/json"
    )
    assert stale_body.status_code == 409
    stale_delete = client.delete(url, HTTP_IF_MATCH=etag)
    assert stale_delete.status_code == 409
    org.refresh_from_db()
    assert org.abbreviation == "B"


@pytest.mark.django_db
def test_delete_restore_and_moves_check_the_version(client_as):
    client = client_as(R.ADMIN)
    trip = OutboundFactory()
    stale = trip.version
    services.record_save(rt=OUT, obj=trip, user=client.user)
    client.post(OUT.url("delete", trip.pk), {"version": stale, "reason": "x"})
    assert type(trip).objects.filter(pk=trip.pk).exists()
    client.post(OUT.url("transition", trip.pk, "cancel"), {"version": stale, "comment": "hủy"})
    trip.refresh_from_db()
    assert trip.status == "draft"
    first = trip.history.order_by("history_id").first()
    client.post(OUT.url("restore", first.history_id), {"version": stale})
    assert trip.history.count() == 2  # nothing restored over the newer version
    with pytest.raises(services.ConflictError):
        services.record_restore(
            rt=OUT, history_id=first.history_id, user=client.user, expected_version=stale
        )


@pytest.mark.django_db
def test_child_row_edited_meanwhile_is_not_overwritten(client_as):
    client = client_as(R.ADMIN)
    member = MemberFactory(is_head=True)
    trip = member.delegation
    stale_member = member.version
    member.position = "Trưởng đoàn (sửa trước)"
    services.record_save(rt=registry.get("delegations.outboundmember"), obj=member, user=None)
    data = {
        "title": trip.title,
        "agency": trip.agency_id,
        "purpose": trip.purpose,
        "pillar": trip.pillar,
        "destinations": ["KR"],
        "funding_source": trip.funding_source,
        "currency": trip.currency,
        "planned_departure": trip.planned_departure.strftime("%d/%m/%Y"),
        "planned_return": trip.planned_return.strftime("%d/%m/%Y"),
        "version": trip.version,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-0-id": member.pk,
        "members-0-version": stale_member,
        "members-0-person": member.person_id,
        "members-0-position": "Ghi đè",
        "members-0-is_head": "on",
    }
    response = client.post(OUT.url("edit", trip.pk), data)
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.position == "Trưởng đoàn (sửa trước)"


@pytest.mark.django_db
def test_claim_version_is_one_conditional_update():
    org = OrganisationFactory()
    twin = Organisation.objects.get(pk=org.pk)
    services.claim_version(org, org.version)
    with pytest.raises(ValidationError):
        services.claim_version(twin, twin.version)
