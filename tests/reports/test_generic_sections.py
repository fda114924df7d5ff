"""The report machinery against a fake section registered inside the tests: every figure and
breakdown cell rendered (HTML with links, DOCX parsed back, XLSX read back), periods rebuilt from
issued reports, targets matched by indicator, the explorer's dimensions, comparisons."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from doingoai.core import roles as R
from doingoai.core.sections import (
    Indicator,
    Period,
    ReportSection,
    register_section,
    sections,
    unregister_section,
)
from doingoai.reports import services
from doingoai.reports.assembly import _sheet_title, assemble, render_docx, render_xlsx
from doingoai.reports.models import Target
from doingoai.reports.periods import make_period, period_for
from tests.reports.factories import PlanFactory

#: What the fake section counts per month; tests change it to simulate late edits.
PER_MONTH = {"meetings": 2, "guests": 7}


def _months(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def compute(period: Period) -> dict:
    months = _months(period)
    return {
        "meetings": PER_MONTH["meetings"] * months,
        "guests": PER_MONTH["guests"] * months,
        "cancelled": 0,
        "aid_usd": 4_090_000 * months // 12,
        "budget_vnd": 210_000_000_000 * months // 12,
        "by_partner": [
            {"key": "jica", "label": "JICA", "meetings": months, "guests": 3 * months},
            {
                "key": "koica",
                "label": "KOICA",
                "meetings": months,
                "guests": (PER_MONTH["guests"] - 3) * months,
            },
        ],
    }


def narrative(figures: dict) -> list[str]:
    return [f"Tổ chức {figures['meetings']} cuộc gặp với {figures['guests']} lượt khách."]


def link(period: Period, path: str) -> str | None:
    if path == "cancelled":
        return None
    return f"/fake/?from={period.start:%Y-%m-%d}&to={period.end:%Y-%m-%d}&path={path}"


def explore(period: Period, path: str, dimension: str) -> list[tuple[str, int]]:
    months = _months(period)
    if dimension == "partner":
        return [("JICA", months), ("KOICA", months)]
    return [("Nghệ An", PER_MONTH["meetings"] * months)]


def annex(figures: dict) -> list[tuple[str, list[str], list[list]]]:
    return [
        (
            "Cuộc gặp theo đối tác",
            ["Đối tác", "Số cuộc gặp", "Số lượt khách"],
            [[r["label"], r["meetings"], r["guests"]] for r in figures["by_partner"]],
        )
    ]


FAKE = ReportSection(
    key="fake",
    label="Hợp tác thử nghiệm",
    order=1,
    compute=compute,
    narrative=narrative,
    link=link,
    indicators=(
        Indicator("meetings", "cuộc gặp", True, ("partner", "locality")),
        Indicator("guests", "lượt khách", True, ("partner",)),
    ),
    explore=explore,
    annex=annex,
)


@pytest.fixture
def fake_only():
    """Only the fake section is registered during the test; the real ones come back after."""
    saved = sections()
    for section in saved:
        unregister_section(section.key)
    register_section(FAKE)
    PER_MONTH.update(meetings=2, guests=7)
    yield FAKE
    unregister_section("fake")
    for section in saved:
        register_section(section)


YEAR = make_period("year", 2025)


def test_unregister_section_returns_it(fake_only):
    assert [s.key for s in sections()] == ["fake"]
    assert unregister_section("fake") is FAKE and sections() == []
    assert unregister_section("fake") is None
    register_section(FAKE)


@pytest.mark.parametrize(
    "kind, start, end, label",
    [
        ("month", date(2026, 3, 1), date(2026, 3, 31), "tháng 3 năm 2026"),
        ("quarter", date(2026, 1, 1), date(2026, 3, 31), "quý I năm 2026"),
        ("half", date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("year", date(2026, 1, 1), date(2026, 12, 31), "năm 2026"),
        ("term", date(2020, 1, 1), date(2025, 12, 31), "nhiệm kỳ 2020–2025"),
        ("quarter", date(2026, 1, 1), date(2026, 2, 15), "từ ngày 01/01/2026 đến ngày 15/02/2026"),
    ],
)
def test_period_rebuilt_from_an_issued_report(kind, start, end, label):
    period = period_for(kind, start, end)
    assert (period.label, period.period.start, period.period.end) == (label, start, end)


def test_custom_range_wording():
    custom = make_period("custom", 0, start=date(2026, 2, 3), end=date(2026, 4, 10))
    assert custom.label == "từ ngày 03/02/2026 đến ngày 10/04/2026"
    assert make_period("quarter", 2026, 4).period.end == date(2026, 12, 31)
    with pytest.raises(ValueError):
        make_period("custom", 0, start=date(2026, 2, 3), end=date(2026, 1, 1))


@pytest.mark.django_db
def test_assembled_figures_tables_and_links(fake_only):
    report = assemble(YEAR)
    (part,) = report.sections
    figures = {f.path: (f.value, f.url) for f in part.figures}
    assert figures["meetings"] == (24, "/fake/?from=2025-01-01&to=2025-12-31&path=meetings")
    assert figures["cancelled"] == (0, None)
    (table,) = part.tables
    assert table.rows[0] == (
        "JICA",
        [
            (
                12,
                "/fake/?from=2025-01-01&to=2025-12-31&path=by_partner.jica.meetings",
                "by_partner.jica.meetings",
                "12",
            ),
            (
                36,
                "/fake/?from=2025-01-01&to=2025-12-31&path=by_partner.jica.guests",
                "by_partner.jica.guests",
                "36",
            ),
        ],
    )
    assert report.value("fake.by_partner") == compute(YEAR.period)["by_partner"]
    assert report.value("fake.guests") == 84 and report.value("fake.nothing") is None


@pytest.mark.django_db
def test_term_is_the_sum_of_its_years(fake_only):
    term = assemble(make_period("term", 2021, end_year=2025))
    years = [assemble(make_period("year", y)) for y in range(2021, 2026)]
    for indicator in ("fake.meetings", "fake.guests"):
        assert term.value(indicator) == sum(y.value(indicator) for y in years)


@pytest.mark.django_db
def test_html_preview_links_every_figure(fake_only, client_as):
    html = client_as(R.LEADER).get("/reports/builder/?kind=quarter&year=2025&number=2")
    html = html.content.decode()
    assert "quý II năm 2025" in html and "Tổ chức 6 cuộc gặp với 21 lượt khách." in html
    assert 'data-path="fake.meetings" href="/fake/?from=2025-04-01&amp;to=2025-06-30' in html
    assert "path=by_partner.koica.guests" in html
    assert '<span data-path="fake.cancelled">0</span>' in html  # no records to link to
    assert ">1,02 triệu USD</a>" in html and ">52,5 tỷ đồng</a>" in html
    assert 'data-path="fake.by_partner.jica.guests" href="/fake/?' in html


@pytest.mark.django_db
def test_docx_parsed_back(fake_only):
    data = render_docx(
        assemble(YEAR),
        number="3/BC-SNgV",
        day=date(2026, 1, 5),
        next_tasks="Tiếp tục hợp tác với JICA.\n\nMở rộng hợp tác với KOICA.",
    )
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "Kết quả công tác đối ngoại năm 2025" in text
    assert "1. Hợp tác thử nghiệm" in text and "Tổ chức 24 cuộc gặp với 84 lượt khách." in text
    assert "Tiếp tục hợp tác với JICA." in text and "Mở rộng hợp tác với KOICA." in text
    assert "PHỤ LỤC" in text and "Cuộc gặp theo đối tác" in text
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert ["Đối tác", "Số cuộc gặp", "Số lượt khách"] in rows
    assert ["KOICA", "12", "48"] in rows


@pytest.mark.django_db
def test_xlsx_read_back(fake_only):
    wb = load_workbook(io.BytesIO(render_xlsx(assemble(YEAR))))
    values = {row[2]: row[3] for row in wb.active.iter_rows(min_row=3, values_only=True)}
    assert values == {
        "fake.meetings": 24,
        "fake.guests": 84,
        "fake.cancelled": 0,
        "fake.aid_usd": 4_090_000,
        "fake.budget_vnd": 210_000_000_000,
    }
    (sheet,) = wb.sheetnames[1:]
    rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    assert rows[1:] == [["JICA", 12, 36], ["KOICA", 12, 48]]


def test_sheet_titles_are_valid_and_unique():
    wb = Workbook()
    first = _sheet_title(wb, "Đoàn ra: theo quốc gia/vùng lãnh thổ [2025]")
    wb.create_sheet(first)
    second = _sheet_title(wb, "Đoàn ra: theo quốc gia/vùng lãnh thổ [2025]")
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)


@pytest.mark.django_db
def test_targets_by_indicator_on_report_and_dashboard(fake_only, client_as):
    today = date.today()
    plan = PlanFactory(start_year=today.year, end_year=today.year)
    Target.objects.create(plan=plan, indicator="fake.meetings", value=20)
    Target.objects.create(plan=plan, indicator="fake.guests", value=200)
    Target.objects.create(
        plan=plan, indicator="manual", label="Hội nghị quốc tế", value=4, achieved_manual=2
    )
    rows = {r.indicator: r for r in assemble(make_period("year", today.year)).targets}
    assert (rows["fake.meetings"].percent, rows["fake.meetings"].exceeded) == (120, True)
    assert (rows["fake.guests"].percent, rows["fake.guests"].exceeded) == (42, False)
    html = client_as(R.LEADER).get("/").content.decode()
    assert html.count("target-exceeded") == 1
    assert "120%" in html and "42%" in html and "Hội nghị quốc tế" in html and "50%" in html
    assert rows["manual"].achieved == Decimal(2)


@pytest.mark.django_db
def test_explorer_offers_the_indicators_dimensions(fake_only, client_as):
    client = client_as(R.SPECIALIST)
    params = {"indicator": "fake.meetings", "kind": "year", "year": "2025"}
    page = client.get("/reports/explorer/", {**params, "dimension": "locality"})
    assert [d for d, _label in page.context["dimensions"]] == ["partner", "locality"]
    assert page.context["rows"] == [("Nghệ An", 24)]
    guests = client.get("/reports/explorer/", {**params, "indicator": "fake.guests"})
    assert guests.context["dimension"] == "partner"
    assert guests.context["rows"] == [("JICA", 12), ("KOICA", 12)]
    wrong = client.get("/reports/explorer/", {**params, "dimension": "country"})
    assert wrong.context["dimension"] == "partner"


@pytest.mark.django_db
def test_issued_month_report_compared_with_a_recount(fake_only, role_user, client_as):
    issued = services.report_issue(
        report_period=make_period("month", 2025, 3),
        number="7/BC-SNgV",
        issued_on=date(2025, 4, 2),
        next_tasks="",
        user=role_user(R.SPECIALIST),
    )
    assert issued.figures == {"fake": compute(make_period("month", 2025, 3).period)}
    assert services.period_of(issued).label == "tháng 3 năm 2025"
    PER_MONTH["meetings"] = 3
    report, differences, _changes = services.report_compare(issued)
    assert [(d.path, d.issued, d.now, d.delta) for d in differences] == [("meetings", 2, 3, 1)]
    assert differences[0].url == "/fake/?from=2025-03-01&to=2025-03-31&path=meetings"
    assert differences[0].label == "Hợp tác thử nghiệm: cuộc gặp"
    PER_MONTH["guests"] = 8
    _report, differences, _changes = services.report_compare(issued)
    labels = {d.path: d.label for d in differences}
    expected = "Hợp tác thử nghiệm: by partner — KOICA — lượt khách"
    assert labels["by_partner.koica.guests"] == expected
    assert services.frozen_figures(issued) == [
        ("Hợp tác thử nghiệm: cuộc gặp", 2),
        ("Hợp tác thử nghiệm: lượt khách", 7),
        ("Hợp tác thử nghiệm: cancelled", 0),
        ("Hợp tác thử nghiệm: aid usd", 340_833),
        ("Hợp tác thử nghiệm: budget vnd", 17_500_000_000),
    ]
    detail = client_as(R.READONLY).get(issued.get_absolute_url()).content.decode()
    assert 'id="frozen-figures"' in detail and "Hợp tác thử nghiệm: cuộc gặp" in detail
    html = client_as(R.READONLY).get(f"/reports/issued/{issued.pk}/compare/").content.decode()
    assert 'href="/fake/?from=2025-03-01&amp;to=2025-03-31&amp;path=meetings"' in html


def test_reports_catalogue_is_complete():
    from pathlib import Path

    from tests.core.test_translations import _entries

    po = Path(__file__).resolve().parents[2] / "doingoai/reports/locale/vi/LC_MESSAGES"
    problems = [
        (block, problem)
        for block, problem in _entries((po / "django.po").read_text(encoding="utf-8"))
        if not block.lstrip().startswith("#~")  # obsolete entries are not used
    ]
    assert problems == []
    assert (po / "django.mo").stat().st_mtime >= (po / "django.po").stat().st_mtime - 5


@pytest.mark.django_db
def test_term_plan_targets_on_the_term_report_only(fake_only):
    plan = PlanFactory(kind="term", start_year=2021, end_year=2025)
    Target.objects.create(plan=plan, indicator="fake.meetings", value=100)
    Target.objects.create(plan=plan, indicator="fake.aid_usd", value=25_000_000)
    term = assemble(make_period("term", 2021, end_year=2025))
    row, aid = term.targets
    assert (row.achieved, row.percent, row.exceeded) == (120, 120, True)
    assert (aid.achieved, aid.percent, aid.exceeded) == (20_450_000, 82, False)
    assert assemble(make_period("year", 2025)).targets == []
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(render_docx(term, number="1/BC", day=date(2026, 1, 5)))
        ).paragraphs
    )
    assert "nhiệm kỳ 2021–2025" in text and "đạt 120/100 (120%), vượt chỉ tiêu." in text
    assert "đạt 20,45 triệu USD/25 triệu USD (82%)." in text


@pytest.mark.django_db
def test_issued_report_keeps_its_period(fake_only, role_user, client_as):
    from django.core.exceptions import ValidationError

    issued = services.report_issue(
        report_period=make_period("quarter", 2025, 1),
        number="9/BC-SNgV",
        issued_on=date(2025, 4, 5),
        next_tasks="",
        user=role_user(R.SPECIALIST),
    )
    issued.period_end = date(2025, 6, 30)
    with pytest.raises(ValidationError):
        issued.full_clean()
    issued.refresh_from_db()
    issued.number = "9a/BC-SNgV"
    issued.full_clean()
    form = client_as(R.SPECIALIST).get(f"/reports/issued/{issued.pk}/edit/").context["form"]
    assert form.fields["period_end"].disabled and not form.fields["number"].disabled


@pytest.mark.django_db
def test_draft_docx_with_number_date_and_tasks(fake_only, client_as):
    client = client_as(R.LEADER)
    page = client.get("/reports/builder/?kind=half&year=2025&number=1").content.decode()
    assert 'id="draft-docx"' in page and "6 tháng đầu năm 2025" in page
    response = client.get(
        "/reports/builder/download/docx/",
        {
            "kind": "half",
            "year": "2025",
            "number": "1",
            "report_number": "30/BC-SNgV",
            "issued_on": "2025-07-04",
            "next_tasks": "Đón đoàn JICA.",
        },
    )
    doc = Document(io.BytesIO(response.content))
    header = " ".join(c.text for c in doc.tables[0].rows[0].cells)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Số: 30/BC-SNgV" in header and "ngày 04 tháng 7 năm 2025" in header
    assert "Đón đoàn JICA." in text and "6 tháng đầu năm 2025" in text
    assert "Tổ chức 12 cuộc gặp với 42 lượt khách." in text
