"""Imports as background jobs: a file longer than a few hundred rows is checked and imported
by the job worker with its progress; one bad row in the middle commits nothing and is named;
a job whose worker died is marked failed; the same from the command line."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from doingoai.core import jobs
from doingoai.core import roles as R
from doingoai.core.models import ImportJob, Person
from doingoai.core.registry import registry

PERSON = registry.get("core.person")


def persons_xlsx(n: int, bad_row: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Giới tính", "Năm sinh", "Quốc tịch"])
    for i in range(n):
        year = "năm ngoái" if bad_row is not None and i + 2 == bad_row else 1960 + i % 40
        sheet.append([f"Kiều Bào Thử {i}", "Nam", year, "Việt Nam"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def run_worker() -> None:
    """What the worker does with each queued job (the worker loop itself closes database
    connections between tasks, which would end the test's transaction on PostgreSQL; the
    browser test runs the real loop)."""
    for job in ImportJob.objects.filter(status="queued").order_by("created_at"):
        jobs.run_import_job.call(str(job.pk))


@pytest.mark.django_db
def test_large_file_runs_as_a_job_with_progress_then_commits(client_as, settings):
    settings.IMPORT_JOB_ROWS = 50
    client = client_as(R.ADMIN)
    upload = io.BytesIO(persons_xlsx(120))
    upload.name = "kieu-bao.xlsx"
    response = client.post(PERSON.url("import"), {"step": "check", "file": upload})
    assert response.status_code == 302 and "/imports/" in response.url
    job = ImportJob.objects.get()
    assert (job.action, job.status, job.total_rows) == ("check", "queued", 120)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(args_kwargs__args=[str(job.pk)]).count() == 1
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "job-bar" in page
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.result["create"] == 120 and job.result["errors"] == 0
    assert not Person.objects.filter(full_name__startswith="Kiều Bào Thử").exists()
    page = client.get(response.url).content.decode()
    assert "hx-trigger" not in page and 'id="job-commit"' in page
    committed = client.post(f"/imports/{job.pk}/commit/")
    follow = ImportJob.objects.exclude(pk=job.pk).get()
    assert committed.url == f"/imports/{follow.pk}/"
    run_worker()
    follow.refresh_from_db()
    assert follow.status == "done" and follow.result["created"] == 120
    assert Person.objects.filter(full_name__startswith="Kiều Bào Thử").count() == 120


@pytest.mark.django_db
def test_one_bad_row_in_the_middle_commits_nothing_and_is_named(role_user, settings):
    from doingoai.core import import_staging

    admin = role_user(R.ADMIN)
    token = import_staging.stage(persons_xlsx(400, bad_row=201), admin)
    job = jobs.create_job(
        rt_key=PERSON.key, user=admin, token=token, filename="x.xlsx", action="commit"
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == "refused"
    assert [p[0] for p in job.result["problems"] if p[3] == "error"] == [201]
    assert not Person.objects.filter(full_name__startswith="Kiều Bào Thử").exists()


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_marked_failed(role_user):
    admin = role_user(R.ADMIN)
    job = ImportJob.objects.create(
        record_type=PERSON.key,
        user=admin,
        token="0" * 32,
        filename="x.xlsx",
        action="commit",
        status="running",
        started_at=timezone.now() - timedelta(hours=1),
    )
    assert jobs.mark_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == "failed" and "không nhập gì" in job.message.lower()


@pytest.mark.django_db
def test_command_line_import(tmp_path, role_user, capsys):
    admin = role_user(R.ADMIN)
    path = tmp_path / "kieu-bao.xlsx"
    path.write_bytes(persons_xlsx(30))
    call_command("import_records", "core.person", str(path))
    assert "30 thêm mới" in capsys.readouterr().out
    assert not Person.objects.filter(full_name__startswith="Kiều Bào Thử").exists()
    call_command("import_records", "core.person", str(path), "--commit")
    assert Person.objects.filter(full_name__startswith="Kiều Bào Thử").count() == 30
    # written in bulk, each with its history row: who and why
    added = Person.history.filter(full_name__startswith="Kiều Bào Thử", history_type="+")
    assert added.count() == 30 and {h.history_user for h in added} == {admin}
    assert all(h.history_change_reason for h in added)
    assert Person.objects.get(full_name="Kiều Bào Thử 7").search_text.startswith("kieu bao thu 7")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(persons_xlsx(10, bad_row=5))
    with pytest.raises(CommandError):
        call_command("import_records", "core.person", str(bad), "--commit")
    assert "Dòng 5" in capsys.readouterr().err
