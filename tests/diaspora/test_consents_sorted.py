"""The consents' list sorted by person walks an index of the person's name kept on the
consent (``core.sortkeys.RelatedName``), not a join sorting every consent: at the stress
scale the join cost 190–320 ms a page against a 150 ms budget (bench/FINDINGS.md)."""

from __future__ import annotations

import pytest

from doingoai.core import roles as R
from doingoai.core.collation import sort_key
from doingoai.core.registry import registry
from doingoai.diaspora.models import Consent
from tests.diaspora.factories import ConsentFactory, PersonFactory
from tests.sorting import assert_sorted_by_kept_name

CONSENTS = registry.get("diaspora.consent")
NAMES = ["Ân Văn Một", "Bùi Thị Hai", "Đặng Văn Ba", "Lê Thị Bốn", "Ỷ Văn Năm"]


@pytest.mark.django_db
def test_sorted_by_person_uses_the_kept_name_and_its_index():
    for name in reversed(NAMES):
        ConsentFactory(person=PersonFactory(full_name=name, consent=False))
    assert_sorted_by_kept_name(
        CONSENTS, "-person", "person_name", "diaspora_diasporaperson", "dsp_consent_person_vi"
    )


@pytest.mark.django_db
def test_sorted_by_person_in_vietnamese_order_and_follows_a_rename(client_as):
    people = [PersonFactory(full_name=name) for name in reversed(NAMES)]  # one consent each
    client = client_as(R.ADMIN)

    def names(sort: str) -> list[str]:
        response = client.get(CONSENTS.url("list"), {"sort": sort})
        assert response.status_code == 200
        return [row.record.person.full_name for row in response.context["table"].page.object_list]

    assert names("person") == sorted(NAMES, key=sort_key) == NAMES
    assert names("-person") == NAMES[::-1]
    first = people[-1]  # "Ân Văn Một"
    first.full_name = "Yến Văn Một"
    first.save()
    assert Consent.objects.get(person=first).person_name == "Yến Văn Một"
    assert names("person")[-1] == "Yến Văn Một"


@pytest.mark.django_db
def test_history_shows_the_person_changed_not_the_kept_copy_of_the_name(client_as):
    """The name kept for sorting is the system's copy: a consent moved to another person
    shows "Người" changed in its history, not an untranslated "person name" line."""
    from doingoai.core import services

    consent = ConsentFactory(person=PersonFactory(full_name="Ân Văn Cũ", consent=False))
    client = client_as(R.ADMIN)
    consent.person = PersonFactory(full_name="Bùi Văn Mới", consent=False)
    services.record_save(rt=CONSENTS, obj=consent, user=client.user, reason="chuyển người")
    page = client.get(CONSENTS.url("history", consent.pk)).content.decode()
    assert "Bùi Văn Mới" in page
    assert "erson name" not in page and "person_name" not in page
    assert page.count("Bùi Văn Mới") >= 1
