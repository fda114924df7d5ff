"""The shell in a real Chromium: Vietnamese login, the sidebar by role, the search box,
the language switch, a record list with filters, and the import dry run."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect

from doingoai.core import roles as R
from doingoai.core.models import Person
from tests.factories import make_user


def test_login_search_and_language_switch(page, site, login, artifacts):
    Person.objects.create(full_name="Đặng Văn Trình Duyệt", nationality_id="VN")
    specialist = make_user(R.SPECIALIST, username="cv-trinh-duyet")
    page.goto(site.url + "/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=artifacts / "login.png")
    login(specialist)
    assert page.locator(".sidebar").is_visible()
    page.fill(".search-box input[name=q]", "dang van trinh")
    page.press(".search-box input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#search-results a", has_text="Đặng Văn Trình Duyệt").count() == 1
    page.locator("#search-results a", has_text="Đặng Văn Trình Duyệt").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1", has_text="Đặng Văn Trình Duyệt").is_visible()
    page.screenshot(path=artifacts / "person-detail.png", full_page=True)
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("button[name=language][value=vi]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_agency_menu_has_no_system_entries(page, site, login):
    agency = make_user(R.AGENCY, username="don-vi-trinh-duyet")
    login(agency)
    menu = page.locator(".sidebar").inner_text()
    assert "/system/" not in page.content()
    assert menu.strip()


def test_list_filter_and_import_dry_run(page, site, login, artifacts, tmp_path):
    Person.objects.create(full_name="Trần Thị Lọc", sex="F", nationality_id="VN")
    Person.objects.create(full_name="Lê Văn Khác", sex="M", nationality_id="VN")
    specialist = make_user(R.SPECIALIST, username="cv-loc")
    login(specialist, "/core/persons/")
    page.fill("form.filters input[name=q]", "tran thi loc")
    page.locator("form.filters button[type=submit]").click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    assert "Trần Thị Lọc" in rows.first.inner_text()
    expect(page).to_have_url(re.compile(r"q=tran(\+|%20)thi(\+|%20)loc"))
    page.screenshot(path=artifacts / "person-list.png", full_page=True)
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh"])
    ws.append(["Phạm Văn Nhập", "15/04/1980"])
    ws.append(["Phạm Văn Lỗi", "32/13/1980"])
    path = tmp_path / "nhap.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    page.goto(site.url + "/core/persons/import/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "import-dry-run.png", full_page=True)
    problems = page.locator("#import-problems tbody tr.table-danger")
    assert problems.count() == 1 and problems.first.locator("td").first.inner_text() == "3"
    assert not Person.objects.filter(full_name__startswith="Phạm Văn").exists()


def test_two_people_of_the_same_rights_each_see_their_own_header(
    browser, browser_context_args, site, artifacts
):
    """A list kept for the first specialist is served to the second (kept pages are shared by
    users of the same rights): the second sees their own name and unread count, and the
    page's forms post with the second one's own CSRF token."""
    from doingoai.core import page_cache
    from doingoai.core.models import Notification

    Person.objects.create(full_name="Lý Thị Dùng Chung", nationality_id="VN")
    first = make_user(R.SPECIALIST, username="cv-mot", last_name="Nguyễn Văn", first_name="Một")
    second = make_user(R.SPECIALIST, username="cv-hai", last_name="Trần Thị", first_name="Hai")
    Notification.objects.create(user=second, text="Có hồ sơ mới")
    pages = []
    for user in (first, second):  # both signed in first: a sign-in writes the user's row
        page = browser.new_context(**browser_context_args).new_page()
        page.goto(f"{site.url}/accounts/login/?next=/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "Mat-khau-thu-2026")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        pages.append(page)
    page_cache.forget_all()
    for page in pages:
        page.goto(f"{site.url}/core/persons/")
        expect(page.locator("table")).to_contain_text("Lý Thị Dùng Chung")
    kept = [key[0] for key in page_cache._pages if "/core/persons/" in key]
    assert kept == ["shared"]  # one page, rendered for the first and served to the second
    header = pages[1].locator("header.topbar")
    expect(header).to_contain_text("Trần Thị Hai")
    expect(header).not_to_contain_text("Nguyễn Văn Một")
    expect(pages[1].locator("#notification-count")).to_have_text("1")
    expect(pages[0].locator("header.topbar")).to_contain_text("Nguyễn Văn Một")
    expect(pages[0].locator("#notification-count")).to_have_count(0)
    pages[1].screenshot(path=artifacts / "shared-page-second-user.png")
    pages[1].locator("button[name=language][value=en]").click()
    pages[1].wait_for_load_state("networkidle")
    assert pages[1].locator("html").get_attribute("lang") == "en"
