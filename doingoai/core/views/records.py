"""Generic record views: list, detail, create, edit, delete, history, trash, restore, export,
import. Every view gets its queryset from ``RecordType.visible_to``; none can forget it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from doingoai.core import field_policy, import_staging, io_safety, jobs, services, transfer
from doingoai.core import roles as R
from doingoai.core.forms import AttachmentForm, CommentForm, DocumentLinkForm, ImportForm
from doingoai.core.models import Attachment, MergeLog, RecordDocument, WorkflowTransition
from doingoai.core.paging import FastCountPaginator
from doingoai.core.registry import RecordType
from doingoai.core.tables import is_year_field


class RecordView(View):
    """Base: resolves the record type, checks the action's permission, scopes objects."""

    record_type: RecordType
    action = "view"
    #: Import views answer only for types declared ``importable``.
    import_view = False

    def dispatch(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        if self.import_view and not self.record_type.importable:
            raise Http404
        if not self.record_type.can(request.user, self.action):
            raise PermissionDenied(_("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def queryset(self) -> models.QuerySet:
        return self.record_type.visible_to(self.request.user)

    def get_object(self, pk: Any) -> models.Model:
        """The record ``pk`` if visible, and only if ``can_object`` allows this view's
        action on it (403 otherwise): the one object-permission hook."""
        obj = get_object_or_404(self.queryset(), pk=pk)
        if not self.record_type.can_object(self.request.user, self.action, obj):
            raise PermissionDenied(_("You do not have permission to do this."))
        return obj

    def posted_version(self) -> int:
        """The version the user's page showed (every write form carries it)."""
        try:
            return int(self.request.POST["version"])
        except (KeyError, ValueError) as exc:
            raise ValidationError(
                _("The page you sent is out of date. Reload it and try again.")
            ) from exc

    def context(self, **extra: Any) -> dict[str, Any]:
        rt = self.record_type
        return {
            "rt": rt,
            "can_add": rt.can(self.request.user, "add"),
            "can_change": rt.can(self.request.user, "change"),
            "can_delete": rt.can(self.request.user, "delete"),
            **extra,
        }


def _with_columns(rt: RecordType, qs: models.QuerySet) -> models.QuerySet:
    """Fetch the links the list's columns show in one query each, never one per row."""
    m2m, fks = [], []
    for name in rt.get_list_columns():
        try:
            f = rt.model._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a computed column)
            continue
        if f.many_to_many and name not in rt.list_prefetch_related:
            m2m.append(name)
        elif f.many_to_one and name not in rt.list_select_related:
            fks.append(name)
    if m2m:
        qs = qs.prefetch_related(*m2m)
    return qs.select_related(*fks) if fks else qs


class ListView(RecordView):
    """Sortable, paginated, filterable list; filters live in the URL; htmx swaps the table."""

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        filterset = rt.filterset(request.GET or None, queryset=self.queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        table = rt.table(_with_columns(rt, qs))
        RequestConfig(
            request, paginate={"per_page": 25, "paginator_class": FastCountPaginator}
        ).configure(table)
        field_policy.mask_table(rt, request.user, table)
        if field_policy.can_see(rt, request.user):
            shown = [row.record.pk for row in table.page.object_list] if table.page else []
            field_policy.log_read(user=request.user, rt=rt, action="list", ids=shown)
        ctx = self.context(filterset=filterset, table=table, query=request.GET.urlencode())
        template = "core/record_list.html#results" if request.htmx else "core/record_list.html"
        return render(request, template, ctx)


def _display(obj: models.Model, name: str, rt: RecordType, user) -> Any:
    f = obj._meta.get_field(name)
    if field_policy.is_masked(rt, user, name):
        return field_policy.mask(getattr(obj, name))
    if f.many_to_many:
        return list(getattr(obj, name).all())
    if f.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if is_year_field(name) and value is not None:
        return str(value)
    return value


class DetailView(RecordView):
    """Fields, workflow actions and steps, linked documents, attachments, recent history."""

    def get(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        field_policy.log_read(user=request.user, rt=rt, action="view", obj=obj)
        ct = ContentType.objects.get_for_model(obj)
        fields = [
            (
                obj._meta.get_field(n).verbose_name,
                _display(obj, n, rt, request.user),
                obj._meta.get_field(n),
            )
            for n in rt.get_detail_fields()
        ]
        workflow = None
        if rt.workflow:
            roles = R.user_roles(request.user)
            workflow = {
                "state": rt.workflow.state(getattr(obj, rt.workflow.field)),
                "actions": rt.workflow.available(obj, roles),
                "steps": WorkflowTransition.objects.filter(
                    content_type=ct, object_id=str(obj.pk)
                ).select_related("user"),
                "labels": {s.value: s.label for s in rt.workflow.states},
                "form": CommentForm(),
            }
        history = obj.history.select_related("history_user").order_by("-history_date")[:10]
        ctx = self.context(
            obj=obj,
            fields=fields,
            workflow=workflow,
            history=history,
            attachments=Attachment.objects.filter(
                content_type=ct, object_id=str(obj.pk), superseded_by=None
            ).prefetch_related("previous_versions"),
            documents=RecordDocument.objects.filter(
                content_type=ct, object_id=str(obj.pk)
            ).select_related("document"),
            attachment_form=AttachmentForm(),
            **self._links_context(obj),
            merges=MergeLog.objects.filter(
                content_type=ct, target_id=str(obj.pk), undone_at__isnull=True
            ).select_related("user"),
            document_form=DocumentLinkForm(),
            **rt.detail_context(request, obj),
        )
        return render(request, "core/record_detail.html", ctx)

    def _links_context(self, obj: models.Model) -> dict[str, Any]:
        """The links panel: links both ways, and what this user may link the record to."""
        from doingoai.core import links
        from doingoai.core.registry import registry

        rt, user = self.record_type, self.request.user
        targets = []
        if rt.can_object(user, "change", obj):
            targets = sorted(
                (
                    (other.key, str(other.label))
                    for other in registry.all()
                    if links.may_link(rt, other) and other.can(user, "view")
                ),
                key=lambda t: t[1],
            )
        return {
            "record_links": links.links_of(obj, user),
            "link_targets": targets,
            "link_kinds": links.link_kinds(),
        }


class EditView(RecordView):
    """Create (no pk) or edit a record, with its inline child rows, through ``record_save``."""

    action = "change"

    def dispatch(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        if kwargs.get("pk") is None:
            self.action = "add"
        return super().dispatch(request, *args, **kwargs)

    def _obj(self, pk: Any) -> models.Model:
        rt = self.record_type
        if pk is None:
            obj = rt.model()
            if rt.workflow:
                setattr(obj, rt.workflow.field, rt.workflow.initial)
            return obj
        return self.get_object(pk)

    def _render(self, request, form, formsets, obj, status: int = 200):  # noqa: ANN001, ANN202
        rt = self.record_type
        moves = []
        if rt.workflow and rt.form_transitions:
            moves = [
                t
                for t in rt.workflow.available(obj, R.user_roles(request.user))
                if t.name in rt.form_transitions
            ]
        return render(
            request,
            "core/record_form.html",
            self.context(form=form, formsets=formsets, obj=obj, form_moves=moves),
            status=status,
        )

    def _move_after_save(self, request, saved: models.Model) -> None:  # noqa: ANN001
        """Save and send: the move chosen on the form, after the save; when the move is
        refused, the record stays saved and the user is told why."""
        rt = self.record_type
        name = request.POST.get("_transition", "")
        if name not in rt.form_transitions:
            messages.success(request, _("Saved “%(obj)s”.") % {"obj": saved})
            return
        label = rt.workflow.transition(name).label
        try:
            services.workflow_apply(rt=rt, obj=saved, transition_name=name, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            reasons = " ".join(getattr(exc, "messages", [str(exc)]))
            messages.warning(
                request,
                _("Saved “%(obj)s”, but “%(action)s” was not done: %(reasons)s")
                % {"obj": saved, "action": label, "reasons": reasons},
            )
        else:
            messages.success(
                request,
                _("Saved “%(obj)s” and done: %(action)s.") % {"obj": saved, "action": label},
            )

    def get(self, request, pk=None):  # noqa: ANN001, ANN201
        obj = self._obj(pk)
        form = self.record_type.form(
            instance=obj, user=request.user, initial=request.GET.dict() if pk is None else None
        )
        return self._render(request, form, self.record_type.formsets(request, obj), obj)

    def post(self, request, pk=None):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self._obj(pk)
        form = rt.form(request.POST, request.FILES, instance=obj, user=request.user)
        formsets = rt.formsets(request, obj)
        valid = form.is_valid() and all(fs.is_valid() for fs in formsets)
        if valid:
            try:
                with transaction.atomic():
                    saved = services.record_save(
                        rt=rt,
                        obj=form.instance,
                        user=request.user,
                        form=form,
                        formsets=formsets,
                        expected_version=form.cleaned_data.get("version"),
                        reason=request.POST.get("reason", ""),
                    )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                self._move_after_save(request, saved)
                return redirect(rt.url("detail", saved.pk))
        return self._render(request, form, formsets, obj, status=400)


class DeleteView(RecordView):
    """Asks, then deletes through ``record_delete``; the record stays restorable."""

    action = "delete"

    def get(self, request, pk):  # noqa: ANN001, ANN201
        return render(request, "core/record_delete.html", self.context(obj=self.get_object(pk)))

    def post(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        try:
            services.record_delete(
                rt=rt,
                obj=obj,
                user=request.user,
                reason=request.POST.get("reason", ""),
                expected_version=self.posted_version(),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(rt.url("detail", pk))
        messages.success(
            request,
            _("Deleted “%(obj)s”. It can be restored from the deleted records.") % {"obj": obj},
        )
        return redirect(rt.url("list"))


def _diff(entry, previous, fields: list[str], hidden=()) -> list[tuple[str, Any, Any]]:  # noqa: ANN001
    if previous is None:
        return []
    changes = []
    for name in fields:
        old, new = getattr(previous, name, None), getattr(entry, name, None)
        if old != new and name in hidden:  # the field policy: say it changed, not to what
            f = entry.instance_type._meta.get_field(name)
            changes.append((f.verbose_name, field_policy.mask(old), field_policy.mask(new)))
        elif old != new:
            f = entry.instance_type._meta.get_field(name)
            if f.choices:  # the state's label, not its code
                labels = dict(f.flatchoices)
                old, new = labels.get(old, old), labels.get(new, new)
            changes.append((f.verbose_name, old, new))
    return changes


class HistoryView(RecordView):
    """Every version of a record: who, when, what changed; restore any of them."""

    def get(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        entries = list(
            rt.history_visible_to(request.user)
            .filter(**{rt.model._meta.pk.attname: obj.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        tracked = [
            f.name
            for f in rt.model._meta.fields
            if f.name not in ("search_text", "updated_at", "version", "updated_by")
        ]
        rows = []
        previous = None
        hidden = [n for n in tracked if field_policy.is_masked(rt, request.user, n)]
        for entry in entries:
            rows.append({"entry": entry, "changes": _diff(entry, previous, tracked, hidden)})
            previous = entry
        field_policy.log_read(user=request.user, rt=rt, action="history", obj=obj)
        rows.reverse()
        return render(request, "core/record_history.html", self.context(obj=obj, rows=rows))


class TrashView(RecordView):
    """Deleted records of this type, with who deleted them and when, and a restore button."""

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        live_pks = rt.model._default_manager.values("pk")
        deleted = (
            rt.history_visible_to(request.user)
            .filter(history_type="-")
            .exclude(**{f"{rt.model._meta.pk.attname}__in": live_pks})
            .select_related("history_user")
            .order_by("-history_date")
        )
        scoped = [
            entry for entry in deleted[:200] if rt.can_object(request.user, "view", entry.instance)
        ]
        return render(request, "core/record_trash.html", self.context(entries=scoped))


class RestoreView(RecordView):
    """POST: restore a record to one snapshot of its history (also undeletes)."""

    action = "change"

    def post(self, request, history_id):  # noqa: ANN001, ANN201
        rt = self.record_type
        entry = rt.history_visible_to(request.user).filter(history_id=history_id).first()
        if entry is None:
            raise Http404
        live = rt.model._default_manager.filter(pk=entry.instance.pk).first()
        if not rt.can_object(request.user, "change", live or entry.instance):
            raise PermissionDenied(_("You do not have permission to do this."))
        back = rt.url("history", live.pk) if live else rt.url("trash")
        try:
            obj = services.record_restore(
                rt=rt,
                history_id=history_id,
                user=request.user,
                expected_version=self.posted_version() if live else None,
                confirm_missing=request.POST.get("confirm_missing") == "1",
            )
        except services.RestoreNeedsConfirmation as exc:
            return render(
                request,
                "core/record_restore_confirm.html",
                self.context(
                    entry=entry,
                    missing=exc.missing,
                    version=request.POST.get("version", ""),
                    back=back,
                ),
                status=409,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("Restored “%(obj)s”.") % {"obj": obj})
        return redirect(rt.url("detail", obj.pk))


class TransitionView(RecordView):
    """POST: one workflow move with its comment."""

    action = "change"

    def post(self, request, pk, name):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        try:
            services.workflow_apply(
                rt=rt,
                obj=obj,
                transition_name=name,
                user=request.user,
                comment=request.POST.get("comment", ""),
                expected_version=self.posted_version(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": rt.workflow.transition(name).label}
            )
        return redirect(rt.url("detail", pk))


class ExportView(RecordView):
    """The filtered list as XLSX or CSV (``?format=csv``), with the list's filters."""

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        params = request.GET.copy()
        fmt = params.pop("format", ["xlsx"])[-1]
        for key in ("page", "sort"):
            params.pop(key, None)
        filterset = rt.filterset(params or None, queryset=self.queryset(), request=request)
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
            filterset = rt.filterset(params or None, queryset=self.queryset(), request=request)
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{rt.model._meta.model_name}-{stamp}"
        if fmt == "csv":
            response = StreamingHttpResponse(
                transfer.export_csv(rt, qs, user=request.user),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        response = HttpResponse(
            transfer.export_xlsx(rt, qs, user=request.user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


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
        return _xlsx_response(transfer.template_xlsx(rt), f"mau-nhap-{rt.url_slug}.xlsx")


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
                plan = transfer.plan_import(rt, data, request.user)
            except transfer.ImportFileError as exc:
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
            plan = transfer.plan_import(rt, data, request.user)
            return _xlsx_response(transfer.rejected_xlsx(plan), f"dong-bi-tu-choi-{token[:8]}.xlsx")
        valid_only = request.POST.get("mode") == "valid_only"
        try:
            result, plan = transfer.commit_import(rt, data, request.user, valid_only=valid_only)
        except transfer.ImportRefused as exc:
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
            token = import_staging.stage(transfer.rejected_xlsx(plan), request.user)
        # the page says the result (#import-result): no flash message repeating it
        return render(
            request,
            "core/record_import.html",
            self.context(
                form=None, result=result, plan=plan if result.rejected else None, token=token
            ),
        )


class AttachmentUploadView(RecordView):
    """POST: attach a file to a record (type and size checked)."""

    action = "change"

    def post(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to attach."))
            return redirect(rt.url("detail", pk))
        upload = form.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in settings.ATTACHMENT_EXTENSIONS:
            messages.error(
                request,
                _("Files of type “%(ext)s” cannot be attached. Allowed: %(allowed)s.")
                % {"ext": suffix or "?", "allowed": ", ".join(settings.ATTACHMENT_EXTENSIONS)},
            )
            return redirect(rt.url("detail", pk))
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            messages.error(
                request,
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            )
            return redirect(rt.url("detail", pk))
        services.attachment_add(
            obj=obj, upload=upload, user=request.user, description=form.cleaned_data["description"]
        )
        messages.success(request, _("Attached “%(name)s”.") % {"name": upload.name})
        return redirect(rt.url("detail", pk))


class DocumentLinkView(RecordView):
    """POST: link a legal document to the record (``document``), or unlink (``unlink``)."""

    action = "change"

    def post(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        form = DocumentLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the document to link."))
            return redirect(rt.url("detail", pk))
        services.document_link(obj=obj, user=request.user, **form.cleaned_data)
        return redirect(rt.url("detail", pk))


class RecordLinkView(RecordView):
    """POST: link the record to another (``target_type`` + ``target``: ID or name, ``kind``),
    or remove a link (``remove`` = its id). Change on this record, view on the other."""

    action = "change"

    def post(self, request, pk):  # noqa: ANN001, ANN201
        from doingoai.core import links
        from doingoai.core.models import RecordLink
        from doingoai.core.registry import registry

        rt = self.record_type
        obj = self.get_object(pk)
        try:
            if request.POST.get("remove"):
                ct = ContentType.objects.get_for_model(obj)
                link = get_object_or_404(
                    RecordLink.objects.filter(
                        models.Q(source_type=ct, source_id=str(obj.pk))
                        | models.Q(target_type=ct, target_id=str(obj.pk))
                    ),
                    pk=request.POST["remove"],
                )
                links.link_remove(link=link, user=request.user)
                messages.success(request, _("The link was removed."))
            else:
                key = request.POST.get("target_type", "")
                try:
                    target_rt = registry.get(key)
                except KeyError as exc:
                    raise ValidationError(_("Choose the kind of record to link.")) from exc
                target = links.resolve_target(
                    target_rt, request.POST.get("target", ""), request.user
                )
                links.link_add(
                    source=obj,
                    target=target,
                    kind=request.POST.get("kind", "related"),
                    user=request.user,
                    note=request.POST.get("note", "")[:300],
                )
                messages.success(request, _("Linked to “%(obj)s”.") % {"obj": target})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(rt.url("detail", pk))


class MapView(RecordView):
    """The list's records (same filters) on a map: Leaflet served by the application, tiles
    only from the configured server, otherwise the points on a plain background."""

    def get(self, request):  # noqa: ANN001, ANN201
        from doingoai.core import places

        rt = self.record_type
        if not rt.map_fields:
            raise Http404
        filterset = rt.filterset(request.GET or None, queryset=self.queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        points = places.map_points(rt, qs)
        return render(
            request,
            "core/record_map.html",
            self.context(
                points=points,
                filterset=filterset,
                query=request.GET.urlencode(),
                tiles={
                    "url": settings.MAP_TILES_URL,
                    "attribution": settings.MAP_TILES_ATTRIBUTION,
                },
            ),
        )


class MergeView(RecordView):
    """Merge this record (a duplicate) into another: GET asks, naming what will move; POST
    merges (``core.merge``). Needs delete on this record and change on the kept one."""

    action = "delete"

    def _target(self, request):  # noqa: ANN001, ANN202
        from doingoai.core.links import resolve_target

        return resolve_target(
            self.record_type, request.POST.get("into") or request.GET.get("into", ""), request.user
        )

    def get(self, request, pk):  # noqa: ANN001, ANN201
        from doingoai.core.merge import merge_plan

        rt = self.record_type
        obj = self.get_object(pk)
        try:
            target = self._target(request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(rt.url("detail", pk))
        return render(
            request,
            "core/record_merge.html",
            self.context(obj=obj, target=target, plan=merge_plan(rt, obj)),
        )

    def post(self, request, pk):  # noqa: ANN001, ANN201
        from doingoai.core.merge import merge_records

        rt = self.record_type
        obj = self.get_object(pk)
        try:
            target = self._target(request)
            if str(target.pk) != request.POST.get("target_id"):
                raise ValidationError(
                    _("The page you sent is out of date. Reload it and try again.")
                )
            merge_records(
                rt=rt,
                source=obj,
                target=target,
                user=request.user,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(rt.url("detail", pk))
        messages.success(request, _("Merged into “%(obj)s”.") % {"obj": target})
        return redirect(rt.url("detail", target.pk))


class MergeUndoView(RecordView):
    """POST: undo a merge into this record (the merged record comes back)."""

    action = "change"

    def post(self, request, pk, merge_id):  # noqa: ANN001, ANN201
        from doingoai.core.merge import merge_undo
        from doingoai.core.models import MergeLog

        rt = self.record_type
        obj = self.get_object(pk)
        merge = get_object_or_404(
            MergeLog,
            pk=merge_id,
            content_type=ContentType.objects.get_for_model(obj),
            target_id=str(obj.pk),
        )
        try:
            source = merge_undo(rt=rt, merge=merge, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(rt.url("detail", pk))
        messages.success(request, _("Merge undone: “%(obj)s” is back.") % {"obj": source})
        return redirect(rt.url("detail", source.pk))


class AttachmentDownloadView(RecordView):
    """Serve an attachment only when its record is visible to the user."""

    def get(self, request, pk, attachment_id):  # noqa: ANN001, ANN201
        obj = self.get_object(pk)
        attachment = get_object_or_404(
            Attachment,
            pk=attachment_id,
            object_id=str(obj.pk),
            content_type=ContentType.objects.get_for_model(obj),
        )
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
        )
