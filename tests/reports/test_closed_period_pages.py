"""Closed periods through the pages: a specialist cannot delete a record of a closed period, a
leader must give a reason, and the change is flagged on the issued report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from doingoai.core import roles as R
from doingoai.delegations.models import OutboundDelegation
from doingoai.reports import services
from doingoai.reports.models import ClosedPeriod, ClosedPeriodChange
from doingoai.reports.periods import make_period
from tests.delegations.factories import trip
from tests.factories import PersonFactory


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_closing_and_deleting_in_a_closed_period(role_user):
    record = trip(people=[PersonFactory()], departure=date(2025, 2, 10), status="decided")
    leader = _client(role_user(R.LEADER))
    issued = services.report_issue(
        report_period=make_period("month", 2025, 2),
        number="5/BC-SNgV",
        issued_on=date(2025, 3, 3),
        next_tasks="",
        user=role_user(R.SPECIALIST),
    )
    specialist = _client(role_user(R.SPECIALIST, username="cv-khoa-so"))
    specialist.post(f"/reports/issued/{issued.pk}/close/", {"confirm": "1"})
    assert not ClosedPeriod.objects.exists()  # only a leader closes
    leader.post(f"/reports/issued/{issued.pk}/close/", {"confirm": "1"})
    closure = ClosedPeriod.objects.get()
    assert (closure.start, closure.end, closure.report) == (
        date(2025, 2, 1),
        date(2025, 2, 28),
        issued,
    )
    page = leader.get(issued.get_absolute_url()).content.decode()
    assert 'id="close-period"' not in page and "khóa sổ" in page

    delete = f"/delegations/outbound/{record.pk}/delete/"
    refused = specialist.post(
        delete, {"reason": "Nhập trùng", "version": record.version}, follow=True
    ).content.decode()
    assert "chỉ lãnh đạo mới được sửa" in refused
    admin = _client(role_user(R.ADMIN))  # leaders do not delete delegations; admins do
    no_reason = admin.post(
        delete, {"reason": "", "version": record.version}, follow=True
    ).content.decode()
    assert OutboundDelegation.objects.filter(pk=record.pk).exists()
    assert "hãy ghi lý do sửa" in no_reason
    admin.post(delete, {"reason": "Nhập trùng với hồ sơ khác", "version": record.version})
    assert not OutboundDelegation.objects.filter(pk=record.pk).exists()
    flag = ClosedPeriodChange.objects.get()
    assert (flag.report, flag.reason) == (issued, "Nhập trùng với hồ sơ khác")
    page = leader.get(issued.get_absolute_url()).content.decode()
    assert "Nhập trùng với hồ sơ khác" in page
    _report, differences, changes = services.report_compare(issued)
    assert [(d.path, d.issued, d.now) for d in differences][:1] == [("outbound.delegations", 1, 0)]
    assert any(c["change"] for c in changes)


@pytest.mark.django_db
def test_a_record_added_late_to_a_closed_period(role_user):
    from doingoai.core import services as core_services
    from doingoai.core.registry import registry
    from tests.delegations.factories import OutboundFactory
    from tests.factories import OrganisationFactory

    leader, specialist = role_user(R.LEADER), role_user(R.SPECIALIST)
    issued = services.report_issue(
        report_period=make_period("month", 2025, 2),
        number="6/BC-SNgV",
        issued_on=date(2025, 3, 3),
        next_tasks="",
        user=specialist,
    )
    services.period_close(issued=issued, user=leader)
    rt = registry.get("delegations.outbounddelegation")

    def late(day: date) -> OutboundDelegation:
        return OutboundFactory.build(
            agency=OrganisationFactory(), planned_departure=day, planned_return=day
        )

    with pytest.raises(PermissionDenied):
        core_services.record_save(rt=rt, obj=late(date(2025, 2, 20)), user=specialist)
    admin = role_user(R.ADMIN)  # leaders do not add delegations (no "add"); admins do
    with pytest.raises(ValidationError):
        core_services.record_save(rt=rt, obj=late(date(2025, 2, 20)), user=admin)
    assert not OutboundDelegation.objects.exists()  # refused creations leave nothing behind
    core_services.record_save(rt=rt, obj=late(date(2025, 3, 1)), user=specialist)  # open period
    added = core_services.record_save(
        rt=rt, obj=late(date(2025, 2, 20)), user=admin, reason="Bổ sung đoàn nhập thiếu"
    )
    flag = ClosedPeriodChange.objects.get()
    assert (flag.report, flag.object_id, flag.reason) == (
        issued,
        str(added.pk),
        "Bổ sung đoàn nhập thiếu",
    )
