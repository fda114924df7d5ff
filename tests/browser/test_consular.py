"""A protection case in a real Chromium: a consular specialist records it with three
timeline actions and opens it; a read-only user cannot open it; the administrator finds
the specialist's reads (the case page and the list) in the access log."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.utils import translation
from playwright.sync_api import expect

from doingoai.consular.models import ConsularCase
from doingoai.consular.records import PERSONAL_GROUP
from doingoai.core import roles as R
from doingoai.core.models import AccessLog
from doingoai.core.registry import registry
from tests.factories import make_user

CASES = registry.get("consular.consularcase")
TITLE = "Ngư dân Nguyễn Văn Biển bị bắt giữ"


def test_protection_case_recorded_hidden_and_logged(page, site, login, artifacts):
    specialist = make_user(R.READONLY, username="cv-lanh-su")
    with translation.override("vi"):
        area = R.area_group_name(str(CASES.area.label))
    specialist.groups.set(Group.objects.filter(name__in=[area, PERSONAL_GROUP]))
    login(specialist, CASES.url("add"))
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "protection")
    page.select_option("#id_category", "fishermen")
    page.fill("#id_place", "Vùng biển quần đảo Hoàng Sa")
    page.fill("#id_reported_on", "03/02/2026")
    page.fill("#id_reported_by", "Gia đình thuyền trưởng")
    page.fill("#id_coordinated_with", "Cục Lãnh sự - Bộ Ngoại giao; Bộ đội Biên phòng tỉnh")
    page.fill("#id_health_details", "Một thuyền viên bị thương nhẹ ở tay")
    steps = [
        ("03/02/2026", "Tiếp nhận thông tin, báo cáo lãnh đạo Sở", "Phòng Lãnh sự"),
        ("05/02/2026", "Có văn bản đề nghị Cục Lãnh sự can thiệp", "Sở Ngoại vụ"),
        ("20/02/2026", "Thông báo cho gia đình kết quả làm việc", "Phòng Lãnh sự"),
    ]
    for index, (day, action, by) in enumerate(steps):
        page.fill(f"#id_actions-{index}-done_on", day)
        page.fill(f"#id_actions-{index}-action", action)
        page.fill(f"#id_actions-{index}-done_by", by)
    page.screenshot(path=artifacts / "consular-case-form.png", full_page=True)
    page.locator("form button[type=submit]:not([name])").last.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text(TITLE)
    case = ConsularCase.objects.get(title=TITLE)
    assert case.actions.count() == 3 and str(case.reported_on) == "2026-02-03"
    expect(page.locator("#actions-table tbody tr")).to_have_count(3)
    expect(page.get_by_text("Một thuyền viên bị thương nhẹ ở tay")).to_be_visible()
    page.screenshot(path=artifacts / "consular-case-detail.png", full_page=True)
    page.goto(f"{site.url}{CASES.url('list')}")
    expect(page.locator("table").get_by_text(TITLE)).to_be_visible()
    page.screenshot(path=artifacts / "consular-case-list.png", full_page=True)

    reader = make_user(R.READONLY, username="chi-xem")
    login(reader, CASES.url("detail", case.pk))
    assert TITLE not in page.content()
    page.screenshot(path=artifacts / "consular-case-refused.png", full_page=True)
    response = page.goto(f"{site.url}{CASES.url('detail', case.pk)}")
    assert response.status in (403, 404)
    assert not AccessLog.objects.filter(user=reader).exists()

    admin = make_user(R.ADMIN, username="quan-tri")
    login(admin, f"/system/access-log/?user={specialist.username}")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text(TITLE)
    page.screenshot(path=artifacts / "consular-access-log.png", full_page=True)
    lines = AccessLog.objects.filter(user=specialist).order_by("pk")
    assert [line.action for line in lines] == ["view", "list"]


def test_abtc_application_letter_and_report_sections(page, site, login, artifacts):
    """A specialist checks an application against Decision 09/2023, recommends it, generates
    the letter; the year's report shows both consular sections with linked figures."""
    from datetime import date

    from doingoai.consular.models import AbtcApplication, AbtcEnterprise, Businessperson

    enterprise = AbtcEnterprise.objects.create(
        name="Công ty CP Thủy sản Cửa Lò", tax_code="2900555555", established_on=date(2016, 5, 1)
    )
    person = Businessperson.objects.create(
        full_name="Võ Thị Lan",
        enterprise=enterprise,
        post="director",
        post_title="Giám đốc",
        passport_number="C9876543",
    )
    application = AbtcApplication.objects.create(
        businessperson=person, received_on=date(2025, 3, 2), letter_number="45/SNgV-LS"
    )
    ConsularCase.objects.create(
        title="Lao động bị nợ lương",
        kind="protection",
        category="labour",
        country_id="KR",
        reported_on=date(2025, 4, 1),
        status="handling",
    )
    specialist = make_user(R.SPECIALIST, username="cv-abtc")
    specialist.groups.add(Group.objects.get(name=PERSONAL_GROUP))
    login(specialist, application.get_absolute_url())
    expect(page.locator("#abtc-ok")).to_be_visible()
    page.locator("button[formaction$='/do/recommend/']").click()
    page.wait_for_load_state("networkidle")
    application.refresh_from_db()
    assert application.status == "recommended" and application.recommended_on is not None
    AbtcApplication.objects.filter(pk=application.pk).update(recommended_on=date(2025, 3, 9))
    page.reload()
    page.click("#generate-letter")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("de-nghi-abtc-vo-thi-lan.docx").first).to_be_visible()
    page.screenshot(path=artifacts / "abtc-application.png", full_page=True)
    page.goto(f"{site.url}{person.get_absolute_url()}")
    expect(page.locator("#cards-table tbody tr")).to_have_count(1)
    page.screenshot(path=artifacts / "abtc-businessperson.png", full_page=True)

    page.goto(f"{site.url}/reports/builder/")
    page.select_option("#kind", "year")
    page.fill("#year", "2025")
    page.click("#build-report")
    page.wait_for_load_state("networkidle")
    preview = page.locator("#report-preview")
    expect(preview).to_contain_text(
        "Tiếp nhận, xử lý 00 trường hợp liên quan đến công tác lãnh sự, 01 trường hợp bảo hộ"
    )
    expect(preview).to_contain_text("thẻ ABTC đối với 01 doanh nhân/01 doanh nghiệp")
    page.screenshot(path=artifacts / "consular-report.png", full_page=True)
    figure = page.locator("a.figure-link[data-path='consular.protection_cases']")
    assert int(figure.inner_text()) == 1
    figure.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#results tbody tr")).to_have_count(1)
