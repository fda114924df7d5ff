"""A project of two donors with three disbursements in three currencies, entered through
its form (the disbursement grid), and its page shows the totals in USD and in VND at the
rates of the disbursements' dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from doingoai.aid.models import AidItem
from doingoai.core import roles as R
from doingoai.core.models import ExchangeRate, Organisation
from tests.aid.factories import DonorFactory
from tests.factories import make_user


def _pick(page, select: str, typed: str, shown: str) -> None:  # noqa: ANN001
    search = page.locator(select).locator("xpath=preceding-sibling::input[1]")
    search.fill(typed)
    page.locator(".autocomplete-results button", has_text=shown).first.click()


def test_a_project_with_two_donors_and_three_disbursements(page, site, login, artifacts):  # noqa: ANN001
    ExchangeRate.objects.create(currency="USD", date=date(2025, 1, 1), usd=1, vnd=25000)
    ExchangeRate.objects.create(
        currency="EUR", date=date(2025, 1, 1), usd=Decimal("1.08"), vnd=27000
    )
    DonorFactory(name="Tổ chức Đông Tây Hội ngộ", country_id="US")
    DonorFactory(name="Quỹ Hỗ trợ Giáo dục Úc", country_id="AU")
    Organisation.objects.create(
        name="Sở Y tế tỉnh Nghệ An", kind="provincial_agency", country_id="VN"
    )
    login(make_user(R.SPECIALIST, username="cv-vien-tro"), "/aid/items/add/")

    page.fill("#id_title", "Dự án chăm sóc sức khỏe ban đầu")
    page.select_option("#id_kind", "project")
    _pick(page, "#id_donors", "dong tay", "Tổ chức Đông Tây Hội ngộ")
    _pick(page, "#id_donors", "quy ho tro", "Quỹ Hỗ trợ Giáo dục Úc")
    expect(page.locator(".tag-list .tag")).to_have_count(2)
    page.locator("#id_agency").locator("xpath=preceding-sibling::input[1]").fill("so y te")
    expect(page.locator("#id_agency option:not([value=''])")).to_have_count(1)
    page.select_option("#id_agency", index=1)
    page.fill("#id_committed_amount", "500.000")
    page.select_option("#id_committed_currency", "USD")
    page.fill("#id_approved_on", "20/02/2025")
    page.fill("#id_start", "01/03/2025")
    page.fill("#id_end", "28/02/2027")
    page.select_option("#id_sectors-0-code", "12220")
    page.fill("#id_sectors-0-percentage", "100")
    for n, (day, amount, currency) in enumerate(
        (
            ("15/03/2025", "100.000", "USD"),
            ("15/06/2025", "50.000,50", "EUR"),
            ("15/09/2025", "2.000.000.000", "VND"),
        )
    ):
        page.fill(f"#id_disbursements-{n}-date", day)
        page.fill(f"#id_disbursements-{n}-amount", amount)
        page.select_option(f"#id_disbursements-{n}-currency", currency)
    page.screenshot(path=artifacts / "aid-item-form.png", full_page=True)
    page.locator("form button[type=submit]", has_text="Lưu").first.click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("h1")).to_have_text("Dự án chăm sóc sức khỏe ban đầu")
    item = AidItem.objects.get(title="Dự án chăm sóc sức khỏe ban đầu")
    assert item.donors.count() == 2 and item.disbursements.count() == 3
    # 100 000 USD + 50 000,50 EUR × 1,08 (54 000,54) + 2 000 000 000 VND ÷ 25 000 (80 000)
    expect(page.locator("#disbursed-usd")).to_have_text("234.000,54 USD")
    # 100 000 × 25 000 + 50 000,50 × 27 000 + 2 000 000 000
    expect(page.locator("#disbursed-vnd")).to_have_text("5.850.013.500 VND")
    expect(page.locator("#disbursement-timeline tbody tr")).to_have_count(3)
    expect(page.locator("#disbursement-timeline tbody tr").first).to_contain_text("15/03/2025")
    page.screenshot(path=artifacts / "aid-item-detail.png", full_page=True)

    # approved (the date entered) then implemented: it counts in the overview
    for move in ("approve", "implement"):
        page.locator(f"button[formaction$='/do/{move}/']").click()
        page.wait_for_load_state("networkidle")
    item.refresh_from_db()
    assert item.status == "implementing"

    page.goto(f"{site.url}/aid/overview/?start=01/01/2025&end=31/12/2025")
    expect(page.locator("#by-donor tbody tr")).to_have_count(2)
    page.screenshot(path=artifacts / "aid-overview.png", full_page=True)

    page.goto(f"{site.url}/aid/coverage/?start=01/01/2025&end=31/12/2025")
    expect(page.locator("h1")).to_contain_text("Địa bàn được hưởng viện trợ")
    page.screenshot(path=artifacts / "aid-coverage.png", full_page=False)
