"""Two people edit the same record in two browsers: the second save is refused with what the
first changed and who did it, and nothing the first saved is lost."""

from __future__ import annotations

from doingoai.core import roles as R
from doingoai.core.models import Organisation
from tests.factories import make_user


def _login(page, site, user) -> None:  # noqa: ANN001
    page.goto(f"{site.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "Mat-khau-thu-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_two_sessions_cannot_overwrite_each_other(
    browser, browser_context_args, page, site, artifacts
):  # noqa: ANN001
    org = Organisation.objects.create(name="Sở Du lịch (thử)", kind="provincial_agency")
    first = make_user(R.SPECIALIST, username="cv-mot", first_name="Lan", last_name="Nguyễn Thị")
    second = make_user(R.SPECIALIST, username="cv-hai")
    other_context = browser.new_context(**browser_context_args)
    other = other_context.new_page()
    try:
        _login(page, site, first)
        _login(other, site, second)
        edit = f"{site.url}/core/organisations/{org.pk}/edit/"
        page.goto(edit)
        other.goto(edit)
        page.fill("#id_abbreviation", "SDL")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/edit/" not in page.url
        other.fill("#id_name", "Sở Văn hóa, Thể thao và Du lịch")
        other.click("button[type=submit]")
        other.wait_for_load_state("networkidle")
        other.screenshot(path=artifacts / "conflict-refused.png", full_page=True)
        alert = other.locator(".alert-danger, .errorlist, .invalid-feedback").first
        text = alert.inner_text()
        assert "phiên bản" in text and "cv-mot" in text or "Nguyễn Thị Lan" in text, text
        org.refresh_from_db()
        assert (org.abbreviation, org.name) == ("SDL", "Sở Du lịch (thử)")
    finally:
        other_context.close()
