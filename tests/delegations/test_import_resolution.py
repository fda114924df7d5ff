"""Issue 10 items 5, 7 and 9 for the delegations: imports keep the state the user imported,
reference cells accept what the app prints, numbers and currencies as users type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import LegalDocument
from doingoai.core.registry import registry
from doingoai.delegations.models import Amendment, OutboundDelegation
from tests.delegations.factories import trip
from tests.factories import OrganisationFactory, PersonFactory
from tests.factories import xlsx_bytes as _xlsx

OUT = registry.get("delegations.outbounddelegation")
MEMBERS = registry.get("delegations.outboundmember")


def _problems(plan) -> list[str]:  # noqa: ANN001
    return [f"{p.row} {p.column}: {p.message}" for p in plan.errors]


@pytest.mark.django_db
def test_decided_trips_then_their_members_keep_the_imported_state(role_user):
    """The guide's order: trips first (decided, with their decision), then members."""
    user = role_user(R.SPECIALIST)
    agency = OrganisationFactory(name="Sở Nông nghiệp Nhập")
    LegalDocument.objects.create(
        number="77/QĐ-UBND", kind="QĐ", issued_date=date(2024, 2, 1), issuer="UBND tỉnh"
    )
    trips = _xlsx(
        [
            "Đoàn",
            "Cơ quan đề nghị",
            "Mục đích",
            "Nước đến",
            "Ngày đi dự kiến",
            "Ngày về dự kiến",
            "Quyết định cử/cho phép",
            "Trạng thái",
        ],
        [
            [
                "Đoàn nông nghiệp 2024",
                agency.name,
                "study visit",
                "Nhật Bản",
                "10/03/2024",
                "15/03/2024",
                "77/QĐ-UBND",
                "decided",
            ]
        ],
    )
    result, plan = record_io.commit_import(OUT, trips, user)
    assert result.created == 1, _problems(plan)
    a, b = PersonFactory(full_name="Lê Văn Nhập"), PersonFactory(full_name="Lê Thị Nhập")
    members = _xlsx(
        ["Đoàn", "Cá nhân", "Trưởng đoàn"],
        [["Đoàn nông nghiệp 2024", a.full_name, "Có"], ["Đoàn nông nghiệp 2024", b.full_name, ""]],
    )
    result, plan = record_io.commit_import(MEMBERS, members, user)
    assert result.created == 2, _problems(plan)
    obj = OutboundDelegation.objects.get(title="Đoàn nông nghiệp 2024")
    assert obj.status == "decided"
    assert not Amendment.objects.filter(delegation=obj).exists()


@pytest.mark.django_db
def test_a_member_added_to_a_decided_trip_of_a_past_year_by_import_is_no_amendment(role_user):
    user = role_user(R.ADMIN)
    first, late = PersonFactory(), PersonFactory(full_name="Trần Văn Bổ Sung")
    old = trip(people=[first], status="decided", departure=date(2023, 5, 1), title="Đoàn 2023")
    result, plan = record_io.commit_import(
        MEMBERS, _xlsx(["Đoàn", "Cá nhân"], [["Đoàn 2023", late.full_name]]), user
    )
    assert result.created == 1, _problems(plan)
    old.refresh_from_db()
    assert old.status == "decided" and not old.amendments.exists()


@pytest.mark.django_db
def test_reference_cells_accept_the_id_and_the_display_text(role_user):
    user = role_user(R.ADMIN)
    one = PersonFactory(full_name="Nguyễn Đức Trung", position="Chủ tịch UBND tỉnh")
    two = PersonFactory(full_name="Nguyễn Đức Trung", position="Giám đốc Sở Tài chính")
    trip(status="draft", departure=date(2031, 1, 10), title="Đoàn A")
    trip(status="draft", departure=date(2031, 3, 10), title="Đoàn B")
    headers = ["Đoàn", "Cá nhân"]
    plan = record_io.plan_import(MEMBERS, _xlsx(headers, [["Đoàn A", "Nguyễn Đức Trung"]]), user)
    message = " ".join(p.message for p in plan.errors)
    assert str(one.pk) in message and str(two.pk) in message
    assert "Nguyễn Đức Trung (Chủ tịch UBND tỉnh)" in message  # how to tell them apart
    rows = [["Đoàn A", str(two.pk)], ["Đoàn B", "Nguyễn Đức Trung (Chủ tịch UBND tỉnh)"]]
    plan = record_io.plan_import(MEMBERS, _xlsx(headers, rows), user)
    assert not plan.errors, _problems(plan)
    assert [r.obj.person for r in plan.rows] == [two, one]
    # a document number that recurs across years, told apart by its date as the app shows it
    for year in (2019, 2020):
        LegalDocument.objects.create(
            number="150/QĐ-UBND", kind="QĐ", issued_date=date(year, 12, 29), issuer="UBND tỉnh"
        )
    cells = ["Đoàn C", "Sở Ngoại vụ", "study visit", "Lào", "10/01/2020", "12/01/2020"]
    headers = [
        "Đoàn",
        "Cơ quan đề nghị",
        "Mục đích",
        "Nước đến",
        "Ngày đi dự kiến",
        "Ngày về dự kiến",
        "Quyết định cử/cho phép",
    ]
    OrganisationFactory(name="Sở Ngoại vụ")
    plan = record_io.plan_import(OUT, _xlsx(headers, [[*cells, "150/QĐ-UBND"]]), user)
    assert "150/QĐ-UBND ngày 29/12/2019" in " ".join(p.message for p in plan.errors)
    plan = record_io.plan_import(
        OUT, _xlsx(headers, [[*cells, "150/QĐ-UBND ngày 29/12/2019"]]), user
    )
    assert not plan.errors, _problems(plan)
    assert plan.rows[0].obj.decision.issued_date == date(2019, 12, 29)


