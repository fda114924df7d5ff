"""The partners module's main path in Chromium: a specialist enters a partner, then an
international agreement with it, takes the agreement through its workflow (consultation of
the Ministry of Foreign Affairs, signing, entry into force), finds it in the register of
agreements, on the partner's profile, in the anniversary register and on the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from doingoai.core import roles as R
from doingoai.core.agenda import anniversary_on
from doingoai.core.models import Organisation
from doingoai.partners.models import Agreement, Partner
from tests.factories import make_user


def _pick(page, field: str, typed: str, shown: str) -> None:  # noqa: ANN001
    """Choose in an autocomplete select: type, wait for the option, select it."""
    page.locator(f"#{field}").locator("xpath=preceding-sibling::input[1]").fill(typed)
    option = page.locator(f"#{field} option", has_text=shown).first
    expect(option).to_have_count(1)
    page.locator(f"#{field}").select_option(option.get_attribute("value"))


def _save(page) -> None:  # noqa: ANN001
    page.click("form.record-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def _move(page, name: str) -> None:  # noqa: ANN001
    page.locator(f"button[formaction$='/do/{name}/']").click()
    page.wait_for_load_state("networkidle")


def test_partner_and_agreement_through_the_register(page, site, login, artifacts):
    Organisation.objects.create(name="UBND tỉnh Nghệ An", kind="provincial_agency")
    Organisation.objects.create(name="Sở Ngoại vụ tỉnh Nghệ An", kind="provincial_agency")
    specialist = make_user(R.SPECIALIST, username="cv-doi-tac")
    today = timezone.localdate()
    # the partnership's 20th anniversary falls in the coming 12 months
    coming = today + timedelta(days=30)
    established = anniversary_on(coming, coming.year - 20)
    signed = today - timedelta(days=10)
    consulted = signed - timedelta(days=30)

    login(specialist, "/partners/partners/add/")
    page.fill("#id_name", "tỉnh Gifu")
    page.fill("#id_name_foreign", "Gifu Prefecture")
    page.fill("#id_aliases", "Gifu-ken")
    page.select_option("#id_kind", "province")
    _pick(page, "id_country", "nhat ban", "Nhật Bản")
    page.select_option("#id_relation", "sister")
    page.fill("#id_established", established.strftime("%d/%m/%Y"))
    page.fill("#id_contacts", "Phòng Quốc tế, tỉnh Gifu")
    page.screenshot(path=artifacts / "partners-partner-form.png", full_page=True)
    _save(page)
    expect(page.locator("h1")).to_have_text("tỉnh Gifu")
    partner = Partner.objects.get(name="tỉnh Gifu")
    assert (partner.country_id, partner.established) == ("JP", established)

    page.goto(f"{site.url}/partners/agreements/add/")
    page.fill("#id_title", "Biên bản ghi nhớ hợp tác giữa tỉnh Nghệ An và tỉnh Gifu")
    page.fill("#id_title_foreign", "Memorandum of Understanding between Nghe An and Gifu")
    page.select_option("#id_kind", "mou")
    _pick(page, "id_vietnamese_party", "ubnd nghe an", "UBND tỉnh Nghệ An")
    _pick(page, "id_agency", "so ngoai vu", "Sở Ngoại vụ tỉnh Nghệ An")
    page.select_option("#id_foreign_parties", label="tỉnh Gifu")
    page.fill("#id_consultation_sent_on", consulted.strftime("%d/%m/%Y"))
    page.screenshot(path=artifacts / "partners-agreement-form.png", full_page=True)
    _save(page)
    agreement = Agreement.objects.get(title__startswith="Biên bản ghi nhớ hợp tác giữa")
    assert agreement.agency.name == "Sở Ngoại vụ tỉnh Nghệ An"
    assert agreement.status == "draft" and agreement.consultation_due is not None

    # the Ministry of Foreign Affairs is consulted; the signing needs its date first
    _move(page, "consult")
    _move(page, "sign")
    expect(page.locator(".alert-danger")).to_contain_text("ngày ký")
    agreement.refresh_from_db()
    assert agreement.status == "consultation"
    page.goto(f"{site.url}/partners/agreements/{agreement.pk}/edit/")
    page.fill("#id_signed_on", signed.strftime("%d/%m/%Y"))
    page.fill("#id_signed_place", "Gifu")
    page.fill("#id_consultation_answered_on", (consulted + timedelta(days=7)).strftime("%d/%m/%Y"))
    page.select_option("#id_consultation_opinion", "agreed")
    _save(page)
    _move(page, "sign")
    _move(page, "enter_into_force")
    agreement.refresh_from_db()
    assert agreement.status == "in_force" and agreement.valid_from == signed
    assert agreement.report_due == signed + timedelta(days=15)
    expect(page.locator("body")).to_contain_text(re.compile("đang có hiệu lực", re.IGNORECASE))
    expect(page.locator("body")).to_contain_text((signed + timedelta(days=15)).strftime("%d/%m/%Y"))
    page.screenshot(path=artifacts / "partners-agreement-in-force.png", full_page=True)

    # the register of agreements, filtered to the signed ones
    page.goto(f"{site.url}/partners/agreements/?signed=true")
    expect(page.locator("table")).to_contain_text("Biên bản ghi nhớ hợp tác giữa tỉnh Nghệ An")
    expect(page.locator("table")).to_contain_text("tỉnh Gifu")
    expect(page.locator("table")).to_contain_text(signed.strftime("%d/%m/%Y"))
    page.screenshot(path=artifacts / "partners-register.png", full_page=True)
    page.locator("button.dropdown-toggle", has_text="Xuất").click()
    with page.expect_download() as download:
        page.locator("a[href*='/partners/agreements/export/']:visible").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # the partner's profile lists the agreement
    page.goto(f"{site.url}{partner.get_absolute_url()}")
    expect(page.locator("#partner-timeline")).to_contain_text("Biên bản ghi nhớ hợp tác giữa")
    page.screenshot(path=artifacts / "partners-profile.png", full_page=True)

    # the anniversary register: 5 years after the signing, and the partnership's 20th year
    fifth = signed.year + 5
    page.goto(f"{site.url}/partners/anniversaries/?year={fifth}")
    expect(page.locator("#anniversaries")).to_contain_text(
        "5 năm ký kết Biên bản ghi nhớ hợp tác giữa tỉnh Nghệ An và tỉnh Gifu"
    )
    day = anniversary_on(signed, fifth).strftime("%d/%m/%Y")
    expect(page.locator("#anniversaries")).to_contain_text(day)
    page.screenshot(path=artifacts / "partners-anniversaries-agreement.png", full_page=True)
    page.goto(f"{site.url}/partners/anniversaries/?year={established.year + 20}")
    expect(page.locator("#anniversaries")).to_contain_text("20 năm thiết lập quan hệ kết nghĩa")
    page.screenshot(path=artifacts / "partners-anniversaries.png", full_page=True)

    # the dashboard: the coming anniversary and the report due after signing
    page.goto(f"{site.url}/")
    expect(page.locator("#coming-anniversaries")).to_contain_text("tỉnh Gifu")
    expect(page.locator("#inbox")).to_contain_text("Biên bản ghi nhớ hợp tác giữa")
    page.screenshot(path=artifacts / "partners-dashboard.png", full_page=True)
