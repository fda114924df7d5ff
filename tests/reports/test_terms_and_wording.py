"""Term reports to a chosen day (issue 10 item 11) and the wording of the report (item 12)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from doingoai.core import roles as R
from doingoai.reports import services
from doingoai.reports.assembly import assemble
from doingoai.reports.periods import from_query, make_period, period_for
from tests.delegations.factories import trip
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
