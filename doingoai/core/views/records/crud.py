"""List, detail, create/edit and delete of a record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from doingoai.core import field_policy, places, services
from doingoai.core import roles as R
from doingoai.core.filters import filterset_for
from doingoai.core.forms import (
    AttachmentForm,
    CommentForm,
    DocumentLinkForm,
    form_for,
)
from doingoai.core.models import Attachment, MergeLog, RecordDocument, WorkflowTransition
from doingoai.core.paging import FastCountPaginator
from doingoai.core.registry import RecordType
from doingoai.core.tables import is_year_field, kept_relations, listed_links, table_for
from doingoai.core.views.records.base import RecordView


def _with_columns(rt: RecordType, qs: models.QuerySet, user) -> models.QuerySet:  # noqa: ANN001
    """Fetch the links the list's columns show in one query each, never one per row. A
    column listing a record's links as they are (a plain ``ManyToManyColumn``, not masked)
    gets them as a list on the row (``tables.listed_links``): Django's own prefetch makes a
    related manager and a queryset per row to hold them, the third of what the inbound list
    spent beyond the admin's changelist."""
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
    masked = frozenset(n for n in field_policy.sensitive(rt) if field_policy.is_masked(rt, user, n))
    qs = listed_links(rt, qs, table_for(rt), masked)
    return kept_relations(rt, qs.select_related(*fks) if fks else qs)


class ListView(RecordView):
    """Sortable, paginated, filterable list; filters live in the URL; htmx swaps the table."""

    def get(self, request):  # noqa: ANN001, ANN201
        rt = self.record_type
        filterset = filterset_for(rt)(
            request.GET or None, queryset=self.queryset(), request=request
        )
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        table = table_for(rt)(_with_columns(rt, qs, request.user))
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
    if value is not None and getattr(f, "axis", None) in ("lat", "lon"):  # a CoordinateField
        return places.display_coordinate(value, f.axis)
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
        form = form_for(self.record_type)(
            instance=obj, user=request.user, initial=request.GET.dict() if pk is None else None
        )
        return self._render(request, form, self.record_type.formsets(request, obj), obj)

    def post(self, request, pk=None):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self._obj(pk)
        form = form_for(rt)(request.POST, request.FILES, instance=obj, user=request.user)
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
