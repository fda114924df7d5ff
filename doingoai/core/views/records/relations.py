"""Links between records and the merge of duplicates (and its undo)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from doingoai.core.models import MergeLog
from doingoai.core.views.records.base import RecordView


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
