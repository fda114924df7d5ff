"""The conferences section for a fixture year against the hand count: an online conference
counts by form, one permitted then cancelled is left out, refused and draft ones too, events
count by their start date; each figure links to exactly the events behind it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from doingoai.conferences.forms import ConferenceFilterSet
from doingoai.conferences.models import Conference
from doingoai.conferences.reports import SECTION, compute, narrative
from doingoai.core.sections import Period
from tests.conferences.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def _event(role, kind, form, start, status="permitted", foreign=10, **kw):  # noqa: ANN001, ANN003
    extra = {"online_platform": "Zoom"} if form != "in_person" else {}
    return ConferenceFactory(
        role=role,
        kind=kind,
        event_form=form,
        start_date=start,
        end_date=kw.pop("end", start),
        status=status,
        foreign_participants=foreign,
        **extra,
        **kw,
    )


@pytest.fixture
def year():
    # organised by the province: 3 online conferences, 1 in person (12 + 3×5 foreigners)
    for month in (2, 5, 9):
        _event("organised", "conference", "online", date(2025, month, 10), "reported", 5)
    _event("organised", "conference", "in_person", date(2025, 3, 1), "held", 12)
    # co-organised: 4 seminars, of each form
    _event("co_organised", "seminar", "in_person", date(2025, 4, 2), "reported", 20)
    _event("co_organised", "seminar", "in_person", date(2025, 6, 2), "permitted", 0)
    _event("co_organised", "seminar", "online", date(2025, 7, 2), "appraised", 3)
    _event("co_organised", "seminar", "hybrid", date(2025, 8, 2), "requested", 7)
    # permitted: 6 seminars, one starting on the last day of the year and ending after it
    for day in (1, 2, 3, 4, 5):
        _event("permitted", "seminar", "in_person", date(2025, 10, day), "held", 2)
    _event(
        "permitted",
        "seminar",
        "in_person",
        date(2025, 12, 31),
        "permitted",
        4,
        end=date(2026, 1, 2),
    )
    # not counted: permitted then cancelled, refused, draft, started in 2024 ending in 2025
    _event("permitted", "seminar", "in_person", date(2025, 11, 5), "cancelled", 50)
    _event("organised", "conference", "online", date(2025, 11, 6), "refused", 50)
    _event("organised", "conference", "in_person", date(2025, 11, 7), "draft", 50)
    _event(
        "permitted",
        "seminar",
        "in_person",
        date(2024, 12, 30),
        "reported",
        50,
        end=date(2025, 1, 2),
    )


def test_hand_count(year):
    figures = compute(YEAR)
    assert figures == {
        "organised": {
            "total": 4,
            "in_person": 1,
            "online": 3,
            "hybrid": 0,
            "conferences": 4,
            "seminars": 0,
        },
        "co_organised": {
            "total": 4,
            "in_person": 2,
            "online": 1,
            "hybrid": 1,
            "conferences": 0,
            "seminars": 4,
        },
        "permitted": {
            "total": 6,
            "in_person": 6,
            "online": 0,
            "hybrid": 0,
            "conferences": 0,
            "seminars": 6,
        },
        "total": 14,
        "foreign_participants": 15 + 12 + 20 + 0 + 3 + 7 + 5 * 2 + 4,
    }


def test_narrative_reads_as_the_field_writes_it(year):
    sentences = narrative(compute(YEAR))
    assert sentences[0] == (
        "Tỉnh tổ chức 03 hội nghị quốc tế trực tuyến, 01 hội nghị quốc tế trực tiếp; "
        "phối hợp tổ chức 04 hội thảo quốc tế và cấp phép 06 hội thảo quốc tế."
    )
    assert sentences[1] == "Các hội nghị, hội thảo quốc tế có 71 lượt đại biểu nước ngoài tham dự."


def test_narrative_of_both_kinds_and_of_an_empty_period():
    figures = {
        "organised": {
            "total": 5,
            "in_person": 2,
            "online": 3,
            "hybrid": 0,
            "conferences": 2,
            "seminars": 3,
        },
        "co_organised": dict.fromkeys(
            ("total", "in_person", "online", "hybrid", "conferences", "seminars"), 0
        ),
        "permitted": dict.fromkeys(
            ("total", "in_person", "online", "hybrid", "conferences", "seminars"), 0
        ),
        "total": 5,
        "foreign_participants": 0,
    }
    assert narrative(figures) == [
        "Tỉnh tổ chức 02 hội nghị quốc tế và 03 hội thảo quốc tế (03 trực tuyến, 02 trực tiếp)."
    ]
    empty = compute(Period(date(2030, 1, 1), date(2030, 12, 31)))
    assert empty["total"] == 0
    assert narrative(empty)[0].startswith("Trong kỳ không có hội nghị")


@pytest.mark.parametrize(
    "path",
    [
        "total",
        "foreign_participants",
        "organised.total",
        "organised.online",
        "organised.in_person",
        "organised.conferences",
        "co_organised.hybrid",
        "co_organised.seminars",
        "permitted.total",
        "permitted.in_person",
    ],
)
def test_each_figure_links_to_the_events_behind_it(year, path):
    figures = compute(YEAR)
    url = SECTION.link(YEAR, path)
    params = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    rows = ConferenceFilterSet(data=params, queryset=Conference.objects.all()).qs
    if path == "foreign_participants":
        assert sum(r.foreign_participants for r in rows) == figures[path]
        return
    value = figures
    for part in path.split("."):
        value = value[part]
    assert rows.count() == value


def test_labels_name_every_key(year):
    figures = compute(YEAR)
    for key in (*figures, *figures["organised"]):
        assert SECTION.label_of(key), key


def test_one_query_whatever_the_rows(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        compute(YEAR)