@pytest.mark.django_db
def test_numbers_as_the_app_prints_them_and_currencies_from_the_list(role_user, client_as):
    user = role_user(R.ADMIN)
    agency = OrganisationFactory(name="Sở Tài chính Nhập")
    headers = [
        "Đoàn",
        "Cơ quan đề nghị",
        "Mục đích",
        "Nước đến",
        "Ngày đi dự kiến",
        "Ngày về dự kiến",
        "Dự toán kinh phí",
        "Đơn vị tiền tệ",
    ]
    base = [agency.name, "study visit", "Lào", "10/01/2031", "12/01/2031"]
    rows = [
        ["Đoàn số 1", *base, "1.234.567", "VND"],
        ["Đoàn số 2", *base, "100.000.000,50", "vnd"],
        ["Đoàn số 3", *base, "-5.000", "VND"],
        ["Đoàn số 4", *base, "1.000", "ABC"],
    ]
    plan = record_io.plan_import(OUT, _xlsx(headers, rows), user)
    by_row = {p.row: p for p in plan.errors}
    assert set(by_row) == {4, 5}, _problems(plan)
    assert plan.rows[0].obj.estimated_cost == Decimal("1234567")
    assert plan.rows[1].obj.estimated_cost == Decimal("100000000.50")
    assert plan.rows[1].obj.currency == "VND"
    # the form reads the same formats
    client = client_as(R.SPECIALIST)
    data = {
        "title": "Đoàn nhập số từ biểu mẫu",
        "agency": agency.pk,
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR"],
        "funding_source": "state_budget",
        "estimated_cost": "100.000.000,50",
        "currency": "USD",
        "planned_departure": "10/02/2031",
        "planned_return": "12/02/2031",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    response = client.post(OUT.url("add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = OutboundDelegation.objects.get(title="Đoàn nhập số từ biểu mẫu")
    assert made.estimated_cost == Decimal("100000000.50")
    page = client.get(OUT.url("edit", made.pk)).content.decode()
    assert "100.000.000,50" in page
    for cost, currency in (("-1", "USD"), ("1000", "XYZ")):
        data.update({"title": f"Đoàn sai {cost}", "estimated_cost": cost, "currency": currency})
        assert client.post(OUT.url("add"), data).status_code == 400


@pytest.mark.django_db
def test_the_api_reads_numbers_as_printed_and_refuses_bad_money(client_as):
    agency = OrganisationFactory()
    client = client_as(R.SPECIALIST)
    payload = {
        "title": "Đoàn nhập số qua API",
        "agency": agency.pk,
        "purpose": "study",
        "destinations": ["JP"],
        "planned_departure": "2031-05-01",
        "planned_return": "2031-05-05",
        "estimated_cost": "100.000.000,50",
        "currency": "USD",
    }
    created = client.post("/api/v1/delegations/outbound/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    made = OutboundDelegation.objects.get(title="Đoàn nhập số qua API")
    assert made.estimated_cost == Decimal("100000000.50")
    for cost, currency in (("-1", "USD"), ("1000", "XYZ")):
        payload.update(
            {"title": f"Đoàn API sai {cost}", "estimated_cost": cost, "currency": currency}
        )
        refused = client.post(
            "/api/v1/delegations/outbound/", payload, content_type="application/json"
        )
        assert refused.status_code == 400, refused.content


@pytest.mark.django_db
def test_an_export_of_trips_with_recurring_decision_numbers_imports_back(role_user):
    user = role_user(R.ADMIN)
    for year in (2019, 2020):
        document = LegalDocument.objects.create(
            number="150/QĐ-UBND", kind="QĐ", issued_date=date(year, 12, 29), issuer="UBND tỉnh"
        )
        obj = trip(status="decided", departure=date(year + 1, 1, 10))
        OutboundDelegation.objects.filter(pk=obj.pk).update(decision=document)
    data = record_io.export_xlsx(OUT, OUT.visible_to(user))
    plan = record_io.plan_import(OUT, data, user)
    assert not plan.errors, _problems(plan)
    assert {r.action for r in plan.rows} == {"unchanged"}
