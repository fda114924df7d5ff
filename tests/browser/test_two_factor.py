"""Two-factor authentication in a real Chromium (issue 8): an administrator with an
authenticator app logs in with a code; a leader without a second factor is asked to set one
up, scans (reads) the secret, confirms with a code and keeps the recovery codes."""

from __future__ import annotations

import re

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from doingoai.core import roles as R
from tests.factories import make_user


def code_for(device) -> str:  # noqa: ANN001
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_administrator_with_totp_logs_in(page, site, login, settings, artifacts):
    settings.TWO_FACTOR_ROLES = ["admin", "leader"]
    admin = make_user(R.ADMIN, username="qt-hai-lop")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    login(admin, "/system/users/")
    assert "/accounts/two-factor/" in page.url
    page.screenshot(path=artifacts / "two-factor-verify.png")
    page.fill("input[name=code]", code_for(device))
    page.click("#two-factor-verify button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/system/users/")
    assert page.locator("h1", has_text="Người dùng").is_visible()


def test_leader_without_second_factor_is_asked_to_set_it_up(page, site, login, settings, artifacts):
    settings.TWO_FACTOR_ROLES = ["admin", "leader"]
    leader = make_user(R.LEADER, username="ld-hai-lop")
    login(leader)
    assert "/accounts/two-factor/setup/" in page.url
    assert page.locator("#two-factor-required").is_visible()
    assert page.locator("#two-factor-setup svg").count() == 1
    page.screenshot(path=artifacts / "two-factor-setup.png", full_page=True)
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]{16,}", secret)
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    page.fill("input[name=code]", code_for(device))
    page.click("#two-factor-setup button[type=submit]")
    page.wait_for_load_state("networkidle")
    codes = page.locator("#recovery-codes li")
    assert codes.count() == 10
    page.click("#recovery-codes a")
    page.wait_for_load_state("networkidle")
    assert "/accounts/" not in page.url
    assert page.locator(".sidebar").is_visible()
