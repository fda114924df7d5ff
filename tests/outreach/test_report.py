"""The outreach section for a fixture year against the hand count: publications by kind and
date, press visits and events by start date, refused and cancelled ones left out; each figure
links to exactly the records behind it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from doingoai.core.filters import filterset_for
from doingoai.core.sections import Period
from doingoai.outreach.forms import OutreachEventFilterSet, PressVisitFilterSet
from doingoai.outreach.models import OutreachEvent, PressVisit, Publication
from doingoai.outreach.reports import SECTION, compute, narrative
from tests.outreach.factories import (
    OutreachEventFactory,
    PressVisitFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def year():
    for month in (3, 6, 9, 12):
        PublicationFactory(kind="bulletin", published_on=date(2025, month, 28))
    PublicationFactory(kind="film", published_on=date(2025, 5, 1))
    PublicationFactory(kind="film", published_on=date(2025, 12, 31))
    PublicationFactory(kind="article", published_on=date(2025, 7, 1))
    PublicationFactory(kind="bulletin", published_on=date(2024, 12, 31))  # last year
    PressVisitFactory(start_date=date(2025, 2, 1))
    PressVisitFactory(start_date=date(2025, 8, 1), status="permitted")
    PressVisitFactory(start_date=date(2025, 9, 1), status="cancelled")
    PressVisitFactory(start_date=date(2025, 10, 1), status="refused")
    OutreachEventFactory(kind="cultural", start_date=date(2025, 4, 1))
    OutreachEventFactory(kind="cultural", start_date=date(2025, 4, 20), status="cancelled")
    OutreachEventFactory(
        kind="investment",
        location="abroad",
        country_id="KR",
        start_date=date(2025, 11, 20),
        agreements_signed=3,
    )
    OutreachEventFactory(kind="tourism", start_date=date(2025, 6, 1), status="planned")
    OutreachEventFactory(kind="trade", start_date=date(2026, 1, 3))  # next year


def test_hand_count(year):
    assert compute(YEAR) == {
        "publications": 7,
        "publications_by_kind": {
            "bulletin": 4,
            "film": 2,
            "article": 1,
            "website": 0,
            "book": 0,
            "other": 0,
        },
        "press_visits": 2,
        "cultural_events": 1,
        "promotion_events": 2,
    }


def test_narrative_reads_as_the_field_writes_it(year):
    assert narrative(compute(YEAR)) == [
        "Xuất bản 04 số Bản tin Đối ngoại; xây dựng 02 phim; "
        "đăng 01 bài viết bằng tiếng nước ngoài.",
        "Đón, hướng dẫn 02 đoàn phóng viên nước ngoài đến tác nghiệp tại tỉnh.",
        "Tổ chức 01 hoạt động văn hóa đối ngoại và 02 hoạt động xúc tiến đầu tư, "
        "thương mại, du lịch.",
    ]


def test_empty_period():
    figures = compute(Period(date(2030, 1, 1), date(2030, 12, 31)))
    assert figures["publications"] == 0
    assert narrative(figures)[0].startswith("Trong kỳ chưa ghi nhận")


@pytest.mark.parametrize(
    ("path", "model", "filterset"),
    [
        ("publications", Publication, None),
        ("publications_by_kind.bulletin", Publication, None),
        ("publications_by_kind.film", Publication, None),
        ("press_visits", PressVisit, PressVisitFilterSet),
        ("cultural_events", OutreachEvent, OutreachEventFilterSet),
        ("promotion_events", OutreachEvent, OutreachEventFilterSet),
    ],
)
def test_each_figure_links_to_the_records_behind_it(year, path, model, filterset):
    from doingoai.core.registry import registry

    figures = compute(YEAR)
    url = SECTION.link(YEAR, path)
    params = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    filterset = filterset or filterset_for(registry.for_model(model))
    rows = filterset(data=params, queryset=model.objects.all()).qs
    value = figures
    for part in path.split("."):
        value = value[part]
    assert rows.count() == value


def test_labels_name_every_key(year):
    figures = compute(YEAR)
    for key in (*figures, *figures["publications_by_kind"]):
        assert SECTION.label_of(key), key


def test_three_queries_whatever_the_rows(year, django_assert_num_queries):
    with django_assert_num_queries(3):
        compute(YEAR)


def test_press_request_notice_in_working_days():
    visit = PressVisitFactory(
        requested_on=date(2025, 5, 1), start_date=date(2025, 5, 12), end_date=date(2025, 5, 13)
    )
    # 2–9 May: 2, 5, 6, 7, 8, 9 = 6 working days before Monday 12 May
    assert visit.working_days_notice == 6
    assert visit.requested_late
    visit.requested_on = date(2025, 4, 25)
    assert visit.working_days_notice == 10 and not visit.requested_late
