"""The task inbox shows each item to the role that must act; the calendar shows trips."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core.inbox import tasks_for
from tests.delegations.factories import InboundFactory, trip
from tests.factories import OrganisationFactory, PersonFactory


@pytest.mark.django_db
def test_inbox_by_role(role_user):
    today = timezone.localdate()
    mine = OrganisationFactory()
    submitted = trip(
        people=[PersonFactory()],
        status="submitted",
        agency=mine,
        departure=today + timedelta(days=30),
        title="Đoàn chờ thẩm định",
    )
    appraised = trip(
        people=[PersonFactory()],
        status="appraised",
        departure=today + timedelta(days=3),
        title="Đoàn chờ quyết định gấp",
    )
    overdue = trip(
        people=[PersonFactory()],
        status="returned",
        agency=mine,
        departure=today - timedelta(days=40),
        title="Đoàn quá hạn báo cáo",
    )
    overdue.report_due = today - timedelta(days=5)
    overdue.save()
    InboundFactory(status="proposed", title="Đoàn khách chờ thẩm định")

    def titles(user):  # noqa: ANN001, ANN202
        return {t.title for t in tasks_for(user)}

    specialist = titles(role_user(R.SPECIALIST))
    assert {
        "Đoàn chờ thẩm định",
        "Đoàn quá hạn báo cáo",
        "Đoàn khách chờ thẩm định",
        "Đoàn chờ quyết định gấp",
    } <= specialist
    leader = titles(role_user(R.LEADER))
    assert "Đoàn chờ quyết định gấp" in leader and "Đoàn chờ thẩm định" not in leader
    agency = titles(role_user(R.AGENCY, organisation=mine))
    assert agency == {"Đoàn quá hạn báo cáo"}
    readonly = titles(role_user(R.READONLY))
    assert readonly == set()
    urgent = [t for t in tasks_for(role_user(R.LEADER)) if t.title == appraised.title]
    assert any(t.overdue for t in urgent)
    assert all(t.due == appraised.planned_departure for t in urgent)
    assert submitted.pk


@pytest.mark.django_db
def test_month_calendar(client_as):
    today = timezone.localdate()
    trip(
        people=[PersonFactory()],
        status="decided",
        departure=today.replace(day=10),
        days=2,
        title="Đoàn trong lịch",
    )
    InboundFactory(
        status="permitted",
        planned_arrival=today.replace(day=12),
        planned_departure=today.replace(day=13),
        title="Khách trong lịch",
    )
    trip(
        people=[PersonFactory()],
        status="cancelled",
        departure=today.replace(day=5),
        title="Đoàn đã hủy",
    )
    response = client_as(R.READONLY).get("/delegations/calendar/")
    html = response.content.decode()
    cells = [
        (day["date"].day, [e["item"].title for e in day["events"]])
        for week in response.context["weeks"]
        for day in week
        if day["in_month"] and day["events"]
    ]
    assert [d for d, titles in cells if "Đoàn trong lịch" in titles] == [10, 11, 12]
    assert [d for d, titles in cells if "Khách trong lịch" in titles] == [12, 13]
    assert [i.title for i in response.context["month_items"] if i.css != "anniversary"] == [
        "Đoàn trong lịch",
        "Khách trong lịch",
    ]
    assert 'class="event outbound' in html and 'class="event inbound' in html
    assert "Đoàn đã hủy" not in html
    other = (
        client_as(R.READONLY, username="ro2")
        .get("/delegations/calendar/?year=2020&month=2")
        .content.decode()
    )
    assert "02/2020" in other and "Đoàn trong lịch" not in other


@pytest.mark.django_db
def test_month_calendar_shows_round_anniversaries_of_relations(client_as):
    """Not only the dashboard's next 30 days: any month (issue 10 item 14)."""
    response = client_as(R.READONLY).get("/delegations/calendar/?year=2028&month=9")
    html = response.content.decode()
    days = {
        day["date"].day: [e["item"].title for e in day["events"]]
        for week in response.context["weeks"]
        for day in week
        if day["in_month"]
    }
    assert any("55" in t and "Nhật Bản" in t for t in days[21]), days[21]
    assert any("55" in t and "Vương quốc Anh" in t for t in days[11]), days[11]
    assert 'class="event anniversary' in html
    listed = [i.title for i in response.context["month_items"]]
    assert any("Nhật Bản" in t for t in listed)
    december = client_as(R.READONLY, username="ro2").get(
        "/delegations/calendar/?year=2027&month=12"
    )
    assert any("35" in i.title and "Hàn Quốc" in i.title for i in december.context["month_items"])
    not_round = client_as(R.READONLY, username="ro3").get(
        "/delegations/calendar/?year=2026&month=9"
    )
    assert not any("Nhật Bản" in i.title for i in not_round.context["month_items"])


