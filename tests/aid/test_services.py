"""Conversion, workflow, inbox, API and stress data of the aid module."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doingoai.aid.conversion import RateTable
from doingoai.aid.models import AidItem, Disbursement, ProgressReport
from doingoai.aid.tasks import add_months, aid_tasks, report_due
from doingoai.core import roles as R
from doingoai.core.models import ExchangeRate
from doingoai.core.money import NoRate, convert
from tests.aid.factories import AidItemFactory, DonorFactory

pytestmark = pytest.mark.django_db


def test_the_rate_table_converts_as_core_does():
    ExchangeRate.objects.create(
        currency="EUR", date=date(2025, 1, 1), usd=Decimal("1.0537"), vnd=Decimal("27123.45")
    )
    ExchangeRate.objects.create(
        currency="EUR", date=date(2025, 7, 1), usd=Decimal("1.1"), vnd=Decimal("30000")
    )
    ExchangeRate.objects.create(currency="USD", date=date(2025, 1, 1), usd=1, vnd=Decimal("25345"))
    table = RateTable({"EUR", "USD", "VND"})
    cases = [
        ("1234.57", "EUR", date(2025, 3, 1)),
        ("1234.57", "EUR", date(2025, 7, 1)),
        ("0.33", "EUR", date(2025, 12, 31)),
        ("1000000", "VND", date(2025, 5, 5)),
        ("99.99", "USD", date(2025, 5, 5)),
    ]
    for amount, currency, day in cases:
        for to in ("USD", "VND"):
            assert (
                table.convert(Decimal(amount), currency, to, day)
                == convert(amount, currency, to, on=day).amount
            ), (amount, currency, to, day)
    with pytest.raises(NoRate):
        table.convert(Decimal(1), "EUR", "USD", date(2024, 12, 31))
    assert table.convert_or_none(Decimal(1), "JPY", "USD", date(2025, 1, 1)) is None


def test_add_months():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 1, 15), -6) == date(2024, 7, 15)


def test_the_inbox_lists_reports_due_items_ending_and_lapsing_approvals(role_user):
    today = timezone.localdate()
    late = AidItemFactory(
        title="Chậm báo cáo",
        status="implementing",
        start=today - timedelta(days=400),
        end=today + timedelta(days=400),
    )
    late.implemented_on = late.start
    late.save()
    reported = AidItemFactory(
        title="Đã báo cáo",
        status="implementing",
        start=today - timedelta(days=400),
        end=today + timedelta(days=400),
    )
    ProgressReport.objects.create(
        item=reported, period_end=today - timedelta(days=30), submitted_on=today
    )
    AidItemFactory(
        title="Sắp kết thúc",
        status="implementing",
        start=today - timedelta(days=10),
        end=today + timedelta(days=20),
    )
    AidItemFactory(
        title="Phê duyệt sắp hết hiệu lực",
        status="approved",
        approved_on=add_months(today, -6) + timedelta(days=10),
        start=None,
        end=None,
    )
    AidItemFactory(
        title="Phê duyệt còn lâu",
        status="approved",
        approved_on=today - timedelta(days=30),
        start=None,
        end=None,
    )
    tasks = aid_tasks(role_user(R.SPECIALIST))
    titles = {(str(t.kind), t.title, t.overdue) for t in tasks}
    assert ("Báo cáo tiến độ viện trợ đến hạn", "Chậm báo cáo", True) in titles
    assert not any(t.title == "Đã báo cáo" for t in tasks)
    assert ("Khoản viện trợ sắp kết thúc", "Sắp kết thúc", False) in titles
    lapsing = [t for t in tasks if t.title == "Phê duyệt sắp hết hiệu lực"]
    assert len(lapsing) == 1 and not lapsing[0].overdue
    assert not any(t.title == "Phê duyệt còn lâu" for t in tasks)
    assert aid_tasks(role_user(R.READONLY)) == []


def test_workflow_moves_through_the_api(client, role_user):
    donor = DonorFactory()
    item = AidItemFactory(status="proposed", approved_on=None, donors=[donor])
    client.force_login(role_user(R.SPECIALIST))
    url = f"/api/v1/aid/items/{item.pk}/transitions/approve/"
    refused = client.post(
        url, {"comment": "", "version": item.version}, content_type="application/json"
    )
    assert refused.status_code in (400, 409, 422)
    item.refresh_from_db()
    assert item.status == "proposed"
    done = client.post(
        url,
        {"comment": "", "version": item.version, "values": {"approved_on": "2025-03-01"}},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    item.refresh_from_db()
    assert (item.status, item.approved_on) == ("approved", date(2025, 3, 1))
    done = client.post(
        f"/api/v1/aid/items/{item.pk}/transitions/implement/",
        {"comment": "", "version": item.version, "values": {"implemented_on": "2025-04-01"}},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    item.refresh_from_db()
    assert item.status == "implementing" and item.implemented_on == date(2025, 4, 1)


def test_the_stress_generator_writes_in_bulk(django_assert_max_num_queries):
    from doingoai.aid.stress import generate
    from tests.factories import AdministrativeUnitFactory, OrganisationFactory

    OrganisationFactory()
    AdministrativeUnitFactory()
    with django_assert_max_num_queries(40):
        counts = generate(random.Random(1), 0.01)
    assert counts["aid.aiditem"] == 200 == AidItem.objects.count()
    assert counts["aid.disbursement"] == 600 == Disbursement.objects.count()
    assert AidItem.objects.filter(search_text="").count() == 0


def test_donors_and_items_link_to_partners_and_agreements(role_user):
    from doingoai.core.links import link_add, links_of
    from tests.partners.factories import AgreementFactory, PartnerFactory

    partner = PartnerFactory(name="tỉnh Gifu", country_id="JP")
    agreement = AgreementFactory(title="Bản ghi nhớ hợp tác y tế", foreign_parties=[partner])
    donor = DonorFactory(country_id="JP")
    item = AidItemFactory(donors=[donor])
    link_add(source=donor, target=partner, kind="with_partner", user=None)
    link_add(source=item, target=agreement, kind="under_agreement", user=None)
    user = role_user(R.SPECIALIST)
    assert len(links_of(partner, user)) == 1
    assert len(links_of(item, user)) == 1


def test_the_agenda_shows_starts_and_ends(role_user):
    from doingoai.aid.tasks import aid_agenda

    AidItemFactory(
        title="Bắt đầu tháng 5", status="approved", start=date(2026, 5, 4), end=date(2027, 5, 4)
    )
    AidItemFactory(title="Đã hủy", status="cancelled", start=date(2026, 5, 5))
    entries = aid_agenda(role_user(R.SPECIALIST), date(2026, 5, 1), date(2026, 5, 31))
    assert [(e.start, e.title) for e in entries] == [(date(2026, 5, 4), "Bắt đầu tháng 5")]


@pytest.mark.parametrize("today", [date(2026, 2, 13), date(2026, 2, 14), date(2027, 2, 12)])
def test_progress_reports_due_at_month_ends_are_all_listed(role_user, today):  # noqa: ANN001
    """Only the items that may fall due are read (a bound on their start in SQL); the
    items started on the last days of a month, whose report the month's end clamps (29, 30
    and 31 August + 6 months are all 28 February), are not lost at the bound."""
    from unittest import mock

    from doingoai.core.rules import rule_value

    months = rule_value("aid.progress_report_months")
    grace = rule_value("aid.progress_report_grace_days")
    items = {}
    for offset in range(-45, 45):
        start = add_months(today, -months) + timedelta(days=offset)
        item = AidItemFactory(
            title=f"Bắt đầu {start.isoformat()}", status="implementing", start=start, end=None
        )
        items[item.title] = report_due(start, months, grace)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        listed = {t.title for t in aid_tasks(role_user(R.SPECIALIST)) if t.due in items.values()}
    expected = {title for title, due in items.items() if due <= today + timedelta(days=15)}
    assert listed == expected and expected


def test_reports_due_read_only_the_first_by_their_start_of_reporting(role_user, monkeypatch):  # noqa: ANN001
    """The inbox reads the items overdue first by the day their reporting runs from (not all
    6,656 overdue at the stress scale, each computed for 50 shown), and the ties a month's end
    makes: an item implemented on 31 August falls due with one implemented on 29 August, and
    the earlier start comes first whichever day comes first."""
    from unittest import mock

    from doingoai.aid import tasks as aid_task_module
    from doingoai.core.rules import rule_value

    months = rule_value("aid.progress_report_months")
    today = add_months(date(2026, 8, 29), months) + timedelta(days=40)
    AidItemFactory(title="Thực hiện 29/8", status="implementing", start=date(2026, 8, 29), end=None)
    AidItemFactory(
        title="Thực hiện 31/8, bắt đầu sớm hơn",
        status="implementing",
        start=date(2026, 1, 5),
        implemented_on=date(2026, 8, 31),
        end=None,
    )
    AidItemFactory(title="Thực hiện 9/9", status="implementing", start=date(2026, 9, 9), end=None)
    monkeypatch.setattr(aid_task_module, "LIMIT", 1)
    user = role_user(R.SPECIALIST)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=today),
        CaptureQueriesContext(connection) as queries,
    ):
        shown = [t.title for t in aid_tasks(user) if "Thực hiện" in t.title]
    assert shown == ["Thực hiện 31/8, bắt đầu sớm hơn"]
    first = [q["sql"] for q in queries.captured_queries if "COALESCE" in q["sql"].upper()]
    assert first and first[0].rstrip().endswith("LIMIT 1"), first


def test_reports_due_read_the_last_periods_once_not_per_item(role_user):  # noqa: ANN001
    """The day an item's reporting runs from (its last reported period, else the start of
    implementation) is read by one grouping of the reports, never a lookup per item (it ran
    twice per item, for the bound and the order, and again for a month end's ties: 135 ms on
    PostgreSQL at the stress scale); items that reported and items that did not are merged
    in the order shown, the ties of a clamped month end included."""
    from unittest import mock

    from doingoai.core.rules import rule_value

    months = rule_value("aid.progress_report_months")
    today = add_months(date(2026, 8, 29), months) + timedelta(days=40)
    AidItemFactory(title="Thực hiện 30/8", status="implementing", start=date(2026, 8, 30), end=None)
    early = AidItemFactory(
        title="Báo cáo kỳ 31/8", status="implementing", start=date(2025, 1, 5), end=None
    )
    ProgressReport.objects.create(item=early, period_end=date(2026, 2, 28), submitted_on=today)
    ProgressReport.objects.create(item=early, period_end=date(2026, 8, 31), submitted_on=today)
    late = AidItemFactory(
        title="Báo cáo kỳ 1/9", status="implementing", start=date(2025, 1, 5), end=None
    )
    ProgressReport.objects.create(item=late, period_end=date(2026, 9, 1), submitted_on=today)
    user = role_user(R.SPECIALIST)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=today),
        CaptureQueriesContext(connection) as queries,
    ):
        tasks = [t for t in aid_tasks(user) if "Thực hiện" in t.title or "Báo cáo kỳ" in t.title]
    assert [t.title for t in tasks] == ["Báo cáo kỳ 31/8", "Thực hiện 30/8", "Báo cáo kỳ 1/9"]
    assert tasks[0].due == tasks[1].due < tasks[2].due  # 31/8 and 30/8 clamp alike
    correlated = [
        q["sql"] for q in queries.captured_queries if '= ("aid_aiditem"."id")' in q["sql"]
    ]
    assert not correlated, correlated
