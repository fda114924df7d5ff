"""Duplicates: the planted twins of a generated set are found (precision and recall printed,
both at least 0.9) by blocking keys, never by comparing all pairs; the review page shows the
two side by side; a merge keeps every link and both histories, and can be undone."""

from __future__ import annotations

import random

import pytest
from django.contrib.contenttypes.models import ContentType

from doingoai.core import links
from doingoai.core import roles as R
from doingoai.core.models import MergeLog, RecordLink
from doingoai.core.registry import registry
from doingoai.diaspora import services, stress
from doingoai.diaspora.models import Consent, DiasporaPerson, DuplicateCandidate
from tests.diaspora.factories import (
    AssociationFactory,
    ConsentFactory,
    EventFactory,
    InvestmentFactory,
    PersonFactory,
    VisitFactory,
)
from tests.factories import AdministrativeUnitFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_planted_duplicates_are_found_with_precision_and_recall_of_at_least_90_percent(
    django_assert_max_num_queries,
):
    for _ in range(25):
        AdministrativeUnitFactory()
    stress.make_persons(random.Random(2026), 3000, twins_every=30)
    code = dict(DiasporaPerson.objects.values_list("pk", "code"))
    planted = {
        pk for pk, c in code.items() if c.startswith("KB-D")
    }  # the twins: KB-Dnnnnnnn is the twin of KB-nnnnnnn
    by_code = {c: pk for pk, c in code.items()}
    truth = {tuple(sorted((pk, by_code["KB-" + code[pk][4:]]))) for pk in planted}
    assert len(truth) == 100
    with django_assert_max_num_queries(40):  # a few queries per block of keys, not per pair
        services.find_candidates()
    found = set(DuplicateCandidate.objects.values_list("first_id", "second_id"))
    hits = found & truth
    precision = len(hits) / len(found)
    recall = len(hits) / len(truth)
    print(f"\nduplicates: {len(found)} candidates, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9
    # running again proposes nothing new; a reviewed pair is not proposed again
    assert services.find_candidates() == 0


def test_score_each_rule_alone():
    base = {
        "id": 1,
        "name_folded": "nguyen van hung",
        "key_sorted_country": "hung nguyen van|LA",
        "birth_year": 1975,
        "birth_date": None,
        "country_id": "LA",
        "home_unit_id": 7,
        "key_passport": "",
    }
    same, reasons = services.score_pair(base, {**base, "id": 2})
    assert same >= services.THRESHOLD and {"name", "birth_year", "country", "home_unit"} <= set(
        reasons
    )
    other_year, _r = services.score_pair(base, {**base, "id": 2, "birth_year": 1990})
    assert other_year < services.THRESHOLD
    other_place, _r = services.score_pair(
        base, {**base, "id": 2, "country_id": "US", "home_unit_id": 8}
    )
    assert other_place < services.THRESHOLD
    passport, reasons = services.score_pair(
        {**base, "key_passport": "x"},
        {**base, "id": 2, "name_folded": "nguyen van hunh", "key_passport": "x"},
    )
    assert passport >= services.THRESHOLD and "passport" in reasons


def _link_everything(person, user):  # noqa: ANN001, ANN202
    ConsentFactory(person=person)
    AssociationFactory(members=[person])
    InvestmentFactory(investors=[person])
    VisitFactory(visitors=[person])
    EventFactory(participants=[person])
    links.link_add(
        source=person, target=OrganisationFactory(), kind="related", user=user, note="đối tác"
    )


def test_merge_keeps_every_link_and_both_histories_and_can_be_undone(client_as):
    client = client_as(R.ADMIN)
    admin = client.user
    rt = registry.get("diaspora.diasporaperson")
    unit = AdministrativeUnitFactory()
    kept = PersonFactory(
        full_name="Nguyễn Văn Hùng", birth_year=1975, city="", home_unit=unit, consent=False
    )
    twin = PersonFactory(
        full_name="Nguyen Van Hung",
        birth_year=1975,
        city="San Jose",
        home_unit=unit,
        consent=False,
    )
    _link_everything(kept, admin)
    _link_everything(twin, admin)
    services.find_candidates([kept.pk])
    candidate = DuplicateCandidate.objects.get()
    page = client.get(f"/diaspora/duplicates/{candidate.pk}/").content.decode()
    assert "Nguyễn Văn Hùng" in page and "Nguyen Van Hung" in page and 'id="merge-form"' in page
    assert client.get("/diaspora/duplicates/").status_code == 200
    response = client.post(
        f"/diaspora/duplicates/{candidate.pk}/", {"keep": kept.pk, "reason": "nhập trùng"}
    )
    assert response.status_code == 302
    assert not DiasporaPerson.objects.filter(pk=twin.pk).exists()
    kept.refresh_from_db()
    assert kept.city == "San Jose"  # a blank of the kept one was filled from the twin
    assert Consent.objects.filter(person=kept).count() == 2
    assert kept.associations.count() == 2 and kept.investments.count() == 2
    assert kept.visits.count() == 2 and kept.events.count() == 2
    ct = ContentType.objects.get_for_model(DiasporaPerson)
    assert RecordLink.objects.filter(source_type=ct, source_id=str(kept.pk)).count() == 2
    assert DiasporaPerson.history.filter(id=twin.pk).exists()  # the twin's history is kept
    candidate.refresh_from_db()
    assert candidate.status == "merged"
    # undo: the twin and its rows come back
    from doingoai.core.merge import merge_undo

    merge_undo(rt=rt, merge=MergeLog.objects.get(), user=admin)
    assert DiasporaPerson.objects.filter(pk=twin.pk).exists()
    assert Consent.objects.filter(person_id=twin.pk).count() == 1


def test_dismissed_pair_is_not_proposed_again(client_as):
    client = client_as(R.ADMIN)
    unit = AdministrativeUnitFactory()
    a = PersonFactory(full_name="Trần Thị Mai", birth_year=1980, home_unit=unit)
    PersonFactory(full_name="Tran Thi Mai", birth_year=1980, home_unit=unit)
    assert services.find_candidates([a.pk]) == 1
    candidate = DuplicateCandidate.objects.get()
    client.post(f"/diaspora/duplicates/{candidate.pk}/", {"dismiss": "1"})
    candidate.refresh_from_db()
    assert candidate.status == "dismissed"
    assert services.find_candidates() == 0


def test_a_reader_cannot_merge(client_as):
    unit = AdministrativeUnitFactory()
    a = PersonFactory(full_name="Lê Văn Tâm", birth_year=1970, home_unit=unit)
    PersonFactory(full_name="Le Van Tam", birth_year=1970, home_unit=unit)
    services.find_candidates([a.pk])
    candidate = DuplicateCandidate.objects.get()
    client = client_as(R.READONLY)
    assert client.get(f"/diaspora/duplicates/{candidate.pk}/").status_code == 200
    assert client.post(f"/diaspora/duplicates/{candidate.pk}/", {"keep": a.pk}).status_code == 403
    assert DiasporaPerson.objects.count() == 2
