"""Term reports to a chosen day (issue 10 item 11) and the wording of the report (item 12)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from doingoai.core import roles as R
from doingoai.reports import services
from doingoai.reports.assembly import assemble, render_docx
from doingoai.reports.periods import from_query, make_period, period_for
from tests.delegations.factories import InboundFactory, trip
from tests.factories import PersonFactory


def test_term_to_the_day_of_the_congress():
    term = make_period("term", 2020, end_year=2025, end=date(2025, 6, 17))
    assert (term.period.start, term.period.end) == (date(2020, 1, 1), date(2025, 6, 17))
    assert term.label == "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025"
    assert term.years == list(range(2020, 2026))
    late_start = make_period(
        "term", 2020, end_year=2025, start=date(2020, 10, 15), end=date(2025, 6, 17)
    )
    assert late_start.label == "nhiệm kỳ 2020–2025, từ ngày 15/10/2020 đến ngày 17/06/2025"
    assert make_period("term", 2020, end_year=2025).label == "nhiệm kỳ 2020–2025"
    with pytest.raises(ValueError, match="nằm trong nhiệm kỳ"):
        make_period("term", 2020, end_year=2025, end=date(2026, 1, 5))


def test_the_builder_form_dates_are_honoured_for_a_term():
    params = {"kind": "term", "year": "2020", "end_year": "2025", "end": "17/06/2025"}
    term = from_query(params)
    assert term.period.end == date(2025, 6, 17)
    assert term.label == "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025"
    only_dates = from_query({"kind": "term", "start": "01/01/2020", "end": "17/06/2025"})
    assert only_dates.label == "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025"
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        from_query({"kind": "term", "year": "2020", "end_year": "2025", "end": "17-6"})


def test_an_issued_term_keeps_its_wording():
    rebuilt = period_for("term", date(2020, 1, 1), date(2025, 6, 17))
    assert rebuilt.kind == "term"
    assert rebuilt.label == "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025"
    assert period_for("term", date(2020, 1, 1), date(2025, 12, 31)).label == "nhiệm kỳ 2020–2025"


@pytest.mark.django_db
def test_term_report_counts_to_its_end_day_and_says_so(client_as, role_user):
    trip(people=[PersonFactory()], departure=date(2025, 6, 10))
    trip(people=[PersonFactory()], departure=date(2025, 6, 20))
    client = client_as(R.LEADER)
    query = "kind=term&year=2020&end_year=2025&end=17/06/2025"
    html = client.get(f"/reports/builder/?{query}").content.decode()
    assert "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025" in html
    report = assemble(make_period("term", 2020, end_year=2025, end=date(2025, 6, 17)))
    assert report.value("delegations.outbound.delegations") == 1
    docx = client.get(f"/reports/builder/download/docx/?{query}")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "nhiệm kỳ 2020–2025, tính đến ngày 17/06/2025" in text
    issued = services.report_issue(
        report_period=report.period,
        number="5/BC-SNgV",
        issued_on=date(2025, 6, 18),
        next_tasks="",
        user=role_user(R.LEADER),
    )
    assert services.period_of(issued).label == report.period.label


YEAR_2026 = make_period("year", 2026)


def _docx_text(data: bytes) -> tuple[str, list]:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs), doc.tables


@pytest.mark.django_db
def test_narrative_names_six_countries_and_how_many_more():
    codes = ["JP", "KR", "LA", "TH", "SG", "FR", "DE", "US"]
    for index, code in enumerate(codes):
        trip(people=[PersonFactory()], departure=date(2026, 1, 5 + index), countries=[code])
    report = assemble(YEAR_2026)
    sentence = report.sections[0].narrative[0]
    assert "và 2 nước khác)" in sentence, sentence
    assert sentence.count(",") >= 5


@pytest.mark.django_db
def test_overseas_vietnamese_are_members_of_the_delegations_received():
    InboundFactory(
        countries=["LA"],
        foreign_count=10,
        overseas_vietnamese_count=2,
        planned_arrival=date(2026, 4, 1),
        planned_departure=date(2026, 4, 3),
        status="permitted",
    )
    InboundFactory(
        countries=["JP"],
        foreign_count=4,
        planned_arrival=date(2026, 5, 1),
        planned_departure=date(2026, 5, 3),
        status="received",
    )
    report = assemble(YEAR_2026)
    inbound = report.sections[0].narrative[1]
    assert "ngoài ra" not in inbound
    assert inbound == (
        "Đón tiếp 2 đoàn/14 lượt khách nước ngoài và 2 lượt kiều bào (thành viên các đoàn) "
        "đến thăm, làm việc tại tỉnh."
    ), inbound


@pytest.mark.django_db
def test_overseas_figure_links_to_the_visits_with_any(client_as):
    with_some = InboundFactory(
        countries=["LA"],
        overseas_vietnamese_count=3,
        planned_arrival=date(2026, 4, 1),
        planned_departure=date(2026, 4, 3),
        status="permitted",
    )
    InboundFactory(
        countries=["LA"],
        planned_arrival=date(2026, 5, 1),
        planned_departure=date(2026, 5, 3),
        status="permitted",
    )
    figures = {f.path: f for f in assemble(YEAR_2026).sections[0].figures}
    url = figures["inbound.overseas_vietnamese_visitors"].url
    page = client_as(R.SPECIALIST).get(url)
    assert [row.record for row in page.context["table"].page.object_list] == [with_some]
    empty = {f.path: f for f in assemble(make_period("year", 2027)).sections[0].figures}
    assert empty["inbound.overseas_vietnamese_visitors"].value == 0
    assert empty["inbound.overseas_vietnamese_visitors"].url is None


@pytest.mark.django_db
def test_annex_capitalised_with_totals_and_a_note_for_multi_country_visits():
    trip(people=[PersonFactory(), PersonFactory()], departure=date(2026, 3, 2), countries=["JP"])
    trip(people=[PersonFactory()], departure=date(2026, 3, 9), countries=["JP", "KR"])
    InboundFactory(
        countries=["LA", "TH"],
        foreign_count=10,
        overseas_vietnamese_count=1,
        planned_arrival=date(2026, 4, 1),
        planned_departure=date(2026, 4, 3),
        status="permitted",
    )
    data = render_docx(assemble(YEAR_2026), number="1/BC", day=date(2027, 1, 5))
    text, tables = _docx_text(data)
    annex = {tuple(c.text for c in t.rows[0].cells): t for t in tables[2:]}
    purpose = annex[("Mục đích", "Số đoàn", "Số lượt người")]
    rows = [[c.text for c in r.cells] for r in purpose.rows[1:]]
    assert rows == [["Xúc tiến đầu tư, thương mại, du lịch", "2", "3"], ["Tổng cộng", "2", "3"]]
    assert all(r.font.bold for r in purpose.rows[-1].cells[0].paragraphs[0].runs if r.text)
    inbound = annex[("Quốc gia", "Số đoàn", "Lượt khách nước ngoài", "Lượt kiều bào")]
    rows = [[c.text for c in r.cells] for r in inbound.rows[1:]]
    assert rows == [
        ["Lào", "1", "10", "1"],
        ["Thái Lan", "1", "10", "1"],
        ["Tổng cộng", "1", "10", "1"],
    ]
    assert "đoàn đến từ nhiều nước được tính ở mỗi nước" in text
    assert "đoàn đi nhiều nước được tính ở mỗi nước đến" in text
    by_country = annex[("Quốc gia", "Số đoàn", "Số lượt người")]
    assert [c.text for c in by_country.rows[-1].cells] == ["Tổng cộng", "2", "3"]


@pytest.mark.django_db
def test_ties_in_vietnamese_alphabetical_order_in_report_and_explorer():
    from doingoai.delegations.reports import explore

    # one delegation each: Ấn Độ, Anh (Vương quốc Anh), Áo, Ăng-gô-la, Đức, Dim-ba-bu-ê
    for index, code in enumerate(["IN", "AT", "AO", "DE", "ZW", "GB"]):
        trip(people=[PersonFactory()], departure=date(2026, 2, 2 + index), countries=[code])
    trip(people=[PersonFactory()], departure=date(2026, 3, 2), countries=["DE"])
    expected = ["Đức", "Áo", "Ăng-gô-la", "Ấn Độ", "Dim-ba-bu-ê", "Vương quốc Anh"]
    report = assemble(YEAR_2026)
    labels = [r["label"] for r in report.value("delegations.outbound")["by_country"]]
    assert labels == expected
    explored = [label for label, _v in explore(YEAR_2026.period, "outbound.delegations", "country")]
    assert explored == expected


@pytest.mark.django_db
def test_preview_notes_a_visit_counted_under_each_of_its_countries(client_as):
    InboundFactory(
        countries=["LA", "TH"],
        foreign_count=10,
        planned_arrival=date(2026, 4, 1),
        planned_departure=date(2026, 4, 3),
        status="permitted",
    )
    report = assemble(YEAR_2026)
    tables = {t.title: t for t in report.sections[0].tables}
    assert [t.overlapping for t in tables.values()].count(True) == 1
    html = client_as(R.LEADER).get("/reports/builder/?kind=year&year=2026").content.decode()
    assert html.count('class="small fst-italic text-muted overlap-note"') == 1
    assert "được tính ở mỗi dòng" in html
