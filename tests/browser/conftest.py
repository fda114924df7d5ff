"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Reference data and role groups are rebuilt for each test because ``live_server`` needs a
transactional database, which is flushed after every test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):  # noqa: ANN001, ANN201
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # noqa: ANN001, ANN201
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is required for browser tests: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # noqa: ANN001, ANN201
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def site(transactional_db, live_server, settings):  # noqa: ANN001, ANN201
    """The live server with reference data, role groups and rules in place."""
    from doingoai.core.groups import sync_role_permissions
    from doingoai.core.reference_data import load_countries
    from doingoai.core.rules import sync_rules

    settings.AXES_ENABLED = False
    settings.TWO_FACTOR_ROLES = []  # tests of two-factor authentication turn it on
    # the server as installed: a session's pages kept and served again (core/page_cache.py);
    # every journey's writes go through the live server and must reach the pages it reopens
    settings.PAGE_CACHE = True
    from doingoai.core import page_cache

    page_cache.forget_all()
    load_countries()
    sync_role_permissions()
    sync_rules()
    return live_server


@pytest.fixture
def login(page, site):  # noqa: ANN001, ANN201
    """``login(user)``: log ``user`` (password Mat-khau-thu-2026) in through the login page."""

    def do(user, target: Path | str = "/"):  # noqa: ANN001, ANN202
        page.context.clear_cookies()
        page.goto(f"{site.url}/accounts/login/?next={target}")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "Mat-khau-thu-2026")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
