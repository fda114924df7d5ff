"""A long import in a real Chromium: the file goes to the job worker, the page shows the
progress bar and then the dry-run report; importing runs as a second job."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from openpyxl import Workbook

from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from tests.factories import make_user

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the worker thread and the live server share SQLite's in-memory test database, "
    "whose table locks between threads do not exist on a real SQLite file; PostgreSQL runs it",
)


def _worker_soon(delay: float) -> threading.Thread:
    def run() -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        time.sleep(delay)
        Worker(  # the command's loop, without its signal handlers (main thread only)
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
            excluded_queue_names=[],
        ).run()
        connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_long_import_shows_progress_then_report(page, site, login, artifacts, settings, tmp_path):
    settings.IMPORT_JOB_ROWS = 100
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Giới tính", "Năm sinh", "Quốc tịch"])
    for i in range(400):
        sheet.append([f"Kiều Bào Trình Duyệt {i}", "Nữ", 1970 + i % 30, "Việt Nam"])
    path = tmp_path / "kieu-bao.xlsx"
    book.save(path)
    rt = registry.get("core.person")
    login(make_user(R.SPECIALIST, username="cv-nhap-lon"), rt.url("import"))
    page.set_input_files("input[type=file]", str(path))
    page.locator("form button[type=submit], form button.btn-primary").first.click()
    page.wait_for_url("**/imports/**")
    assert page.locator("#job-bar").count() == 1
    page.screenshot(path=artifacts / "import-job-waiting.png", full_page=True)
    worker = _worker_soon(0.5)
    page.wait_for_selector("#job-summary", timeout=60000)
    worker.join(60)
    page.screenshot(path=artifacts / "import-job-checked.png", full_page=True)
    assert "400" in page.locator("#job-summary").inner_text()
    page.click("#job-commit")
    page.wait_for_url("**/imports/**")
    worker = _worker_soon(0.2)
    page.wait_for_selector("#job-summary", timeout=60000)
    worker.join(60)
    assert Person.objects.filter(full_name__startswith="Kiều Bào Trình Duyệt").count() == 400
    page.screenshot(path=artifacts / "import-job-done.png", full_page=True)
