"""Issue 10 item 2: a period is closed only once it has ended, after a confirmation naming what
will be frozen, and a leader can reopen it with a reason shown on the issued report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry
from doingoai.reports import services
from doingoai.reports.models import ClosedPeriod
from doingoai.reports.periods import make_period
from tests.delegations.factories import trip
from tests.factories import PersonFactory


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def _issue(role_user, period, number):  # noqa: ANN001, ANN202
    return services.report_issue(
        report_period=period,
        number=number,
        issued_on=timezone.localdate(),
        next_tasks="",
        user=role_user(R.SPECIALIST),
    )


@pytest.mark.django_db
def test_a_period_that_has_not_ended_cannot_be_closed(role_user):
    today = timezone.localdate()
    issued = _issue(role_user, make_period("year", today.year), "90/BC-SNgV")
    leader = role_user(R.LEADER)
    with pytest.raises(ValidationError) as error:
        services.period_close(issued=issued, user=leader)
    assert f"31/12/{today.year}" in " ".join(error.value.messages)
    assert not ClosedPeriod.objects.exists()
    page = _client(leader).get(issued.get_absolute_url()).content.decode()
    assert 'id="close-period"' not in page and f"31/12/{today.year}" in page


@pytest.mark.django_db
def test_closing_asks_for_confirmation_naming_what_is_frozen(role_user):
    trip(people=[PersonFactory()], departure=date(2025, 2, 10), status="decided")
    trip(people=[PersonFactory()], departure=date(2025, 2, 20), status="reported")
    issued = _issue(role_user, make_period("month", 2025, 2), "91/BC-SNgV")
    leader = _client(role_user(R.LEADER))
    asked = leader.post(f"/reports/issued/{issued.pk}/close/")
    assert asked.status_code == 200 and not ClosedPeriod.objects.exists()
    page = asked.content.decode()
    assert 'id="confirm-close"' in page and "01/02/2025" in page and "28/02/2025" in page
    assert 'data-count="delegations.outbounddelegation">2<' in page
    leader.post(f"/reports/issued/{issued.pk}/close/", {"confirm": "1"})
    assert ClosedPeriod.objects.filter(report=issued).count() == 1


@pytest.mark.django_db
def test_a_leader_reopens_a_closed_period_with_a_reason(role_user):
    record = trip(people=[PersonFactory()], departure=date(2025, 2, 10), status="decided")
    issued = _issue(role_user, make_period("month", 2025, 2), "92/BC-SNgV")
    leader, specialist = role_user(R.LEADER), role_user(R.SPECIALIST)
    services.period_close(issued=issued, user=leader)
    rt = registry.get("delegations.outbounddelegation")
    record.results = "Bổ sung kết quả"
    with pytest.raises(PermissionDenied):
        core_services.record_save(rt=rt, obj=record, user=specialist)
    with pytest.raises(PermissionDenied):
        services.period_reopen(issued=issued, user=specialist, reason="Sửa số liệu")
    with pytest.raises(ValidationError):
        services.period_reopen(issued=issued, user=leader, reason=" ")
    response = _client(leader).post(
        f"/reports/issued/{issued.pk}/reopen/", {"reason": "Bổ sung đoàn nhập thiếu"}
    )
    assert response.status_code == 302
    closure = ClosedPeriod.objects.get()
    assert closure.reopened_by is not None and closure.reopen_reason == "Bổ sung đoàn nhập thiếu"
    record.refresh_from_db()
    record.results = "Bổ sung kết quả"
    core_services.record_save(rt=rt, obj=record, user=specialist)  # open again
    page = _client(leader).get(issued.get_absolute_url()).content.decode()
    assert "Bổ sung đoàn nhập thiếu" in page and 'id="close-period"' in page
    services.period_close(issued=issued, user=leader)  # and it can be closed again
    assert ClosedPeriod.objects.filter(reopened_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_records_created_in_bulk_are_guarded_without_a_query_each(role_user):
    """A bulk import (core.services.record_bulk_create) checks the closures once: no query
    per record, and a record dated in a closed period is still refused to a specialist."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.diaspora.factories import PersonFactory as OverseasFactory

    trip(people=[PersonFactory()], departure=date(2025, 2, 10), status="decided")
    issued = _issue(role_user, make_period("month", 2025, 2), "93/BC-SNgV")
    services.period_close(issued=issued, user=role_user(R.LEADER))
    specialist = role_user(R.SPECIALIST)
    rt = registry.get("diaspora.diasporaperson")

    def batch(n: int, day: date) -> list:
        return [OverseasFactory.build(recorded_on=day) for _ in range(n)]

    core_services.record_bulk_create(rt=rt, objs=batch(1, date(2025, 3, 1)), user=specialist)
    with CaptureQueriesContext(connection) as few:
        core_services.record_bulk_create(rt=rt, objs=batch(3, date(2025, 3, 1)), user=specialist)
    with CaptureQueriesContext(connection) as many:
        core_services.record_bulk_create(rt=rt, objs=batch(60, date(2025, 3, 1)), user=specialist)
    assert len(many.captured_queries) == len(few.captured_queries)
    with pytest.raises(PermissionDenied):
        core_services.record_bulk_create(
            rt=rt, objs=[*batch(2, date(2025, 3, 1)), *batch(1, date(2025, 2, 20))], user=specialist
        )
