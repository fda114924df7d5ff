"""The stored effective dates (actual, else planned) of outbound delegations: kept by every
write, and what reports, filters and checks select a period by, through an index."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from doingoai.core.sections import Period
from doingoai.delegations.models import OutboundDelegation
from doingoai.delegations.reports import members_in, outbound_in
from tests.delegations.factories import MemberFactory, OutboundFactory

pytestmark = pytest.mark.django_db


def test_save_keeps_the_effective_dates() -> None:
    trip = OutboundFactory(planned_departure=date(2025, 3, 1), planned_return=date(2025, 3, 5))
    trip.refresh_from_db()
    assert (trip.effective_departure, trip.effective_return) == (date(2025, 3, 1), date(2025, 3, 5))
    trip.actual_departure, trip.actual_return = date(2025, 3, 2), date(2025, 3, 7)
    trip.save(update_fields=["actual_departure", "actual_return"])
    trip.refresh_from_db()
    assert (trip.effective_departure, trip.effective_return) == (date(2025, 3, 2), date(2025, 3, 7))
    assert trip.history.first().effective_departure == date(2025, 3, 2)


def test_bulk_writes_fill_them_through_the_search_text() -> None:
    trip = OutboundDelegation(planned_departure=date(2024, 5, 1), planned_return=date(2024, 5, 3))
    trip.build_search_text()
    assert trip.effective_departure == date(2024, 5, 1)


def test_reports_count_by_the_effective_departure() -> None:
    # planned in December, actually left in January: counted in January's year
    moved = OutboundFactory(
        planned_departure=date(2024, 12, 30), planned_return=date(2025, 1, 5), status="decided"
    )
    OutboundDelegation.objects.filter(pk=moved.pk).update(effective_departure=date(2025, 1, 2))
    MemberFactory(delegation=moved)
    year_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
    year_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
    assert list(outbound_in(year_2025)) == [moved]
    assert not outbound_in(year_2024).exists()
    assert members_in(year_2025).count() == 1


def test_the_period_query_uses_the_effective_date_index() -> None:
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    # as the report's aggregates ask it: no ordering
    sql, params = outbound_in(period).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
    if connection.vendor == "sqlite":
        assert "outbound_status_eff" in plan or "outbound_eff_dep" in plan, plan
    else:
        # on an empty table PostgreSQL may take any index that holds the column (seen: a
        # composite whose second column it is): what matters is that the period's bounds are
        # an index condition, not a filter over a scan of the table
        assert "Seq Scan" not in plan, plan
        condition = plan.split("Index Cond:", 1)[1] if "Index Cond:" in plan else ""
        assert "effective_departure >=" in condition, plan


def test_the_unfiltered_members_list_does_not_join_the_delegations(client_as) -> None:  # noqa: ANN001
    from django.test.utils import CaptureQueriesContext

    from doingoai.core import roles as R
    from doingoai.core.registry import registry

    MemberFactory()
    client = client_as(R.SPECIALIST)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(registry.get("delegations.outboundmember").url("list")).status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("outbounddelegation" not in sql for sql in counts), counts


@pytest.mark.django_db
def test_the_dashboard_asks_the_agenda_for_the_earliest_items_only(role_user):
    """The dashboard's "next 30 days" shows 15 items: the trips provider gives its earliest
    15 (their keys, then those rows), the first 15 of the full agenda."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from doingoai.core import roles as R
    from doingoai.core.agenda import agenda
    from doingoai.reports.dashboard import UPCOMING_SHOWN, dashboard
    from tests.delegations.factories import OutboundFactory

    today = timezone.localdate()
    for day in range(25, -1, -1):  # created latest first: the order is not the insertion's
        OutboundFactory(planned_departure=today + timedelta(days=day), status="submitted")
    user = role_user(R.SPECIALIST)
    end = today + timedelta(days=30)
    everything = [(i.start, i.title) for i in agenda(user, today, end)]
    earliest = [(i.start, i.title) for i in agenda(user, today, end, limit=UPCOMING_SHOWN)]
    assert len(everything) >= 26 and earliest == everything[:UPCOMING_SHOWN]
    with CaptureQueriesContext(connection) as queries:
        upcoming = dashboard(user, today)["upcoming"]
    assert [(i.start, i.title) for i in upcoming] == everything[:UPCOMING_SHOWN]
    # the trips' whole rows are read for the 15 shown only (their keys first)
    rows = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and '"delegations_outbounddelegation"."title"' in q["sql"]
        and "effective_return" in q["sql"].split("WHERE")[-1]
    ]
    assert rows and all('"delegations_outbounddelegation"."id" IN (' in sql for sql in rows)


@pytest.mark.django_db
def test_overlaps_and_earliest_answer_what_the_plain_conditions_answer():
    """``core.agenda.overlaps`` is ``first <= end AND last >= start`` written for the
    indexes; ``earliest`` is ``ORDER BY first, id LIMIT n``."""
    from datetime import timedelta

    from doingoai.core.agenda import earliest, overlaps
    from doingoai.delegations.models import OutboundDelegation
    from tests.delegations.factories import OutboundFactory

    base = date(2026, 3, 1)
    for offset, days in ((-20, 3), (-10, 15), (-1, 1), (0, 0), (5, 40), (29, 2), (31, 1), (3, 3)):
        OutboundFactory(
            planned_departure=base + timedelta(days=offset),
            planned_return=base + timedelta(days=offset + days),
        )
    qs = OutboundDelegation.objects.all()
    for start, end in (
        (base, base + timedelta(days=30)),
        (base, base),
        (base - timedelta(1), base),
    ):
        plain = qs.filter(planned_departure__lte=end, planned_return__gte=start)
        ours = qs.filter(overlaps("planned_departure", "planned_return", start, end))
        assert set(ours) == set(plain), (start, end)
        for n in (1, 3, 10):
            expected = list(plain.order_by("planned_departure", "pk")[:n])
            assert list(earliest(ours, "planned_departure", n)) == expected
