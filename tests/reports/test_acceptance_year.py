"""Acceptance scenario: a year of delegations (tests.delegations.factories.build_year_2025),
every figure of the JSON, the HTML preview, the DOCX (parsed back) and the XLSX checked against
the hand counts; every linked figure leads to a list with as many records as it says."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from docx import Document
from openpyxl import load_workbook

from doingoai.core import roles as R
from doingoai.reports.assembly import assemble, render_docx, render_xlsx
from doingoai.reports.periods import make_period
from doingoai.reports.services import _flatten
from tests.delegations.factories import build_year_2025
from tests.reports.test_query_budgets import other_sections_allowance

#: 2025 counted by hand from the scenario's docstring (A, B outbound; X, Y inbound).
HAND = {
    "outbound": {
        "delegations": 2,
        "person_trips": 5,
        "led_by_provincial_leaders": 1,
        "by_funding_source": {"state_budget": (1, 3), "enterprise": (1, 2)},
        "by_country": {"KR": (2, 5), "JP": (1, 2)},
        "by_purpose": {"promotion": (2, 5)},
    },
    "inbound": {
        "delegations": 2,
        "foreign_visitors": 14,
        "overseas_vietnamese_visitors": 2,
        "by_country": {"LA": (1, 10, 2), "JP": (1, 4, 0)},
    },
}
MEASURES = {
    "outbound": ("delegations", "person_trips"),
    "inbound": ("delegations", "foreign_visitors", "overseas_vietnamese_visitors"),
}


def hand_flat() -> dict[str, int]:
    """Every figure of the hand count, by dotted path (as the report's links and XLSX name it)."""
    flat = {}
    for side, figures in HAND.items():
        for name, value in figures.items():
            if isinstance(value, dict):
                for key, numbers in value.items():
                    for measure, number in zip(MEASURES[side], numbers, strict=True):
                        flat[f"delegations.{side}.{name}.{key}.{measure}"] = number
            else:
                flat[f"delegations.{side}.{name}"] = value
    return flat


def test_hand_count_is_complete():
    assert len(hand_flat()) == 3 + 4 + 4 + 2 + 3 + 6


@pytest.mark.django_db
def test_every_figure_of_json_html_docx_xlsx(client_as, django_assert_max_num_queries):
    build_year_2025()
    expected = hand_flat()
    client = client_as(R.LEADER)

    api = client.get("/api/v1/reports/?from=2025-01-01&to=2025-12-31").json()
    assert api["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    got = {f"delegations.{p}": v for p, v in _flatten(api["sections"]["delegations"]).items()}
    assert got == expected

    html = client.get("/reports/builder/?kind=year&year=2025").content.decode()
    shown = {
        path: int(value.replace(".", ""))
        for path, value in re.findall(r'data-path="([^"]+)"[^>]*>([\d.]+)<', html)
        if path.startswith("delegations.")  # other modules' sections have their own tests
    }
    assert shown == expected
    links = {
        path: url
        for path, url in re.findall(r'data-path="([^"]+)" href="([^"]+)"', html)
        if path.startswith("delegations.")
    }
    # every figure links to its records; a zero has none to show and no link
    assert set(links) == {path for path, value in expected.items() if value}
    for path, url in links.items():
        listing = client.get(unescape(url))
        if path.endswith("overseas_vietnamese_visitors"):  # the visits with any
            visits = [row.record for row in listing.context["table"].page.object_list]
            assert all(v.overseas_vietnamese_count for v in visits), path
            assert sum(v.overseas_vietnamese_count for v in visits) == expected[path], path
            continue
        # counts list as many records as they say; visitor sums list the visits they add up
        count = path if not path.endswith("visitors") else path.rsplit(".", 1)[0] + ".delegations"
        assert listing.context["table"].paginator.count == expected[count], path

    with django_assert_max_num_queries(20 + other_sections_allowance()):
        report = assemble(make_period("year", 2025))
    doc = Document(io.BytesIO(render_docx(report, number="15/BC-SNgV", day=date(2026, 1, 8))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert (
        "Ban hành quyết định cử/cho phép 2 đoàn/5 lượt cán bộ, công chức, viên chức của tỉnh đi "
        "công tác nước ngoài (tại Hàn Quốc, Nhật Bản), trong đó 1 đoàn do lãnh đạo tỉnh dẫn đầu."
    ) in text
    assert (
        "Đón tiếp 2 đoàn/14 lượt khách nước ngoài và 2 lượt kiều bào (thành viên các đoàn) "
        "đến thăm, làm việc tại tỉnh."
    ) in text
    annex = [[c.text for c in r.cells] for t in doc.tables[2:] for r in t.rows]
    for row in (["Hàn Quốc", "2", "5"], ["Nhật Bản", "1", "2"]):
        assert row in annex
    assert any(r[0] == "Lào" and r[1:] == ["1", "10", "2"] for r in annex), annex

    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    values = {
        r[2]: r[3]
        for r in wb.active.iter_rows(min_row=3, values_only=True)
        if r[2] and r[2].startswith("delegations.")
    }
    assert {p: v for p, v in values.items() if ".by_" not in p} == {
        p: v for p, v in expected.items() if ".by_" not in p
    }
    delegations = next(str(s.label) for s in report.sections if s.key == "delegations")
    sheets = {  # the delegations' annex sheets (each sheet's A1 names its section)
        name: [list(r) for r in wb[name].iter_rows(min_row=2, values_only=True)]
        for name in wb.sheetnames[1:]
        if wb[name]["A1"].value == delegations
    }
    cells = sorted(tuple(v for v in row[1:]) for rows in sheets.values() for row in rows)
    hand_rows = sorted(
        numbers
        for side in HAND.values()
        for v in side.values()
        if isinstance(v, dict)
        for numbers in v.values()
    )
    assert cells == hand_rows


@pytest.mark.django_db
def test_empty_period_reads_in_words():
    report = assemble(make_period("month", 2025, 2))
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(render_docx(report, number="1/BC", day=date(2025, 3, 2)))
        ).paragraphs
    )
    assert "không có đoàn" in text and "tháng 2 năm 2025" in text
