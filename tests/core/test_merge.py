"""Merging duplicates: everything that pointed at the duplicate moves to the kept record
(rows of other types, many-to-many links both ways, record links, attachments, linked
documents); the merge is in both histories and can be undone, restoring everything."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from doingoai.core import links, services
from doingoai.core import roles as R
from doingoai.core.merge import merge_records, merge_undo
from doingoai.core.models import MergeLog, Organisation, Person, RecordDocument, RecordLink
from doingoai.core.registry import registry
from tests.contract_app.factories import TrialActivityFactory
from tests.delegations.factories import MemberFactory, OutboundFactory
from tests.factories import LegalDocumentFactory, OrganisationFactory, PersonFactory

ORG = registry.get("core.organisation")
PERSON = registry.get("core.person")
TRIAL = registry.get("contract_app.trialactivity")


@pytest.mark.django_db
def test_merge_moves_everything_and_undo_puts_it_back(role_user):
    admin = role_user(R.ADMIN)
    kept = OrganisationFactory(name="Sở Ngoại vụ tỉnh Nghệ An")
    duplicate = OrganisationFactory(name="So Ngoai vu Nghe An")
    person = PersonFactory(organisation=duplicate)
    trip = OutboundFactory(agency=duplicate)
    activity = TrialActivityFactory(organiser=duplicate)
    links.link_add(source=activity, target=duplicate, kind="with_partner", user=admin)
    document = LegalDocumentFactory()
    services.document_link(obj=duplicate, document=document, user=admin)

    merge = merge_records(rt=ORG, source=duplicate, target=kept, user=admin, reason="nhập trùng")

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    person.refresh_from_db()
    trip.refresh_from_db()
    activity.refresh_from_db()
    assert (person.organisation_id, trip.agency_id, activity.organiser_id) == (kept.pk,) * 3
    assert RecordLink.objects.get().target_id == str(kept.pk)
    ct = ContentType.objects.get_for_model(Organisation)
    assert RecordDocument.objects.get(document=document).object_id == str(kept.pk)
    assert "So Ngoai vu Nghe An" in kept.history.latest("history_id").history_change_reason
    deleted = Organisation.history.filter(id=duplicate.pk, history_type="-").get()
    assert "Sở Ngoại vụ tỉnh Nghệ An" in deleted.history_change_reason

    merge_undo(rt=ORG, merge=merge, user=admin)
    person.refresh_from_db()
    trip.refresh_from_db()
    activity.refresh_from_db()
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    assert (person.organisation_id, trip.agency_id, activity.organiser_id) == (duplicate.pk,) * 3
    assert RecordLink.objects.get().target_id == str(duplicate.pk)
    assert RecordDocument.objects.get(document=document, content_type=ct).object_id == str(
        duplicate.pk
    )
    with pytest.raises(ValidationError):
        merge_undo(rt=ORG, merge=merge, user=admin)


@pytest.mark.django_db
def test_merge_unions_many_to_many_and_refuses_a_double_membership(role_user):
    admin = role_user(R.ADMIN)
    a = TrialActivityFactory(countries=["LA"])
    b = TrialActivityFactory(countries=["LA", "KH"])
    merge = merge_records(rt=TRIAL, source=b, target=a, user=admin)
    assert sorted(a.countries.values_list("pk", flat=True)) == ["KH", "LA"]
    merge_undo(rt=TRIAL, merge=merge, user=admin)
    assert list(a.countries.values_list("pk", flat=True)) == ["LA"]
    restored = type(b).objects.get(pk=b.pk)
    assert sorted(restored.countries.values_list("pk", flat=True)) == ["KH", "LA"]

    one, two = PersonFactory(), PersonFactory()
    trip = OutboundFactory()
    MemberFactory(delegation=trip, person=one, is_head=True)
    MemberFactory(delegation=trip, person=two)
    with pytest.raises(ValidationError):
        merge_records(rt=PERSON, source=two, target=one, user=admin)
    assert Person.objects.filter(pk=two.pk).exists()


@pytest.mark.django_db
def test_merge_through_the_pages(client_as, role_user):
    client = client_as(R.ADMIN)
    kept = OrganisationFactory(name="Sở Công Thương Nghệ An")
    duplicate = OrganisationFactory(name="So Cong Thuong")
    PersonFactory(organisation=duplicate)
    page = client.get(ORG.url("merge", duplicate.pk) + f"?into={kept.pk}").content.decode()
    assert "Sở Công Thương Nghệ An" in page and 'id="merge-plan"' in page
    response = client.post(
        ORG.url("merge", duplicate.pk), {"into": kept.pk, "target_id": kept.pk, "reason": "trùng"}
    )
    assert response.status_code == 302 and response.url == ORG.url("detail", kept.pk)
    detail = client.get(ORG.url("detail", kept.pk)).content.decode()
    assert "So Cong Thuong" in detail
    merge_id = MergeLog.objects.get().pk
    client.post(ORG.url("merge-undo", kept.pk, merge_id))
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    readonly = client_as(R.READONLY)
    assert readonly.get(ORG.url("merge", kept.pk) + f"?into={duplicate.pk}").status_code == 403
