"""The overseas-Vietnamese database in a real Chromium: a leader searches the persons
without diacritics and opens one (contacts shown to this role, consents panel); a specialist
reviews a possible duplicate side by side and merges it, sees the statistics and the world
map drawn offline; an officer without the personal-data permission sees the contacts masked. The
import of a generated file runs as a job with its progress bar (PostgreSQL)."""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import connection

from doingoai.core import roles as R
from doingoai.core.registry import registry
from doingoai.diaspora import services, stress
from doingoai.diaspora.models import DiasporaPerson, DuplicateCandidate
from tests.diaspora.factories import ConsentFactory, PersonFactory
from tests.factories import AdministrativeUnitFactory, make_user

POINT = "path.leaflet-interactive"


def test_search_review_duplicates_merge_and_world_map(page, site, login, artifacts, settings):
    settings.MAP_TILES_URL = ""
    for _ in range(5):
        AdministrativeUnitFactory()
    stress.make_persons(random.Random(7), 60, twins_every=20)
    unit = AdministrativeUnitFactory(name="Xã Kim Liên")
    kept = PersonFactory(
        full_name="Nguyễn Thị Hường",
        birth_year=1972,
        home_unit=unit,
        country_id="US",
        city="San Jose",
        phone="+1 408 555 0142",
        consent=False,
    )
    ConsentFactory(person=kept, scope="Nhận thư mời gặp mặt dịp Tết")
    PersonFactory(
        full_name="Nguyen Thi Huong", birth_year=1972, home_unit=unit, country_id="US", city=""
    )
    services.find_candidates()
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(site.url) else outside.append(request.url),
    )
    rt = registry.get("diaspora.diasporaperson")
    login(make_user(R.LEADER, username="ld-kieu-bao"), rt.url("list"))
    page.goto(f"{site.url}{rt.url('list')}?q=nguyen+thi+huong")
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody tr").count() == 2
    page.screenshot(path=artifacts / "diaspora-search.png", full_page=True)

    page.goto(f"{site.url}{rt.url('detail', kept.pk)}")
    assert "+1 408 555 0142" in page.content()
    assert page.locator("#consents-panel").is_visible()
    assert page.locator("#duplicate-note").is_visible()
    page.screenshot(path=artifacts / "diaspora-person.png", full_page=True)

    login(make_user(R.SPECIALIST, username="cv-kieu-bao"), "/diaspora/duplicates/")
    assert page.locator("#duplicates-table tbody tr").count() >= 2
    page.screenshot(path=artifacts / "diaspora-duplicates.png", full_page=True)
    candidate = DuplicateCandidate.objects.get(first_id=kept.pk)
    page.goto(f"{site.url}/diaspora/duplicates/{candidate.pk}/")
    page.screenshot(path=artifacts / "diaspora-compare.png", full_page=True)
    page.check("#keep-first")
    page.click("#merge-button")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith(f"/{kept.pk}")
    assert DiasporaPerson.objects.filter(full_name="Nguyen Thi Huong").count() == 0
    page.screenshot(path=artifacts / "diaspora-merged.png", full_page=True)

    page.goto(f"{site.url}/diaspora/statistics/?refresh=1")
    page.wait_for_selector(POINT)
    countries = DiasporaPerson.objects.values("country_id").distinct().count()
    assert page.locator(POINT).count() == countries
    page.screenshot(path=artifacts / "diaspora-statistics-map.png", full_page=True)
    assert outside == []

    login(make_user(R.READONLY, username="xem-kieu-bao"), rt.url("detail", kept.pk))
    assert "+1 408 555 0142" not in page.content() and "***" in page.content()
    page.screenshot(path=artifacts / "diaspora-person-masked.png", full_page=True)


def _worker_soon(delay: float) -> threading.Thread:
    def run() -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        time.sleep(delay)
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test-diaspora",
            excluded_queue_names=[],
        ).run()
        connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the worker thread and the live server share SQLite's in-memory test database "
    "(see tests/browser/test_import_job.py); PostgreSQL runs it",
)
def test_import_of_persons_as_a_job_with_progress(page, site, login, artifacts, settings, tmp_path):
    settings.IMPORT_JOB_ROWS = 100
    path = tmp_path / "kieu-bao.xlsx"
    path.write_bytes(stress.persons_xlsx(500))
    rt = registry.get("diaspora.diasporaperson")
    login(make_user(R.ADMIN, username="qt-nhap-kieu-bao"), rt.url("import"))
    page.set_input_files("input[type=file]", str(path))
    page.locator("form button[type=submit], form button.btn-primary").first.click()
    page.wait_for_url("**/imports/**")
    assert page.locator("#job-bar").count() == 1
    page.screenshot(path=artifacts / "diaspora-import-waiting.png", full_page=True)
    worker = _worker_soon(0.5)
    page.wait_for_selector("#job-summary", timeout=120000)
    worker.join(120)
    page.click("#job-commit")
    page.wait_for_url("**/imports/**")
    worker = _worker_soon(0.2)
    page.wait_for_selector("#job-summary", timeout=120000)
    worker.join(120)
    assert DiasporaPerson.objects.count() == 500
    page.screenshot(path=artifacts / "diaspora-import-done.png", full_page=True)
