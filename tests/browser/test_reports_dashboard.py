"""Dashboard → annual report → a figure's link → the list behind it has as many rows as the
figure says. Screenshots of the dashboard and the report preview are kept."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from doingoai.core import roles as R
from tests.delegations.factories import build_year_2025, trip
from tests.factories import PersonFactory, make_user


def test_dashboard_report_and_figure_link(page, site, login, artifacts):
    build_year_2025()
    today = timezone.localdate()
    trip(
        people=[PersonFactory(), PersonFactory()],
        departure=today.replace(day=1),
        status="decided",
        countries=["LA"],
        title="Đoàn công tác tại Lào năm nay",
    )
    leader = make_user(R.LEADER, username="ld-bao-cao")
    login(leader, "/")
    expect(page.locator("#kpis")).to_be_visible()
    expect(page.locator("#chart-months")).to_be_visible()
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)
    page.goto(f"{site.url}/reports/builder/")
    page.select_option("#kind", "year")
    page.fill("#year", "2025")
    page.click("#build-report")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#report-preview")).to_contain_text("2 đoàn/5 lượt")
    page.screenshot(path=artifacts / "report-preview.png", full_page=True)
    for path, expected in (
        ("delegations.outbound.person_trips", 5),
        ("delegations.outbound.delegations", 2),
    ):
        figure = page.locator(f"a.figure-link[data-path='{path}']")
        assert int(figure.inner_text()) == expected
        figure.click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("#results tbody tr")).to_have_count(expected)
        page.go_back()
        page.wait_for_load_state("networkidle")
