"""A list page's filters as a user sees them: a date range (django-filter's range filter,
sent as <field>_from and <field>_to) typed dd/mm/yyyy narrows the list, and the page reads in
Vietnamese."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from doingoai.core import roles as R
from doingoai.core.models import LegalDocument
from tests.factories import make_user


def test_documents_list_filtered_by_a_date_range(page, site, login, artifacts):
    for number, day in (
        ("11/QĐ-UBND", date(2024, 3, 10)),
        ("22/QĐ-UBND", date(2024, 9, 5)),
        ("33/QĐ-UBND", date(2025, 2, 1)),
    ):
        LegalDocument.objects.create(
            number=number,
            kind="QĐ",
            issued_date=day,
            issuer="UBND tỉnh Nghệ An",
            summary=f"Quyết định số {number}",
        )
    login(make_user(R.SPECIALIST), "/core/documents/")
    page.get_by_placeholder("từ ngày dd/mm/yyyy").fill("01/01/2024")
    page.get_by_placeholder("đến ngày dd/mm/yyyy").fill("31/12/2024")
    page.get_by_placeholder("đến ngày dd/mm/yyyy").press("Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("11/QĐ-UBND")
    expect(results).to_contain_text("22/QĐ-UBND")
    expect(results).not_to_contain_text("33/QĐ-UBND")
    page.screenshot(path=artifacts / "documents-list-date-range.png", full_page=True)
