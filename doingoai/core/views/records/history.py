"""A record's history, the trash of deleted records, and restoring a version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from simple_history.models import ModelChange

from doingoai.core import field_policy, services
from doingoai.core.sortkeys import RelatedName
from doingoai.core.views.records.base import RecordView


def _changes(entries: list, fields: list[str], hidden=()) -> list[list[tuple[str, Any, Any]]]:  # noqa: ANN001
    """What changed from each version to the next (simple-history's ``diff_against``), in the
    model's field order; a masked field says it changed, not to what; a state shows its
    label; a link shows the linked record, all of them fetched in one query per model."""
    if not entries:
        return []
    opts = entries[0].instance_type._meta
    editable = [n for n in fields if opts.get_field(n).editable]
    derived = [opts.get_field(n) for n in fields if not opts.get_field(n).editable]
    diffs = []
    for previous, entry in zip([None, *entries[:-1]], entries, strict=True):
        if previous is None:
            diffs.append([])
            continue
        changes = list(entry.diff_against(previous, included_fields=editable).changes)
        changes += [  # stored values the system derives (a due date): compared as stored
            ModelChange(f.name, getattr(previous, f.attname), getattr(entry, f.attname))
            for f in derived
            if getattr(previous, f.attname) != getattr(entry, f.attname)
        ]
        diffs.append(changes)
    wanted: dict[type, set] = {}
    for changes in diffs:
        for change in changes:
            f = opts.get_field(change.field)
            if f.many_to_one and change.field not in hidden:
                wanted.setdefault(f.related_model, set()).update({change.old, change.new} - {None})
    linked = {model: model._base_manager.in_bulk(ids) for model, ids in wanted.items()}
    order = {name: index for index, name in enumerate(fields)}
    result = []
    for changes in diffs:
        rows = []
        for change in sorted(changes, key=lambda c: order.get(c.field, len(order))):
            f = opts.get_field(change.field)
            old, new = change.old, change.new
            if change.field in hidden:  # the field policy: say it changed, not to what
                old, new = field_policy.mask(old), field_policy.mask(new)
            elif f.choices:  # the state's label, not its code
                labels = dict(f.flatchoices)
                old, new = labels.get(old, old), labels.get(new, new)
            elif f.many_to_one:
                objects = linked.get(f.related_model, {})
                old, new = objects.get(old, old), objects.get(new, new)
            rows.append((f.verbose_name, old, new))
        result.append(rows)
    return result


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
            # a related name kept for sorting: its link's change is the one shown
            and not isinstance(f, RelatedName)
        ]
        hidden = [n for n in tracked if field_policy.is_masked(rt, request.user, n)]
        rows = [
            {"entry": entry, "changes": changes}
            for entry, changes in zip(entries, _changes(entries, tracked, hidden), strict=True)
        ]
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
