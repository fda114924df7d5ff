"""Imports as background jobs: a staged file's dry run or commit runs in the job worker
(Django's tasks framework, database backend; ``manage.py db_worker``), reporting its progress,
so that a 100,000-row file never meets the web server's timeout.

A commit is one transaction: a worker killed in the middle commits nothing, and the job,
whose heartbeat stops, is marked failed (``mark_stale_jobs``, run whenever jobs are read).
"""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import import_staging
from doingoai.core import io as record_io
from doingoai.core.models import ImportJob
from doingoai.core.registry import registry

#: Error lines kept in a job's result (the downloadable rejected rows carry all of them).
MAX_PROBLEMS = 1000


def count_rows(data: bytes) -> int:
    """Data rows of the first sheet (without the header), read cheaply."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        return max(sheet.height - 1, 0)
    except Exception:  # noqa: BLE001 (the real parse reports the problem to the user)
        return 0


def create_job(*, rt_key: str, user, token: str, filename: str, action: str) -> ImportJob:  # noqa: ANN001
    """Queue a job over the staged file ``token`` and enqueue its task."""
    data = import_staging.load(token, user)
    job = ImportJob.objects.create(
        record_type=rt_key,
        user=user,
        token=token,
        filename=filename[:255],
        action=action,
        total_rows=count_rows(data) if data else 0,
    )
    run_import_job.enqueue(str(job.pk))
    return job


def _progress_path(job_id: Any):  # noqa: ANN202
    path = settings.DATA_DIR / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path / f"{job_id}.json"


class _Progress:
    """A job's progress and heartbeat, written to a small file at most once a second: it is
    seen while the import's transaction is still open, on SQLite as on PostgreSQL."""

    def __init__(self, job: ImportJob) -> None:
        self.path = _progress_path(job.pk)
        self.last = 0.0
        self("start", 0, job.total_rows, force=True)

    def __call__(self, phase: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 1.0:
            return
        self.last = now
        self.path.write_text(json.dumps({"phase": phase, "done": done, "total": total}))


def read_progress(job: ImportJob) -> ImportJob:
    """``job`` with the progress its worker last wrote (rows done, phase, heartbeat)."""
    path = _progress_path(job.pk)
    if job.status == ImportJob.Status.RUNNING and path.exists():
        try:
            data = json.loads(path.read_text())
        except ValueError:
            return job
        job.phase, job.done_rows = data.get("phase", ""), int(data.get("done", 0))
        job.total_rows = int(data.get("total", job.total_rows)) or job.total_rows
        job.heartbeat_at = timezone.datetime.fromtimestamp(
            path.stat().st_mtime, tz=timezone.get_current_timezone()
        )
    return job


def _problems(plan: record_io.ImportPlan) -> list[list[Any]]:
    return [[p.row, p.column, p.message, p.level] for p in plan.problems][:MAX_PROBLEMS]


def _summary(plan: record_io.ImportPlan) -> dict[str, Any]:
    return {
        "rows": len(plan.rows),
        "create": plan.count("create"),
        "update": plan.count("update"),
        "unchanged": plan.count("unchanged"),
        "errors": len(plan.errors),
        "rejected_rows": len(plan.rejected_rows),
        "problems": _problems(plan),
        "headers": plan.headers,
    }


@task
def run_import_job(job_id: str) -> str:
    """The worker's side of a job: dry run, or commit in one transaction."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job.status
    now = timezone.now()
    job.status, job.started_at, job.heartbeat_at = ImportJob.Status.RUNNING, now, now
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    rt = registry.get(job.record_type)
    data = import_staging.load(job.token, job.user)
    progress = _Progress(job)
    try:
        if data is None:
            raise record_io.ImportFileError(
                _("The uploaded file is no longer kept: upload it again.")
            )
        if job.action == ImportJob.Action.CHECK:
            plan = record_io.plan_import(rt, data, job.user, progress=progress)
            import_staging.keep_plan(job.token, plan)  # the commit job reuses it if still true
            job.result = _summary(plan)
            job.status = ImportJob.Status.DONE
            if plan.rejected_rows:
                job.rejected_token = import_staging.stage(record_io.rejected_xlsx(plan), job.user)
        else:
            try:
                result, plan = record_io.commit_import(
                    rt,
                    data,
                    job.user,
                    valid_only=job.action == ImportJob.Action.VALID_ONLY,
                    progress=progress,
                    plan=import_staging.kept_plan(job.token, job.user),
                )
            except record_io.ImportRefused as refused:
                plan = refused.args[0]
                job.result = _summary(plan)
                job.status = ImportJob.Status.REFUSED
            else:
                job.result = {**_summary(plan), **result.__dict__}
                job.status = ImportJob.Status.DONE
                if result.rejected:
                    job.rejected_token = import_staging.stage(
                        record_io.rejected_xlsx(plan), job.user
                    )
                import_staging.discard(job.token)
    except record_io.ImportFileError as exc:
        job.status, job.message = ImportJob.Status.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 (reported on the job page, logged by the worker)
        job.status = ImportJob.Status.FAILED
        job.message = _("The job stopped on an unexpected error; nothing was imported. (%(e)s)") % {
            "e": exc.__class__.__name__
        }
        raise
    finally:
        job.done_rows = job.total_rows
        job.finished_at = timezone.now()
        job.save()
        _progress_path(job.pk).unlink(missing_ok=True)
    return job.status


def mark_stale_jobs() -> int:
    """Jobs whose worker stopped (killed, machine restarted) are marked failed: their commit,
    one transaction, was rolled back with the worker. A running job is stale when its
    progress file has not been touched for ``IMPORT_JOB_STALE_MINUTES``."""
    limit = timezone.now() - timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES)
    stale = []
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING):
        read_progress(job)
        beat = job.heartbeat_at or job.started_at
        if beat is None or beat < limit:
            stale.append(job.pk)
    return ImportJob.objects.filter(pk__in=stale, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        message=_("The job worker stopped while this job ran; nothing was imported. Run it again."),
    )


def eta(job: ImportJob) -> dict[str, Any]:
    """Rows done, rows per second and seconds left, for the progress bar."""
    total = max(job.total_rows, 1)
    done = min(job.done_rows, total)
    rate = 0.0
    if job.started_at and done:
        elapsed = max((timezone.now() - job.started_at).total_seconds(), 0.001)
        rate = done / elapsed
    left = int((total - done) / rate) if rate else None
    return {
        "percent": int(100 * done / total),
        "done": done,
        "total": job.total_rows,
        "rate": round(rate),
        "left": left,
    }
