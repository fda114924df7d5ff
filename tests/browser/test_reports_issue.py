"""Issue the annual report from the builder, close its period, compare with a recount after a
late change, explore a figure by country. Screenshots of the issued report, the comparison and
the explorer are kept."""

from __future__ import annotations

from datetime import date

from docx import Document
from playwright.sync_api import expect

from doingoai.core import roles as R
from tests.delegations.factories import build_year_2025, trip
from tests.factories import PersonFactory, make_user


def test_issue_close_compare_explore(page, site, login, artifacts):
    build_year_2025()
    login(make_user(R.LEADER, username="ld-ban-hanh"), "/reports/builder/")
    page.goto(f"{site.url}/reports/builder/?kind=year&year=2025")
    expect(page.locator("#report-preview")).to_contain_text("2 đoàn/5 lượt")
    page.fill("#rep-number", "15/BC-SNgV")
    page.fill("#rep-tasks", "Tổ chức đoàn xúc tiến đầu tư tại Nhật Bản.")
    with page.expect_download() as download:
        page.click("#draft-docx")
    draft = Document(download.value.path())
    assert "Tổ chức đoàn xúc tiến đầu tư tại Nhật Bản." in "\n".join(
        p.text for p in draft.paragraphs
    )
    assert "csrfmiddlewaretoken" not in download.value.url
    page.click("#issue-form button.btn-success")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text("15/BC-SNgV")
    expect(page.locator("#frozen-figures")).to_contain_text("5")
    expect(page.get_by_role("link", name="bao-cao-20250101-20251231.docx")).to_have_count(1)
    page.click("#close-period")  # asks first, naming what will be frozen (issue 10 item 2)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#frozen-records")).to_contain_text("Đoàn ra")
    page.screenshot(path=artifacts / "report-close-confirm.png", full_page=True)
    page.click("#confirm-close")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#close-period")).to_have_count(0)
    page.fill("#reopen-form input[name=reason]", "Bổ sung đoàn nhập thiếu")
    page.click("#reopen-period")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#reopenings")).to_contain_text("Bổ sung đoàn nhập thiếu")
    page.click("#close-period")
    page.wait_for_load_state("networkidle")
    page.click("#confirm-close")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#close-period")).to_have_count(0)
    page.screenshot(path=artifacts / "report-issued.png", full_page=True)

    trip(people=[PersonFactory()], departure=date(2025, 9, 1), status="decided", countries=["TH"])
    page.click("text=So sánh với số liệu hiện tại")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#differences tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#differences")).to_contain_text("Thái Lan")
    page.screenshot(path=artifacts / "report-compare.png", full_page=True)
    link = page.locator("#differences a", has_text="3").first
    link.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#results tbody tr")).to_have_count(3)

    page.goto(
        f"{site.url}/reports/explorer/?indicator=delegations.outbound.person_trips"
        "&dimension=country&kind=year&year=2025"
    )
    expect(page.locator("#explorer-table")).to_contain_text("Hàn Quốc")
    expect(page.locator("#chart-explorer")).to_be_visible()
    page.screenshot(path=artifacts / "report-explorer.png", full_page=True)
