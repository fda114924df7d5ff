"""The anniversary register: round anniversaries (every 5 years) of diplomatic relations,
partnerships, agreements and recorded events, over many years, with leap days."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from doingoai.core import roles as R
from doingoai.core.agenda import anniversary_on
from doingoai.core.models import Country
from doingoai.partners.anniversaries import anniversaries
from tests.partners.factories import AgreementFactory, AnniversaryEventFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _expected_countries(year: int) -> set[str]:
    """Hand count: countries whose relation date lies a positive multiple of 5 years back."""
    return {
        code
        for code, start in Country.objects.exclude(relations_date=None).values_list(
            "code", "relations_date"
        )
        if year > start.year and (year - start.year) % 5 == 0
    }


def test_diplomatic_anniversaries_over_many_years(role_user):
    user = role_user(R.SPECIALIST)
    Country.objects.filter(code="QA").update(relations_date=date(1980, 2, 29))
    assert Country.objects.exclude(relations_date=None).count() >= 20
    for year in range(1950, 2101):
        found = [a for a in anniversaries(year, user) if a.kind == "diplomatic_relations"]
        assert {a.country for a in found} == _expected_countries(year), year
        for a in found:
            origin = Country.objects.get(pk=a.country).relations_date
            assert a.years == year - origin.year
            assert (a.date.month, a.date.year) == (origin.month, year)
        assert [a.date for a in found] == sorted(a.date for a in found)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1985, date(1985, 2, 28)),  # common year: 28 February
        (2000, date(2000, 2, 29)),  # leap year: the day itself
        (2020, date(2020, 2, 29)),
        (2025, date(2025, 2, 28)),
        (2100, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_29_february_falls_on_28_february_in_common_years(role_user, year, expected):
    user = role_user(R.SPECIALIST)
    Country.objects.filter(code="QA").update(relations_date=date(1980, 2, 29))
    PartnerFactory(established=date(1980, 2, 29), name="tỉnh Nhuận")
    AnniversaryEventFactory(date=date(1980, 2, 29), title="Sự kiện ngày nhuận")
    found = [a for a in anniversaries(year, user) if a.origin == date(1980, 2, 29)]
    assert sorted(a.kind for a in found) == ["diplomatic_relations", "event", "partnership"]
    assert {a.date for a in found} == {expected}
    assert {a.years for a in found} == {year - 1980}


def test_partnerships_agreements_and_events_every_five_years(role_user):
    user = role_user(R.SPECIALIST)
    partner = PartnerFactory(established=date(2001, 6, 15), country_id="JP", name="tỉnh Gifu")
    PartnerFactory(established=date(2001, 6, 16), status="ended", name="tỉnh Đã chấm dứt")
    AgreementFactory(
        signed_on=date(2011, 3, 1), status="in_force", foreign_parties=[partner], title="BGN Gifu"
    )
    AgreementFactory(signed_on=date(2011, 3, 2), status="draft", title="Dự thảo chưa ký")
    AnniversaryEventFactory(date=date(1976, 7, 19), title="Hiệp ước thử nghiệm", country_id="LA")
    for year in range(1978, 2060):
        kinds = {
            (a.kind, a.title)
            for a in anniversaries(year, user)
            if a.kind != "diplomatic_relations"
            and a.origin
            in (
                date(2001, 6, 15),
                date(2001, 6, 16),
                date(2011, 3, 1),
                date(2011, 3, 2),
                date(1976, 7, 19),
            )
        }
        expected = set()
        if year > 2001 and (year - 2001) % 5 == 0:
            expected.add(
                ("partnership", f"{year - 2001} năm thiết lập quan hệ hợp tác với tỉnh Gifu")
            )
        if year > 2011 and (year - 2011) % 5 == 0:
            expected.add(("agreement", f"{year - 2011} năm ký kết BGN Gifu"))
        if (year - 1976) % 5 == 0:
            expected.add(("event", f"{year - 1976} năm Hiệp ước thử nghiệm"))
        assert kinds == expected, year


def test_api_answers_the_contract(client_as):
    client = client_as(R.SPECIALIST)
    partner = PartnerFactory(established=date(2001, 6, 15), country_id="JP", name="tỉnh Gifu")
    AgreementFactory(signed_on=date(2016, 3, 1), status="signed", foreign_parties=[partner])
    body = client.get("/api/v1/anniversaries/?year=2026").json()
    assert body["year"] == 2026
    results = body["results"]
    assert results and all(
        set(r) == {"date", "years", "kind", "title", "country", "url"} for r in results
    )
    assert [r["date"] for r in results] == sorted(r["date"] for r in results)
    assert {r["kind"] for r in results} >= {"diplomatic_relations", "partnership", "agreement"}
    gifu = next(r for r in results if r["kind"] == "partnership" and "Gifu" in r["title"])
    assert gifu == {
        "date": "2026-06-15",
        "years": 25,
        "kind": "partnership",
        "title": "25 năm thiết lập quan hệ hợp tác với tỉnh Gifu",
        "country": "JP",
        "url": partner.get_absolute_url(),
    }
    laos = [r for r in results if r["kind"] == "diplomatic_relations" and r["country"] == "LA"]
    assert laos == []  # 1962 + 64: not a round year
    assert client.get("/api/v1/anniversaries/?year=abc").status_code == 400
    assert client.get("/api/v1/anniversaries/?year=99999").status_code == 400


def test_api_and_page_refuse_anonymous_and_agency(client, client_as):
    assert client.get("/api/v1/anniversaries/?year=2026").status_code in (401, 403)
    agency = client_as(R.AGENCY)
    assert agency.get("/api/v1/anniversaries/?year=2026").status_code == 403
    assert agency.get("/partners/anniversaries/?year=2026").status_code == 403


def test_page_marks_unconfirmed_dates_and_exports_xlsx(client_as):
    client = client_as(R.LEADER)
    # 2025: 50 years of relations with Germany (23/09/1975, commonly cited, unconfirmed)
    html = client.get("/partners/anniversaries/?year=2025").content.decode()
    assert "23/09/2025" in html and "chưa xác minh" in html and 'id="unconfirmed-note"' in html
    assert "50 năm thiết lập quan hệ ngoại giao Việt Nam - Đức" in html
    response = client.get("/partners/anniversaries/?year=2025&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    germany = next(r for r in rows if r[3] and "Đức" in str(r[3]))
    assert germany[0] == "23/09/2025" and germany[1] == 50 and germany[6] == "Chưa xác minh"
    bad = client.get("/partners/anniversaries/?year=abc").content.decode()
    assert "Năm phải là số" in bad


def test_month_calendar_shows_partnership_anniversaries(client_as):
    client = client_as(R.SPECIALIST)
    PartnerFactory(established=date(2001, 6, 15), name="tỉnh Lịch Kỷ Niệm")
    html = client.get("/delegations/calendar/?year=2026&month=6").content.decode()
    assert "25 năm thiết lập quan hệ hợp tác với tỉnh Lịch Kỷ Niệm" in html


def test_the_vietnam_laos_treaty_is_shipped_as_a_recorded_event(role_user):
    """Installed after migrate (before the countries were loaded: the country is named once
    they exist), and listed for its round years: 50 years on 18/07/2027."""
    from doingoai.partners.demo import install_reference_events
    from doingoai.partners.models import AnniversaryEvent

    install_reference_events()
    treaty = AnniversaryEvent.objects.get(title__startswith="Hiệp ước Hữu nghị và Hợp tác")
    assert (treaty.date, treaty.country_id, treaty.confidence) == (
        date(1977, 7, 18),
        "LA",
        "sourced",
    )
    found = [a for a in anniversaries(2027, role_user(R.READONLY)) if a.kind == "event"]
    assert [(a.date, a.years, a.country) for a in found] == [(date(2027, 7, 18), 50, "LA")]
    treaty.delete()
    install_reference_events()  # a user's deletion is kept
    assert not AnniversaryEvent.objects.filter(title=treaty.title).exists()


def _years_before(day: date, years: int) -> date:
    return anniversary_on(day, day.year - years)


def test_dashboard_shows_the_next_twelve_months(client_as):
    """The dashboard's panel (core's panel registry: reports does not import partners) lists
    the round anniversaries from today to the day before the same date next year."""
    from django.utils import timezone

    today = timezone.localdate()
    PartnerFactory(name="tỉnh Sắp Kỷ Niệm", established=_years_before(today + timedelta(40), 20))
    PartnerFactory(name="tỉnh Hôm Nay", established=_years_before(today, 10))
    PartnerFactory(name="tỉnh Năm Sau", established=_years_before(today + timedelta(370), 10))
    PartnerFactory(name="tỉnh Đã Qua", established=_years_before(today - timedelta(3), 15))
    PartnerFactory(name="tỉnh Lẻ Năm", established=_years_before(today + timedelta(40), 21))
    response = client_as(R.LEADER).get("/")
    html = response.content.decode()
    assert 'id="coming-anniversaries"' in html
    panel = next(p for p in response.context["panels"] if p["key"] == "partners.anniversaries")
    titles = [a.title for a in panel["panel"]["items"] if a.kind == "partnership"]
    assert titles == [
        "10 năm thiết lập quan hệ hợp tác với tỉnh Hôm Nay",
        "20 năm thiết lập quan hệ hợp tác với tỉnh Sắp Kỷ Niệm",
    ]
    assert "20 năm thiết lập quan hệ hợp tác với tỉnh Sắp Kỷ Niệm" in html
    agency = client_as(R.AGENCY).get("/").content.decode()
    assert 'id="coming-anniversaries"' not in agency


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (date(2025, 3, 10), date(2026, 3, 9)),
        (date(2024, 2, 29), date(2025, 2, 27)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_next_twelve_months_ends_the_day_before_the_same_date(today, end):
    from doingoai.partners.tasks import next_twelve_months

    assert next_twelve_months(today) == (today, end)


def test_a_year_of_anniversaries_reads_in_the_database_without_a_list_of_keys(
    role_user,  # noqa: ANN001
    most_parameters,  # noqa: ANN001
):
    """At the stress scale (50,000 agreements) the coming year's anniversaries took 1.2 s:
    the agreements' parties were asked for by a list of every agreement's key, which SQLite
    joined to the partners by scanning every partner for each key, and the round years were
    found by Django's ``ExtractYear``, a Python function called for every row on SQLite."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = role_user(R.SPECIALIST)
    partner = PartnerFactory(established=date(2001, 6, 15), country_id="JP")
    for n in range(35):
        AgreementFactory(
            signed_on=date(2011, 3, n % 28 + 1), status="in_force", foreign_parties=[partner]
        )
    with (
        most_parameters("partners_agreement_foreign_parties") as seen,
        CaptureQueriesContext(connection) as ctx,
    ):
        found = anniversaries(2026, user)
    assert len([a for a in found if a.kind == "agreement"]) == 35
    assert seen[0] < 35
    assert not any("django_date_extract" in q["sql"] for q in ctx.captured_queries)
