"""The dashboard's module providers: the inbox reads only what it shows, the anniversaries are
computed once per request and only for the days that can match, and the queries do not grow
with the delegations and agreements."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core.agenda import agenda, anniversary_on
from doingoai.core.inbox import tasks_for
from doingoai.core.models import Country
from doingoai.core.registry import registry
from doingoai.partners import anniversaries as ann
from doingoai.partners.models import Agreement
from doingoai.partners.tasks import next_twelve_months
from tests.delegations.factories import InboundFactory, OutboundFactory
from tests.factories import OrganisationFactory
from tests.partners.factories import AgreementFactory, AnniversaryEventFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _add_rows(n: int, agency, offset: int) -> None:  # noqa: ANN001
    """``n`` requests in each inbox state (some of ``agency``) and ``n`` signed agreements
    with a round anniversary in the next 30 days and ``n`` in the coming year."""
    today = timezone.localdate()
    for i in range(offset, offset + n):
        mine = {"agency": agency} if i % 2 else {}
        OutboundFactory(status="submitted", planned_departure=today + timedelta(days=20 + i))
        OutboundFactory(status="appraised", planned_departure=today + timedelta(days=3))
        OutboundFactory(status="draft", planned_departure=today + timedelta(days=40 + i), **mine)
        OutboundFactory(
            status="returned",
            planned_departure=today - timedelta(days=60),
            report_due=today - timedelta(days=1 + i),
            **mine,
        )
        InboundFactory(status="proposed", planned_arrival=today + timedelta(days=10))
        for days in (1 + i % 29, 40 + i * 5 % 300):
            AgreementFactory(
                status="signed",
                signed_on=anniversary_on(today + timedelta(days=days), today.year - 5),
                **({"vietnamese_party": agency} if i % 2 else {}),
            )


def _count(client) -> int:  # noqa: ANN001
    ann._kept.clear()  # the anniversaries computed, not kept from an earlier request
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [R.SPECIALIST, R.LEADER, R.AGENCY])
def test_dashboard_queries_do_not_grow_with_the_rows(client_as, role):
    agency = OrganisationFactory()
    client = client_as(role, **({"organisation": agency} if role == R.AGENCY else {}))
    _add_rows(2, agency, 0)
    client.get("/")  # warm the per-process caches
    few = _count(client)
    _add_rows(20, agency, 2)  # more than the 15 tasks and items the dashboard shows
    assert _count(client) == few
    tasks = client.get("/").context["tasks"]
    assert len(tasks) > 15


def test_anniversaries_are_computed_once_per_dashboard_request(client_as):
    client = client_as(R.SPECIALIST)
    today = timezone.localdate()
    partner = PartnerFactory(established=anniversary_on(today + timedelta(days=2), today.year - 10))
    with mock.patch.object(ann, "_compute_between", wraps=ann._compute_between) as compute:
        response = client.get("/")
    assert compute.call_count == 1  # not once for each of the inbox, calendar and card
    url = partner.get_absolute_url()
    panel = next(p for p in response.context["panels"] if p["key"] == "partners.anniversaries")
    assert url in {t.url for t in response.context["tasks"]}
    assert url in {i.url for i in response.context["upcoming"]}
    assert url in {a.url for a in panel["panel"]["items"]}


def test_kept_anniversaries_are_forgotten_on_writes(role_user):
    user = role_user(R.SPECIALIST)
    today = timezone.localdate()
    start, end = next_twelve_months(today)
    before = ann.anniversaries_between(start, end, user)
    event = AnniversaryEventFactory(
        title="Ngày kỷ niệm ghi sau", date=anniversary_on(today + timedelta(days=5), 2001)
    )
    assert event.title not in {a.title for a in before}
    found = ann.anniversaries_between(start, end, user)
    assert [a for a in found if a.title.endswith(event.title)]
    agreement = AgreementFactory(
        status="signed",
        signed_on=anniversary_on(today + timedelta(days=7), today.year - 5),
        foreign_parties=[PartnerFactory(country_id="JP")],
    )
    found = ann.anniversaries_between(start, end, user)
    assert {a.country for a in found if a.kind == "agreement"} == {"JP"}
    agreement.foreign_parties.add(PartnerFactory(country_id="KR"))  # two countries: none shown
    assert [
        a.country for a in ann.anniversaries_between(start, end, user) if a.kind == "agreement"
    ] == [None]


def _spans(origin_year: int) -> list[tuple[date, date]]:
    spans = []
    for year in (origin_year + 5, origin_year + 8, origin_year + 10):
        for first in (date(year, 1, 1), date(year, 2, 27), date(year, 2, 28), date(year, 12, 1)):
            for days in (0, 1, 2, 30, 200, 364):
                spans.append((first, first + timedelta(days=days)))
    return spans


def test_month_day_bounds_keep_exactly_the_anniversaries_of_the_span(role_user):
    user = role_user(R.SPECIALIST)
    origins = [date(2000, 2, 29), date(2000, 2, 28), date(2000, 3, 1), date(2001, 1, 1)]
    origins += [date(2001, 12, 31), date(2002, 6, 15), date(2003, 2, 28), date(2004, 12, 31)]
    for index, origin in enumerate(origins):
        AnniversaryEventFactory(title=f"Sự kiện {index}", date=origin)
        AgreementFactory(title=f"Thỏa thuận {index}", status="in_force", signed_on=origin)
    for start, end in _spans(2000) + _spans(2003):
        # a span of two years or more is never narrowed to month/day bounds: the reference
        wide = ann.anniversaries_between(date(start.year, 1, 1), date(end.year + 1, 12, 31), user)
        expected = [a for a in wide if start <= a.date <= end]
        assert ann.anniversaries_between(start, end, user) == expected, (start, end)


def test_a_thirty_day_span_reads_only_the_records_that_can_match():
    today = date(2026, 12, 2)
    within = [date(2021, 12, 20), date(2017, 1, 1), date(2011, 12, 2), date(2016, 12, 31)]
    outside = [date(2021, 6, 1), date(2017, 3, 1), date(2015, 12, 20), date(2021, 12, 1)]
    for day in within + outside:
        AgreementFactory(status="signed", signed_on=day)
    qs = ann.in_round_days(Agreement.objects.all(), "signed_on", today, today + timedelta(30), 5)
    assert sorted(qs.values_list("signed_on", flat=True)) == sorted(within)


def test_diplomatic_relations_appear_once_in_the_calendar(role_user):
    user = role_user(R.SPECIALIST)
    today = timezone.localdate()
    day = today + timedelta(days=3)
    Country.objects.filter(code="LA").update(relations_date=anniversary_on(day, day.year - 60))
    items = agenda(user, today, today + timedelta(days=30))
    url = registry.for_model(Country).url("detail", "LA")
    relations = [i for i in items if i.url == url and i.start == day]
    assert len(relations) == 1, relations


def test_delegation_tasks_keep_their_titles_links_and_dates(role_user):
    today = timezone.localdate()
    mine = OrganisationFactory()
    draft = OutboundFactory(
        status="draft", agency=mine, planned_departure=today - timedelta(days=2)
    )
    submitted = OutboundFactory(status="submitted", planned_departure=today + timedelta(days=9))
    found = {t.title: t for t in tasks_for(role_user(R.AGENCY, organisation=mine))}
    assert found[draft.title].url == draft.get_absolute_url()
    assert found[draft.title].due == draft.planned_departure and found[draft.title].overdue
    found = {t.title: t for t in tasks_for(role_user(R.SPECIALIST))}
    assert found[submitted.title].url == submitted.get_absolute_url()
    assert found[submitted.title].due == submitted.planned_departure
    assert not found[submitted.title].overdue


def test_delegation_agenda_reads_values_without_the_lists_countries(role_user):
    from doingoai.delegations.tasks import delegation_agenda

    user = role_user(R.SPECIALIST)
    today = timezone.localdate()
    trip = OutboundFactory(status="decided", planned_departure=today + timedelta(days=4))
    visit = InboundFactory(
        status="permitted",
        planned_arrival=today + timedelta(days=5),
        planned_departure=today + timedelta(days=6),
    )
    delegation_agenda(user, today, today, limit=15)  # the user's roles and permissions
    with CaptureQueriesContext(connection) as queries:
        items = delegation_agenda(user, today, today + timedelta(days=30), limit=15)
    assert len(queries) == 4  # keys, then rows, of trips and of visits; no countries
    found = {i.url: i for i in items}
    assert found[trip.get_absolute_url()].title == trip.title
    assert found[trip.get_absolute_url()].start == trip.planned_departure
    assert found[trip.get_absolute_url()].end == trip.planned_return
    assert (found[visit.get_absolute_url()].start, found[visit.get_absolute_url()].end) == (
        visit.planned_arrival,
        visit.planned_departure,
    )


def test_requests_to_decide_are_read_one_status_at_a_time_latest_first(role_user):
    """The leaders' "to decide": appraised requests and amendments together (the latest 50
    kept, listed soonest first by the inbox), each status read by its own query (an ``IN``
    let SQLite's planner walk the list's order through every delegation for a handful)."""
    today = timezone.localdate()
    made = [
        OutboundFactory(status=status, planned_departure=today + timedelta(days=days))
        for status, days in (("appraised", 5), ("amendment", 9), ("appraised", 12))
    ] + [OutboundFactory(status="amendment", planned_departure=today + timedelta(days=2))]
    OutboundFactory(status="decided", planned_departure=today + timedelta(days=7))
    from django.utils.translation import gettext

    with CaptureQueriesContext(connection) as queries:
        tasks = tasks_for(role_user(R.LEADER))
    found = [t for t in tasks if str(t.kind) == gettext("To decide: outbound")]
    soonest_first = sorted(made, key=lambda d: d.planned_departure)  # the inbox's order
    assert [t.title for t in found] == [d.title for d in soonest_first]
    to_decide = [
        q["sql"]
        for q in queries.captured_queries
        if "'amendment'" in q["sql"] and "'draft'" not in q["sql"]  # not "departs within 7 days"
    ]
    assert to_decide and not any("'appraised'" in sql for sql in to_decide), to_decide


def test_kept_anniversaries_are_kept_per_user_and_rights(role_user):
    """The minute's list of one user is never another's: their rights choose the sources."""
    today = timezone.localdate()
    start, end = next_twelve_months(today)
    AgreementFactory(
        status="signed",
        signed_on=anniversary_on(today + timedelta(days=7), today.year - 5),
        title="Thỏa thuận kỷ niệm riêng",
    )
    specialist, agency = role_user(R.SPECIALIST), role_user(R.AGENCY)
    mine = {a.title for a in ann.anniversaries_between(start, end, specialist)}
    assert any("Thỏa thuận kỷ niệm riêng" in t for t in mine)
    theirs = {a.title for a in ann.anniversaries_between(start, end, agency)}
    assert not any("Thỏa thuận kỷ niệm riêng" in t for t in theirs)


def test_the_tasks_badge_says_at_least_when_a_kind_was_cut_at_its_limit(client_as):
    """Each provider lists at most ``inbox.LIMIT`` tasks of a kind: past it the badge's count
    is a lower bound and says so ("50+"), not a total."""
    from doingoai.core import inbox

    def full(user):  # noqa: ANN001, ANN202
        return [inbox.Task("Hồ sơ chờ duyệt", f"Hồ sơ {i}", f"/x/{i}/") for i in range(inbox.LIMIT)]

    def few(user):  # noqa: ANN001, ANN202
        return [inbox.Task("Báo cáo", "Báo cáo quý", "/y/1/")]

    client = client_as(R.SPECIALIST)
    with mock.patch.object(inbox, "_PROVIDERS", [few]):
        body = client.get("/").content.decode()
    assert '<span class="badge text-bg-secondary">1</span>' in body
    with mock.patch.object(inbox, "_PROVIDERS", [full, few]):
        response = client.get("/")
    body = response.content.decode()
    assert response.context["tasks_more"] is True
    assert f">{inbox.LIMIT + 1}+</span>" in body
    assert "ít nhất" in body  # the badge's title says what the figure is
