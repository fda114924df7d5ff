"""A seminar request in Chromium: the agency files it and sees the approval level computed
with its reasons (a sensitive topic sends it to the Prime Minister; without it, the chair),
late filing flagged; the specialist appraises it, records the permit and issues the permit
DOCX, which is downloaded and parsed back."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from doingoai.conferences.models import Conference
from doingoai.core import roles as R
from doingoai.core.models import Organisation
from tests.factories import make_user

TITLE = "Hội thảo quốc tế về phát triển du lịch cộng đồng miền Tây Nghệ An"


def test_seminar_request_to_permit(page, site, login, artifacts):
    org = Organisation.objects.create(
        name="Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An",
        kind="provincial_agency",
        country_id="VN",
    )
    agency = make_user(R.AGENCY, username="svhttdl", organisation=org)
    specialist = make_user(R.SPECIALIST, username="cv-ttdn")
    start = timezone.localdate() + timedelta(days=20)  # less than the 30 days required

    login(agency, "/conferences/events/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_title_en", "International Seminar on Community Tourism in Western Nghe An")
    page.select_option("#id_kind", "seminar")
    page.select_option("#id_event_form", "hybrid")
    page.select_option("#id_role", "permitted")
    page.fill("#id_topic", "Kinh nghiệm phát triển du lịch cộng đồng gắn với bảo tồn văn hóa")
    page.select_option("#id_sector", "culture")
    page.fill("#id_venue", "Khách sạn Mường Thanh Grand Phương Đông, thành phố Vinh")
    page.fill("#id_online_platform", "Zoom")
    page.fill("#id_start_date", start.strftime("%d/%m/%Y"))
    page.fill("#id_end_date", (start + timedelta(days=1)).strftime("%d/%m/%Y"))
    page.fill("#id_foreign_participants", "25")
    page.fill("#id_domestic_participants", "120")
    page.check("#id_topic_religion")
    page.screenshot(path=artifacts / "conference-request-form.png", full_page=True)
    page.locator("div.mt-4.d-flex > button.btn-primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text(TITLE)
    # a sensitive topic alone: the Prime Minister, and the reason names it
    expect(page.locator("#approval-level")).to_have_text("Thủ tướng Chính phủ")
    expect(page.locator("#approval-reasons li")).to_have_count(1)
    expect(page.locator("#approval-reasons")).to_contain_text("tôn giáo")
    expect(page.locator("#approval-reasons")).to_contain_text("06/2020/QĐ-TTg")
    expect(page.locator("#late-warning")).to_be_visible()
    page.screenshot(path=artifacts / "conference-prime-minister-level.png", full_page=True)
    conference = Conference.objects.get(title=TITLE)
    assert conference.organiser == org and conference.status == "draft"

    # the topic was not religious after all: the chair permits; filed now, it is late
    page.goto(f"{site.url}/conferences/events/{conference.pk}/edit/")
    page.uncheck("#id_topic_religion")
    page.click("#save-and-submit")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#approval-level")).to_have_text("Chủ tịch UBND tỉnh")
    expect(page.locator("#approval-reasons")).to_contain_text("Không có thành phần cấp cao")
    expect(page.locator("#late-warning")).to_contain_text("Gửi hồ sơ chậm")
    page.screenshot(path=artifacts / "conference-filed.png", full_page=True)
    conference.refresh_from_db()
    assert conference.status == "requested" and conference.filed_late

    login(specialist, conference.get_absolute_url())
    page.fill("#wf-comment", "Hồ sơ đầy đủ; nội dung phù hợp, đề nghị cho phép.")
    page.locator("button[formaction$='/do/appraise/']").click()
    page.wait_for_load_state("networkidle")
    conference.refresh_from_db()
    assert conference.status == "appraised"
    today = timezone.localdate()
    page.fill("#permit-panel input[name=number]", "45/QĐ-UBND")
    page.fill("#permit-panel input[name=issued_date]", today.strftime("%d/%m/%Y"))
    page.fill("#permit-panel input[name=signer_name]", "Bùi Đình Long")
    page.fill("#permit-panel input[name=signer_title]", "Phó Chủ tịch")
    page.click("#record-permit")
    page.wait_for_load_state("networkidle")
    conference.refresh_from_db()
    assert conference.status == "permitted" and conference.permit.number == "45/QĐ-UBND"
    page.click("#generate-permit")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "conference-permitted.png", full_page=True)
    link = page.locator("a", has_text=re.compile(r"giay-phep-.*\.docx"))
    with page.expect_download() as download_info:
        link.first.click()
    doc = Document(io.BytesIO(download_info.value.path().read_bytes()))
    header = [cell.text for cell in doc.tables[0].rows[0].cells]
    assert "Số: 45/QĐ-UBND" in header[0]
    assert f"Nghệ An, ngày {today:%d} tháng" in header[1]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "cho phép tổ chức hội thảo quốc tế" in text
    assert TITLE in text and "Zoom" in text
    signature = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Đình Long"]


def test_press_visit_with_reporters_and_report_figures(page, site, login, artifacts):
    from datetime import date

    from doingoai.outreach.models import PressVisit
    from tests.conferences.factories import ConferenceFactory
    from tests.outreach.factories import PublicationFactory

    for month, form in ((3, "online"), (5, "online"), (9, "in_person")):
        ConferenceFactory(
            role="organised",
            kind="conference",
            event_form=form,
            online_platform="Zoom",
            start_date=date(2025, month, 10),
            end_date=date(2025, month, 10),
            status="reported",
        )
    ConferenceFactory(role="permitted", start_date=date(2025, 6, 1), status="cancelled")
    for month in (3, 6, 9, 12):
        PublicationFactory(kind="bulletin", published_on=date(2025, month, 28))
    specialist = make_user(R.SPECIALIST, username="cv-ttdn")
    login(specialist, "/outreach/press-visits/add/")
    page.fill("#id_title", "Phóng viên Đài NHK tìm hiểu du lịch cộng đồng")
    page.fill("#id_outlet", "Đài Truyền hình NHK")
    search = page.locator("#id_country").locator("xpath=preceding-sibling::input[1]")
    search.fill("nhat ban")
    page.locator("#id_country option:not([value=''])").first.wait_for(state="attached")
    page.select_option("#id_country", "JP")
    page.fill("#id_topics", "Du lịch cộng đồng, làng nghề truyền thống")
    page.fill("#id_start_date", "12/05/2025")
    page.fill("#id_end_date", "14/05/2025")
    page.fill("#id_requested_on", "06/05/2025")
    page.fill("#id_accompanying_officer", "Lê Thị Hạnh")
    page.fill("#id_reporters-0-full_name", "Tanaka Hiroshi")
    page.fill("#id_reporters-0-press_card", "MOFA-2025-001")
    page.fill("#id_reporters-1-full_name", "Sato Yuki")
    page.screenshot(path=artifacts / "press-visit-form.png", full_page=True)
    page.locator("div.mt-4.d-flex > button.btn-primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#reporters-table tbody tr")).to_have_count(2)
    expect(page.locator("#press-late")).to_be_visible()  # 3 working days: less than 10
    page.screenshot(path=artifacts / "press-visit.png", full_page=True)
    visit = PressVisit.objects.get()
    assert visit.country_id == "JP" and visit.reporters.count() == 2

    page.goto(f"{site.url}/reports/builder/")
    page.select_option("#kind", "year")
    page.fill("#year", "2025")
    page.click("#build-report")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#report-preview")).to_contain_text(
        "Tỉnh tổ chức 02 hội nghị quốc tế trực tuyến, 01 hội nghị quốc tế trực tiếp."
    )
    expect(page.locator("#report-preview")).to_contain_text("Xuất bản 04 số Bản tin Đối ngoại")
    page.screenshot(path=artifacts / "conferences-report-preview.png", full_page=True)
    figure = page.locator("a.figure-link[data-path='conferences.organised.online']")
    assert int(figure.inner_text()) == 2
    figure.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#results tbody tr")).to_have_count(2)
