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
    # the request's form has no post-trip fields (item 3)
    expect(page.locator("#id_actual_departure")).to_have_count(0)
    expect(page.locator("#id_report_summary")).to_have_count(0)
    expect(page.locator(".file-picker")).to_have_count(0)
    page.fill("#id_title", "Đoàn xúc tiến thương mại tại Hàn Quốc")
    page.select_option("#id_purpose", "promotion")
    # the destination picker keeps its choices as tags while searching further (item 16)
    search = page.locator("#id_destinations").locator("xpath=preceding-sibling::input[1]")
    for typed, shown in (("han quoc", "Hàn Quốc"), ("nhat", "Nhật Bản")):
        search.fill(typed)
        page.locator(".autocomplete-results button", has_text=shown).first.click()
    expect(page.locator(".tag-list .tag")).to_have_count(2)
    page.locator(".tag", has_text="Nhật Bản").locator(".tag-remove").click()
    expect(page.locator(".tag-list .tag")).to_have_text(["Hàn Quốc"])
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
    page.fill("#id_estimated_cost", "1.250.000.000")
    page.screenshot(path=artifacts / "outbound-form.png", full_page=True)
    # save and send from the form (item 3)
    page.click("#save-and-submit")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Đoàn xúc tiến thương mại tại Hàn Quốc")
    delegation = OutboundDelegation.objects.get(title="Đoàn xúc tiến thương mại tại Hàn Quốc")
    assert delegation.agency == agency_org and delegation.members.count() == 2
    assert list(delegation.destinations.values_list("code", flat=True)) == ["KR"]
    assert delegation.estimated_cost == 1250000000
    assert delegation.status == "submitted"

    # the specialist sends it back; the agency sees why in its inbox and notifications (item 3)
    login(specialist, delegation.get_absolute_url())
    expect(page.locator("#notification-count")).to_have_text("1")
    page.fill("#wf-comment", "Bổ sung thư mời của đối tác.")
    page.locator("button[formaction$='/do/send_back/']").click()
    page.wait_for_load_state("networkidle")
    login(agency, "/")
    expect(page.locator(".task-note")).to_contain_text("Bổ sung thư mời của đối tác.")
    expect(page.locator("#notification-count")).to_have_text("1")
    page.screenshot(path=artifacts / "outbound-sent-back-inbox.png", full_page=True)
    page.goto(f"{site.url}/notifications/")
    expect(page.locator("#notification-list")).to_contain_text("Bổ sung thư mời của đối tác.")
    page.goto(f"{site.url}/delegations/outbound/{delegation.pk}/edit/")
    page.click("#save-and-submit")
    page.wait_for_load_state("networkidle")
    delegation.refresh_from_db()
    assert delegation.status == "submitted"

    login(specialist, delegation.get_absolute_url())
    page.fill("#wf-comment", "Hồ sơ đầy đủ; đề nghị UBND tỉnh cho phép.")
    page.screenshot(path=artifacts / "outbound-specialist.png", full_page=True)
    page.locator("button[formaction$='/do/appraise/']").click()
    page.wait_for_load_state("networkidle")
    delegation.refresh_from_db()
    assert delegation.status == "appraised"

    login(leader, delegation.get_absolute_url())
    # one control records the decision: the panel, not also a bare button (item 3)
    expect(page.locator("button[formaction$='/do/decide/']")).to_have_count(0)
    expect(page.locator("#record-decision")).to_have_count(1)
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
    today = timezone.localdate()
    assert f"Nghệ An, ngày {today:%d} tháng" in header[1] and f"năm {today.year}" in header[1]
    rows = [[cell.text for cell in row.cells] for row in doc.tables[1].rows]
    assert [r[1] for r in rows[1:]][:2] == ["Đặng Văn Trưởng Đoàn", "Bùi Thị Thành Viên"]
    # Decree 30 (item 15): a vice-chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the head is marked
    signature = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Hồng Vinh"]
    assert rows[1][2].endswith("Trưởng đoàn")
    # generating again replaces the attachment; the previous one is kept as a previous version
    page.click("#generate-decision")
    page.wait_for_load_state("networkidle")
    expect(page.locator("a", has_text=re.compile(r"quyet-dinh-.*\.docx"))).to_have_count(1)
    expect(page.get_by_text("Các bản trước")).to_have_count(1)

    # the trip has not happened: its return cannot be confirmed (item 1)
    login(agency, delegation.get_absolute_url())
    page.locator("button[formaction$='/do/mark_returned/']").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".alert-danger")).to_contain_text("chưa xuất cảnh")
    delegation.refresh_from_db()
    assert delegation.status == "decided"
    # nor may the agency confirm receipt of its own report
    expect(page.locator("button[formaction$='/do/mark_reported/']")).to_have_count(0)
    page.screenshot(path=artifacts / "outbound-return-refused.png", full_page=True)
