"""Pages of import jobs: progress (htmx polling), the dry-run report, commit, result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.core import import_staging, jobs
from doingoai.core.models import ImportJob
from doingoai.core.registry import registry


def _job(request, job_id) -> ImportJob:  # noqa: ANN001
    """The user's own job, for a type the user may still import into."""
    job = get_object_or_404(ImportJob, pk=job_id, user=request.user)
    try:
        rt = registry.get(job.record_type)
    except KeyError as exc:
        raise Http404 from exc
    if not rt.importable or not rt.can(request.user, "add"):
        raise PermissionDenied(_("You do not have permission to do this."))
    jobs.mark_stale_jobs()
    job.refresh_from_db()
    return jobs.read_progress(job)


def _context(job: ImportJob) -> dict:
    rt = registry.get(job.record_type)
    return {"job": job, "rt": rt, "eta": jobs.eta(job), "result": job.result or {}}


@login_required
def job_page(request, job_id):  # noqa: ANN001, ANN201
    """The job: progress while it runs, then its report and what can be done next."""
    job = _job(request, job_id)
    template = "core/import_job.html#job" if request.htmx else "core/import_job.html"
    return render(request, template, _context(job))


@login_required
@require_POST
def job_commit(request, job_id):  # noqa: ANN001, ANN201
    """Commit the file a finished dry run checked: all or nothing, or the valid rows only."""
    job = _job(request, job_id)
    if job.action != ImportJob.Action.CHECK or job.status != ImportJob.Status.DONE:
        messages.error(request, _("Only a finished dry run can be imported."))
        return redirect("import-job", job_id=job.pk)
    if import_staging.load(job.token, request.user) is None:
        messages.error(request, _("The uploaded file is no longer kept: upload it again."))
        return redirect(registry.get(job.record_type).url("import"))
    action = "valid_only" if request.POST.get("mode") == "valid_only" else "commit"
    follow = jobs.create_job(
        rt_key=job.record_type,
        user=request.user,
        token=job.token,
        filename=job.filename,
        action=action,
    )
    return redirect("import-job", job_id=follow.pk)


@login_required
def job_rejected(request, job_id):  # noqa: ANN001, ANN201
    """The rejected rows of a job, with what to fix, as XLSX."""
    job = _job(request, job_id)
    data = import_staging.load(job.rejected_token, request.user) if job.rejected_token else None
    if data is None:
        raise Http404
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="dong-bi-tu-choi-{str(job.pk)[:8]}.xlsx"'
    )
    return response


@login_required
def job_list(request):  # noqa: ANN001, ANN201
    """The user's import jobs, newest first."""
    jobs.mark_stale_jobs()
    items = ImportJob.objects.filter(user=request.user)[:50]
    return render(request, "core/import_jobs.html", {"jobs": items})
