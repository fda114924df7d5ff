"""Comparing an issued report with a recount: the records changed since the issue are listed
even when they moved out of the period, and each changed figure links to them."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry
from doingoai.delegations.models import OutboundDelegation
from doingoai.reports import services
from doingoai.reports.periods import make_period
from tests.delegations.factories import trip
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_a_record_moved_out_of_the_period_is_listed(role_user, client_as):
    specialist = role_user(R.SPECIALIST)
    moved = trip(people=[PersonFactory()], departure=date(2025, 2, 10), title="Đoàn dời lịch")
    trip(people=[PersonFactory()], departure=date(2025, 2, 20), title="Đoàn giữ nguyên")
    issued = services.report_issue(
        report_period=make_period("month", 2025, 2),
        number="8/BC-SNgV",
        issued_on=date(2025, 3, 2),
        next_tasks="",
        user=specialist,
    )
    _report, differences, changes = services.report_compare(issued)
    assert (differences, changes) == ([], [])

    record = OutboundDelegation.objects.get(pk=moved.pk)
    record.planned_departure, record.planned_return = date(2025, 3, 5), date(2025, 3, 9)
    rt = registry.get("delegations.outbounddelegation")
    core_services.record_save(rt=rt, obj=record, user=specialist, reason="Đối tác dời lịch")
    _report, differences, changes = services.report_compare(issued)
    assert [c["title"] for c in changes] == ["Đoàn dời lịch"]
    assert (changes[0]["section"], changes[0]["change"], changes[0]["reason"]) == (
        "delegations",
        "sửa",
        "Đối tác dời lịch",
    )
    assert changes[0]["user"] == specialist  # outside a request: the record's updated_by
    total = next(d for d in differences if d.path == "outbound.delegations")
    assert (total.issued, total.now, total.changed_records) == (2, 1, 1)

    html = client_as(R.READONLY).get(f"/reports/issued/{issued.pk}/compare/").content.decode()
    assert 'class="changed-link" href="#changes-delegations">1</a>' in html
    assert 'id="changes-delegations"' in html and "Đoàn dời lịch" in html
    assert "Đoàn giữ nguyên" not in html and "(Đối tác dời lịch)" in html
