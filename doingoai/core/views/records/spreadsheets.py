"""Export of the filtered list, the import template, and the import (dry run, commit,
rejected rows)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import field_policy, import_staging, io_safety, jobs
from doingoai.core import io as record_io
from doingoai.core.filters import filterset_for
from doingoai.core.forms import (
    ImportForm,
)
from doingoai.core.views.records.base import RecordView


class ExportView(RecordView):
    """The filtered list as XLSX or CSV (``?format=csv``), with the list's filters."""

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        params = request.GET.copy()
        fmt = params.pop("format", ["xlsx"])[-1]
        for key in ("page", "sort"):
            params.pop(key, None)
        filterset = filterset_for(rt)(params or None, queryset=self.queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        if field_policy.can_see(rt, request.user):  # personal data leaves: say why
            reason = params.pop("reason", [""])[-1].strip()
            if not reason:
                return render(
                    request,
                    "core/export_reason.html",
                    self.context(params=request.GET, asked="reason" in request.GET),
                    status=400 if "reason" in request.GET else 200,
                )
            field_policy.log_read(
                user=request.user,
                rt=rt,
                action="export",
                ids=list(qs.values_list("pk", flat=True)),
                reason=reason,
            )
            filterset = filterset_for(rt)(params or None, queryset=self.queryset(), request=request)
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{rt.model._meta.model_name}-{stamp}"
        if fmt == "csv":
            response = StreamingHttpResponse(
                record_io.export_csv(rt, qs, user=request.user),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        # written row by row to a temporary file, then streamed from it (constant memory)
        return FileResponse(
            record_io.export_xlsx_file(rt, qs, user=request.user),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=record_io.XLSX_TYPE,
        )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportTemplateView(RecordView):
    """The XLSX template with its sample row and column guide."""

    action = "add"
    import_view = True

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        return _xlsx_response(record_io.template_xlsx(rt), f"mau-nhap-{rt.url_slug}.xlsx")


class ImportView(RecordView):
    """Upload → dry run (every problem with row and column) → commit all-or-nothing, or the
    valid rows only with the rejected ones downloadable."""

    action = "add"
    import_view = True

    def get(self, request):  # noqa: ANN001, ANN201
        return render(request, "core/record_import.html", self.context(form=ImportForm()))

    def _stored(self, token: str) -> bytes:
        data = import_staging.load(token, self.request.user)
        if data is None:
            raise Http404
        return data

    def post(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        step = request.POST.get("step", "check")
        if step == "check":
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                return render(
                    request, "core/record_import.html", self.context(form=form), status=400
                )
            upload = form.cleaned_data["file"]
            if upload.size > settings.IMPORT_MAX_BYTES:
                form.add_error(
                    "file",
                    _("The file is larger than %(mb)s MB.")
                    % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
                )
                return render(
                    request, "core/record_import.html", self.context(form=form), status=400
                )
            data = upload.read()
            try:
                io_safety.check_spreadsheet(data)
            except io_safety.UnsafeSpreadsheet as exc:
                form.add_error("file", str(exc))
                return render(
                    request, "core/record_import.html", self.context(form=form), status=400
                )
            token = import_staging.stage(data, request.user)
            if jobs.count_rows(data) > settings.IMPORT_JOB_ROWS:  # long: the job worker runs it
                job = jobs.create_job(
                    rt_key=rt.key,
                    user=request.user,
                    token=token,
                    filename=upload.name,
                    action="check",
                )
                return redirect("import-job", job_id=job.pk)
            try:
                plan = record_io.plan_import(rt, data, request.user)
                import_staging.keep_plan(token, plan)  # the commit reuses it if still true
            except record_io.ImportFileError as exc:
                import_staging.discard(token)
                form.add_error("file", str(exc))
                return render(
                    request, "core/record_import.html", self.context(form=form), status=400
                )
            return render(
                request,
                "core/record_import.html",
                self.context(form=None, plan=plan, token=token, filename=upload.name),
            )
        token = request.POST.get("token", "")
        data = self._stored(token)
        if step == "download-rejected":  # the rejected rows kept after a valid-only commit
            return _xlsx_response(data, f"dong-bi-tu-choi-{token[:8]}.xlsx")
        if step == "rejected":
            plan = record_io.plan_import(rt, data, request.user)
            return _xlsx_response(
                record_io.rejected_xlsx(plan), f"dong-bi-tu-choi-{token[:8]}.xlsx"
            )
        valid_only = request.POST.get("mode") == "valid_only"
        try:
            result, plan = record_io.commit_import(
                rt,
                data,
                request.user,
                valid_only=valid_only,
                plan=import_staging.kept_plan(token, request.user),
            )
        except record_io.ImportRefused as exc:
            plan = exc.args[0]
            messages.error(
                request,
                _(
                    "Nothing was imported: the file has %(n)s error(s). Fix "
                    "them, or choose to import only the valid rows."
                )
                % {"n": len(plan.errors)},
            )
            return render(
                request,
                "core/record_import.html",
                self.context(form=None, plan=plan, token=token),
                status=400,
            )
        import_staging.discard(token)
        if result.rejected:
            token = import_staging.stage(record_io.rejected_xlsx(plan), request.user)
        # the page says the result (#import-result): no flash message repeating it
        return render(
            request,
            "core/record_import.html",
            self.context(
                form=None, result=result, plan=plan if result.rejected else None, token=token
            ),
        )
