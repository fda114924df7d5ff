"""The approval level: each criterion of Decision 06/2020/QĐ-TTg alone sends the case to the
Prime Minister and is named among the reasons; none leaves it to the provincial chair; the
lead time follows the level and a late request is flagged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from doingoai.conferences.approval import CRITERIA, assess, days_short
from doingoai.conferences.models import Conference, Level
from tests.conferences.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.field)
def test_each_criterion_alone_decides_the_prime_minister(criterion):
    obj = ConferenceFactory(**{criterion.field: True})
    obj.refresh_from_db()
    assert obj.approval_level == Level.PRIME_MINISTER
    assessment = assess(obj)
    assert [str(r.text) for r in assessment.reasons] == [str(criterion.reason)]
    assert "06/2020/QĐ-TTg" in assessment.reasons[0].source


def test_reasons_are_in_vietnamese(settings):
    from django.utils import translation

    obj = ConferenceFactory(topic_religion=True, foreign_high_level=True)
    with translation.override("vi"):
        reasons = [str(r.text) for r in assess(obj).reasons]
    assert len(reasons) == 2
    assert any("tôn giáo" in r for r in reasons)
    assert any("Bộ trưởng" in r for r in reasons)


def test_no_criterion_leaves_it_to_the_chair():
    obj = ConferenceFactory()
    assert obj.approval_level == Level.CHAIR
    assessment = assess(obj)
    assert assessment.level == Level.CHAIR and len(assessment.reasons) == 1
    assert "khoản 2 Điều 3" in assessment.reasons[0].source


def test_every_criterion_is_a_boolean_field_of_the_request():
    names = {f.name for f in Conference._meta.fields}
    assert {c.field for c in CRITERIA} <= names
    assert len({c.field for c in CRITERIA}) == len(CRITERIA) == 10


def test_lead_time_follows_the_level_and_late_requests_are_flagged():
    start = date(2026, 6, 30)
    chair = ConferenceFactory(start_date=start, end_date=start, requested_on=start - timedelta(30))
    assert chair.request_due == start - timedelta(days=30)
    assert not chair.filed_late
    pm = ConferenceFactory(
        start_date=start, end_date=start, requested_on=start - timedelta(30), topic_borders=True
    )
    assert pm.request_due == start - timedelta(days=40)
    assert pm.filed_late and days_short(pm) == 10
    # the rule is editable: a shorter lead time makes the same request timely
    from doingoai.core.models import Rule

    Rule.objects.update_or_create(
        key="conferences.lead_days_prime_minister", defaults={"label": "thử", "value": 30}
    )
    pm.save()
    assert not pm.filed_late


def test_a_draft_not_yet_filed_shows_how_late_it_would_be():
    start = date(2026, 6, 30)
    obj = ConferenceFactory(start_date=start, end_date=start, requested_on=None, status="draft")
    assert days_short(obj, on=start - timedelta(days=25)) == 5
    assert days_short(obj, on=start - timedelta(days=31)) == 0


def test_dates_and_places_are_validated():
    from django.core.exceptions import ValidationError

    obj = ConferenceFactory.build(
        organiser=ConferenceFactory().organiser,
        event_form="online",
        online_platform="",
        end_date=date(2025, 1, 1),
        start_date=date(2025, 1, 5),
    )
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    assert {"online_platform", "end_date"} <= set(exc.value.message_dict)
