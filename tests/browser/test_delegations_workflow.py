"""The whole outbound path in Chromium with three users: the agency creates and submits the
request, the specialist appraises it, the leader records the decision; the decision DOCX is
generated, downloaded and parsed back."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from doingoai.core import roles as R
from doingoai.core.models import Organisation, Person
from doingoai.delegations.models import OutboundDelegation
from tests.factories import make_user


def test_outbound_request_to_decision(page, site, login, artifacts):
    agency_org = Organisation.objects.create(
        name="Sở Công Thương tỉnh Nghệ An", kind="provincial_agency", country_id="VN"
    )
    Person.objects.create(
        full_name="Đặng Văn Trưởng Đoàn",
        position="Giám đốc",
        organisation=agency_org,
        nationality_id="VN",
    )
    Person.objects.create(
        full_name="Bùi Thị Thành Viên",
        position="Chuyên viên",
        organisation=agency_org,
        nationality_id="VN",
    )
    agency = make_user(R.AGENCY, username="sct", organisation=agency_org)
    specialist = make_user(R.SPECIALIST, username="cv-htqt")
    leader = make_user(R.LEADER, username="ld-ubnd")
    departure = timezone.localdate() + timedelta(days=45)

    login(agency, "/delegations/outbound/add/")
    page.fill("#id_title", "Đoàn xúc tiến thương mại tại Hàn Quốc")
    page.select_option("#id_purpose", "promotion")
    page.locator("#id_destinations").locator("xpath=preceding-sibling::input[1]").fill("han quoc")
    expect(page.locator("#id_destinations option")).to_have_count(1)
    page.select_option("#id_destinations", ["KR"])
    page.fill("#id_cities", "Seoul")
    page.fill("#id_planned_departure", departure.strftime("%d/%m/%Y"))
    page.fill("#id_planned_return", (departure + timedelta(days=5)).strftime("%d/%m/%Y"))
    for index, name in enumerate(["dang van truong", "bui thi thanh"]):
        row = page.locator(".formset-row").nth(index)
        row.locator("input.autocomplete-search").first.fill(name)
        expect(
            row.locator(f"select[name='members-{index}-person'] option:not([value=''])")
        ).to_have_count(1)
        row.locator(f"select[name='members-{index}-person']").select_option(index=1)
    page.check("#id_members-0-is_head")
    page.select_option("#id_funding_source", "state_budget")
    page.screenshot(path=artifacts / "outbound-form.png", full_page=True)
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Đoàn xúc tiến thương mại tại Hàn Quốc")
    delegation = OutboundDelegation.objects.get(title="Đoàn xúc tiến thương mại tại Hàn Quốc")
    assert delegation.agency == agency_org and delegation.members.count() == 2
    page.locator("button[formaction$='/do/submit/']").click()
    page.wait_for_load_state("networkidle")
    delegation.refresh_from_db()
    assert delegation.status == "submitted"

    login(specialist, delegation.get_absolute_url())
    page.fill("#wf-comment", "Hồ sơ đầy đủ; đề nghị UBND tỉnh cho phép.")
    page.locator("button[formaction$='/do/appraise/']").click()
    page.wait_for_load_state("networkidle")
    delegation.refresh_from_db()
    assert delegation.status == "appraised"

    login(leader, delegation.get_absolute_url())
    page.fill("#decision-panel input[name=number]", "123/QĐ-UBND")
    page.fill("#decision-panel input[name=issued_date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("#decision-panel input[name=signer_name]", "Lê Hồng Vinh")
    page.fill("#decision-panel input[name=signer_title]", "Phó Chủ tịch")
    page.click("#record-decision")
    page.wait_for_load_state("networkidle")
    delegation.refresh_from_db()
    assert delegation.status == "decided" and delegation.decision.number == "123/QĐ-UBND"
    page.click("#generate-decision")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "outbound-decided.png", full_page=True)
    link = page.locator("a", has_text=re.compile(r"quyet-dinh-.*\.docx"))
    with page.expect_download() as download_info:
        link.first.click()
    data = download_info.value.path().read_bytes()
    doc = Document(io.BytesIO(data))
    header = [cell.text for cell in doc.tables[0].rows[0].cells]
    assert "Số: 123/QĐ-UBND" in header[0]
    assert "Nghệ An, ngày 05 tháng 3 năm 2026" in header[1]
    rows = [[cell.text for cell in row.cells] for row in doc.tables[1].rows]
    assert [r[1] for r in rows[1:]] == ["Đặng Văn Trưởng Đoàn", "Bùi Thị Thành Viên"]
