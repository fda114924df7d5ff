"""Vietnamese by default in a real Chromium set to English (issue 8): the browser's
Accept-Language does not switch the interface; the language switch does."""

from __future__ import annotations

from doingoai.core import roles as R
from tests.factories import make_user


def test_english_browser_gets_vietnamese_until_the_user_chooses(browser, site):
    make_user(R.SPECIALIST, username="cv-tieng-anh")
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    page = context.new_page()
    page.goto(site.url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("#id_username", "cv-tieng-anh")
    page.fill("#id_password", "Mat-khau-thu-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(site.url + "/core/persons/")
    assert page.locator("html").get_attribute("lang") == "en"  # the choice is kept
    context.close()