def test_an_agencys_drafts_are_read_by_its_own_index(role_user):  # noqa: ANN001
    """An agency's inbox (its drafts, latest first) walks (agency, status, date) instead of
    every draft of the province (at the stress scale, ~9,000 drafts for its 14)."""
    from django.db import connection

    from doingoai.core.registry import registry

    if connection.vendor != "sqlite":
        pytest.skip("the plan is asserted on SQLite; PostgreSQL picks by its statistics")
    user = role_user(R.AGENCY)
    qs = registry.get("delegations.outbounddelegation").visible_to(user).filter(status="draft")
    sql, params = qs.values_list("pk", "title", "planned_departure").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "outbound_agency_status" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.django_db
def test_overdue_reports_are_listed_most_overdue_first(role_user):
    """The kind is cut at the inbox's limit: the ones cut must be the least overdue (the
    list's order, latest departure first, kept the trips just back and cut the oldest)."""
    from django.utils.translation import gettext

    from doingoai.delegations.tasks import delegation_tasks

    today = timezone.localdate()
    for title, departed, overdue_days in (("Về trước", 100, 60), ("Về sau", 20, 5)):
        done = trip(
            people=[PersonFactory()],
            status="returned",
            departure=today - timedelta(days=departed),
            title=title,
        )
        done.report_due = today - timedelta(days=overdue_days)
        done.save()
    overdue = [
        t.title
        for t in delegation_tasks(role_user(R.SPECIALIST))
        if str(t.kind) == gettext("Post-trip report overdue")
    ]
    assert overdue == ["Về trước", "Về sau"]


@pytest.mark.django_db
def test_the_calendars_trips_are_read_unordered(role_user):
    """The calendar sorts its items itself; the list's order (latest departure first) drew
    SQLite's planner to walk every trip in that order instead of the dates' indexes (a
    month's calendar at the stress scale: 433 ms, 130 without the order)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.delegations.tasks import delegation_agenda

    today = timezone.localdate()
    trip(people=[PersonFactory()], status="approved", departure=today + timedelta(days=3))
    InboundFactory(status="permitted")
    with CaptureQueriesContext(connection) as queries:
        items = delegation_agenda(role_user(R.SPECIALIST), today, today + timedelta(days=30))
    assert items
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if "_outbounddelegation" in q["sql"] or "_inbounddelegation" in q["sql"]
    ]
    assert reads and not [sql for sql in reads if "ORDER BY" in sql]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["year=9999&month=12", "year=1&month=1", "year=0&month=5", "year=2026&month=13", "year=x"],
)
def test_a_month_out_of_the_calendars_range_shows_this_month(client_as, query):  # noqa: ANN001
    """A hand-typed or bookmarked address with a month the calendar cannot draw (or whose
    previous or next month does not exist: 01/0001, 12/9999) shows this month and says so,
    instead of an error page."""
    today = timezone.localdate()
    response = client_as(R.READONLY).get(f"/delegations/calendar/?{query}")
    assert response.status_code == 200
    assert response.context["first"] == today.replace(day=1)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Tháng không hợp lệ; lịch hiển thị tháng này."]


@pytest.mark.django_db
def test_a_busy_days_cell_shows_a_few_trips_and_the_rest_on_demand(client_as):
    """A day with many trips and visits shows the first few in its cell and “+N khác” for
    the rest (a native <details>, opened by a click), as calendars do; the month's list
    below still lists every one."""
    from doingoai.delegations.views import CALENDAR_DAY_ITEMS

    day = timezone.localdate().replace(day=15)
    many = CALENDAR_DAY_ITEMS + 3
    for n in range(many):
        trip(
            people=[PersonFactory()], status="decided", departure=day, days=0, title=f"Đoàn {n:02d}"
        )
    response = client_as(R.READONLY).get("/delegations/calendar/")
    cell = next(d for week in response.context["weeks"] for d in week if d["date"] == day)
    assert len(cell["events"]) == CALENDAR_DAY_ITEMS
    assert len(cell["more"]) == 3
    html = response.content.decode()
    assert "<summary" in html and "+3 khác" in html
    for n in range(many):  # every trip still reachable from the cell and in the month's list
        assert html.count(f"Đoàn {n:02d}") >= 2
    assert len([i for i in response.context["month_items"] if i.css == "outbound"]) == many
    # the next day, what begins there comes before the days-long trips that go on (not on
    # a Monday, where every trip of the week is written out)
    if (day + timedelta(days=1)).weekday() == 0:
        day -= timedelta(days=1)
    trip(people=[PersonFactory()], status="decided", departure=day, days=3, title="Đoàn dài 1")
    trip(people=[PersonFactory()], status="decided", departure=day, days=3, title="Đoàn dài 2")
    trip(people=[PersonFactory()], status="decided", departure=day, days=3, title="Đoàn dài 3")
    trip(people=[PersonFactory()], status="decided", departure=day, days=3, title="Đoàn dài 4")
    later = day + timedelta(days=1)
    trip(people=[PersonFactory()], status="decided", departure=later, days=0, title="Đoàn mới")
    response = client_as(R.READONLY, username="ro2").get("/delegations/calendar/")
    cell = next(d for week in response.context["weeks"] for d in week if d["date"] == later)
    first = cell["events"][0]
    assert first["item"].title == "Đoàn mới" and first["label"]
