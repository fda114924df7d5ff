"""Period reports from the records: JSON, HTML, DOCX and XLSX against hand counts; terms;
issuing, comparing, closing periods; plans and targets; dashboard; explorer; query bounds."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook

from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry
from doingoai.delegations.models import OutboundDelegation
from doingoai.reports import services
from doingoai.reports.assembly import assemble, render_docx, render_xlsx
from doingoai.reports.models import ClosedPeriodChange, Target
from doingoai.reports.periods import make_period
from tests.delegations.factories import build_year_2025, trip
from tests.factories import PersonFactory
from tests.reports.factories import PlanFactory
from tests.reports.test_query_budgets import other_sections_allowance

YEAR = make_period("year", 2025)


@pytest.mark.parametrize(
    "args, label, start, end",
    [
        (("month", 2025, 2), "tháng 2 năm 2025", date(2025, 2, 1), date(2025, 2, 28)),
        (("quarter", 2024, 1), "quý I năm 2024", date(2024, 1, 1), date(2024, 3, 31)),
        (("half", 2025, 2), "6 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 12, 31)),
        (("year", 2025), "năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_periods_and_wording(args, label, start, end):
    period = make_period(*args)
    assert (period.label, period.period.start, period.period.end) == (label, start, end)
    term = make_period("term", 2020, end_year=2025)
    assert term.label == "nhiệm kỳ 2020–2025" and term.years == list(range(2020, 2026))
    with pytest.raises(ValueError):
        make_period("month", 2025, 13)


@pytest.mark.django_db
def test_report_figures_in_json_html_docx_xlsx(client_as, django_assert_max_num_queries):
    build_year_2025()
    with django_assert_max_num_queries(20 + other_sections_allowance()):
        report = assemble(YEAR)
    assert report.value("delegations.outbound.delegations") == 2
    assert report.value("delegations.outbound.person_trips") == 5
    assert report.value("delegations.inbound.foreign_visitors") == 14
    client = client_as(R.LEADER)
    api = client.get("/api/v1/reports/?from=2025-01-01&to=2025-12-31").json()
    assert api["sections"]["delegations"]["outbound"]["delegations"] == 2
    html = client.get("/reports/builder/?kind=year&year=2025").content.decode()
    assert 'data-path="delegations.outbound.delegations"' in html
    assert "2 đoàn/5 lượt" in html and "2 đoàn/14 lượt khách nước ngoài" in html
    doc = Document(
        io.BytesIO(
            render_docx(
                report,
                number="15/BC-SNgV",
                day=date(2026, 1, 8),
                next_tasks="Tổ chức 3 đoàn xúc tiến đầu tư.",
            )
        )
    )
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert "Số: 15/BC-SNgV" in header[0] and "Nghệ An, ngày 08 tháng 01 năm 2026" in header[1]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2 đoàn/5 lượt cán bộ" in text and "2 đoàn/14 lượt khách nước ngoài" in text
    assert "Tổ chức 3 đoàn xúc tiến đầu tư." in text and "năm 2025" in text
    annex = {
        tuple(c.text for c in t.rows[0].cells): [[c.text for c in r.cells] for r in t.rows[1:]]
        for t in doc.tables[2:]
    }
    assert ["Hàn Quốc", "2", "5"] in annex[("Quốc gia", "Số đoàn", "Số lượt người")]
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    values = {row[2]: row[3] for row in wb.active.iter_rows(min_row=3, values_only=True)}
    assert values["delegations.outbound.person_trips"] == 5
    assert values["delegations.inbound.overseas_vietnamese_visitors"] == 2


@pytest.mark.django_db
def test_term_is_the_sum_of_its_years_for_additive_figures():
    people = [PersonFactory() for _ in range(3)]
    for year in range(2021, 2026):
        trip(people=people[: 1 + year % 3], departure=date(year, 5, 1), status="reported")
        trip(people=[people[0]], departure=date(year, 11, 1), status="decided", countries=["JP"])
    term = assemble(make_period("term", 2021, end_year=2025))
    years = [assemble(make_period("year", y)) for y in range(2021, 2026)]
    from doingoai.core.sections import sections

    additive = [f"{s.key}.{i.path}" for s in sections() for i in s.indicators if i.additive]
    assert "delegations.outbound.person_trips" in additive
    for indicator in additive:
        assert term.value(indicator) == sum(y.value(indicator) for y in years), indicator
    kr = next(r for r in term.value("delegations.outbound")["by_country"] if r["key"] == "KR")
    assert kr["delegations"] == 5


@pytest.mark.django_db
def test_issue_compare_and_close(role_user, client_as):
    build_year_2025()
    specialist, leader = role_user(R.SPECIALIST), role_user(R.LEADER)
    issued = services.report_issue(
        report_period=YEAR,
        number="15/BC-SNgV",
        issued_on=date(2026, 1, 8),
        next_tasks="Nhiệm vụ 2026",
        user=specialist,
    )
    assert issued.figures["delegations"]["outbound"]["delegations"] == 2
    from doingoai.core.models import Attachment

    assert Attachment.objects.filter(object_id=str(issued.pk)).count() == 1
    _report, differences, _changes = services.report_compare(issued)
    assert differences == []
    new = trip(
        people=[PersonFactory()], departure=date(2025, 7, 1), status="decided", countries=["TH"]
    )
    _report, differences, changes = services.report_compare(issued)
    paths = {d.path: (d.issued, d.now) for d in differences}
    assert paths["outbound.delegations"] == (2, 3)
    assert paths["outbound.by_country.TH.delegations"] == (0, 1)
    assert any(c["title"] == new.title for c in changes)
    with pytest.raises(PermissionDenied):
        services.period_close(issued=issued, user=specialist)
    services.period_close(issued=issued, user=leader)
    rt = registry.get("delegations.outbounddelegation")
    new.results = "Sửa sau khi khóa sổ"
    with pytest.raises(PermissionDenied):
        core_services.record_save(rt=rt, obj=new, user=specialist)
    with pytest.raises(ValidationError):
        core_services.record_save(rt=rt, obj=OutboundDelegation.objects.get(pk=new.pk), user=leader)
    core_services.record_save(
        rt=rt,
        obj=OutboundDelegation.objects.get(pk=new.pk),
        user=leader,
        reason="Bổ sung kết quả theo báo cáo của đoàn",
    )
    flag = ClosedPeriodChange.objects.get()
    assert (flag.report, flag.user, flag.record_title) == (issued, leader, new.title)
    page = client_as(R.READONLY).get(issued.get_absolute_url()).content.decode()
    assert "Bổ sung kết quả theo báo cáo của đoàn" in page
    outside = trip(people=[PersonFactory()], departure=date(2026, 3, 1), status="draft")
    core_services.record_save(rt=rt, obj=outside, user=specialist)


@pytest.mark.django_db
def test_targets_percent_and_exceeded(client_as):
    build_year_2025()
    plan = PlanFactory(start_year=2025, end_year=2025)
    Target.objects.create(plan=plan, indicator="delegations.outbound.delegations", value=4)
    Target.objects.create(plan=plan, indicator="delegations.inbound.foreign_visitors", value=10)
    Target.objects.create(
        plan=plan, indicator="manual", label="Số hội nghị quốc tế", value=2, achieved_manual=3
    )
    rows = {r.label: r for r in assemble(YEAR).targets}
    assert len(rows) == 3
    outbound = next(r for r in rows.values() if r.target == Decimal(4))
    assert (outbound.achieved, outbound.percent, outbound.exceeded) == (2, 50, False)
    visitors = next(r for r in rows.values() if r.target == Decimal(10))
    assert (visitors.percent, visitors.exceeded) == (140, True)
    assert rows["Số hội nghị quốc tế"].exceeded
    doc = Document(io.BytesIO(render_docx(assemble(YEAR), number="1/BC", day=date(2026, 1, 2))))
    assert "vượt chỉ tiêu" in "\n".join(p.text for p in doc.paragraphs)
    page = client_as(R.LEADER).get(plan.get_absolute_url()).content.decode()
    assert "140" in page


@pytest.mark.django_db
def test_dashboard_by_role(client_as, django_assert_max_num_queries):
    build_year_2025()
    leader = client_as(R.LEADER)
    leader.get("/")
    with django_assert_max_num_queries(80 + other_sections_allowance(4)):
        html = leader.get("/").content.decode()
    assert 'id="kpis"' in html and "dashboard-data" in html and "chart.umd.min.js" in html
    agency = client_as(R.AGENCY, username="dv-dashboard")
    html = agency.get("/").content.decode()
    assert 'id="kpis"' not in html and 'id="inbox"' in html
    assert agency.get("/reports/builder/").status_code == 403
    assert agency.get("/reports/explorer/").status_code == 403


@pytest.mark.django_db
def test_explorer_table_and_xlsx(client_as):
    build_year_2025()
    client = client_as(R.READONLY)
    params = {
        "indicator": "delegations.outbound.person_trips",
        "dimension": "country",
        "kind": "year",
        "year": "2025",
    }
    response = client.get("/reports/explorer/", params)
    assert dict(response.context["rows"]) == {"Hàn Quốc": 5, "Nhật Bản": 2}
    wb = load_workbook(
        io.BytesIO(client.get("/reports/explorer/", {**params, "format": "xlsx"}).content)
    )
    assert ["Hàn Quốc", 5] in [list(r) for r in wb.active.iter_rows(values_only=True)]
    month = client.get("/reports/explorer/", {**params, "dimension": "month"})
    rows = month.context["rows"]
    assert [label for label, _v in rows] == [f"{m:02d}/2025" for m in range(1, 13)]
    assert {label: v for label, v in rows if v} == {"03/2025": 3, "12/2025": 2}


@pytest.mark.django_db
def test_builder_rejects_bad_periods_with_a_message(client_as):
    client = client_as(R.LEADER)
    html = client.get("/reports/builder/?kind=month&year=2025&number=13").content.decode()
    assert "Tháng phải từ 1 đến 12." in html
    html = client.get("/reports/builder/?kind=custom&start=31/12/2025&end=01/01/2025").content
    assert "kết thúc sau bắt đầu".encode() in html


@pytest.mark.django_db
def test_issue_through_the_page(client_as):
    build_year_2025()
    client = client_as(R.SPECIALIST)
    response = client.post(
        "/reports/builder/issue/",
        {
            "kind": "year",
            "year": "2025",
            "report_number": "16/BC-SNgV",
            "issued_on": "2026-01-09",
            "next_tasks": "Tiếp tục",
        },
    )
    assert response.status_code == 302
    from doingoai.reports.models import IssuedReport

    issued = IssuedReport.objects.get(number="16/BC-SNgV")
    assert issued.title.endswith("năm 2025") and issued.created_by == client.user
