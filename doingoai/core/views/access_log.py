"""The administrator's personal-data access log: who read which sensitive records, when, by
which channel and why; searchable by user, record, date, channel and action; XLSX export."""

from __future__ import annotations

import io
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from doingoai.core import io_safety
from doingoai.core.forms import DateInput, style_fields
from doingoai.core.models import AccessLog
from doingoai.core.registry import registry

CHANNELS = {"ui": gettext_lazy("web interface"), "api": gettext_lazy("API")}


class AccessLogFilter(forms.Form):
    """Search the access log."""

    user = forms.CharField(label=gettext_lazy("User"), required=False)
    record_type = forms.ChoiceField(label=gettext_lazy("Record type"), required=False)
    record = forms.CharField(label=gettext_lazy("Record ID"), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        types = [rt for rt in registry.all() if rt.sensitive_fields]
        self.fields["record_type"].choices = [("", _("All"))] + [
            (rt.key, capfirst(str(rt.label_plural))) for rt in types
        ]
        self.fields["channel"].choices = [("", _("All")), *CHANNELS.items()]
        self.fields["action"].choices = [("", _("All")), *AccessLog.Action.choices]
        style_fields(self)

    def filter(self, qs):  # noqa: ANN001, ANN201
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["user"]:
            text = data["user"]
            qs = qs.filter(
                Q(user__username__icontains=text)
                | Q(user__last_name__icontains=text)
                | Q(user__first_name__icontains=text)
            )
        if data["record_type"]:
            model = registry.get(data["record_type"]).model
            qs = qs.filter(content_type=ContentType.objects.get_for_model(model))
        if data["record"]:
            record = data["record"].strip()
            qs = qs.filter(
                Q(object_id=record)
                | Q(record_ids=record)
                | Q(record_ids__startswith=f"{record},")
                | Q(record_ids__endswith=f",{record}")
                | Q(record_ids__contains=f",{record},")
            )
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            qs = qs.filter(at__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
        if data["date_to"]:
            qs = qs.filter(at__lte=datetime.combine(data["date_to"], time.max, tzinfo=tz))
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["action"]:
            qs = qs.filter(action=data["action"])
        return qs


def _ids(row: AccessLog) -> list[str]:
    return [i for i in (row.record_ids or row.object_id).split(",") if i]


def _names(rows: list[AccessLog]) -> dict[tuple[int, str], str]:
    """(content type, id) → the record's name, for the first ten records of each line: one
    query per record type on the page, never one per line."""
    wanted: dict[int, set[str]] = {}
    for row in rows:
        wanted.setdefault(row.content_type_id, set()).update(_ids(row)[:10])
    names = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not ids:
            continue
        try:
            objects = model._default_manager.filter(pk__in=list(ids))
            names.update({(ct_id, str(o.pk)): str(o) for o in objects})
        except (ValueError, TypeError):  # an id of another key type
            continue
    return names


def _links(row: AccessLog, names: dict) -> list[tuple[str, str | None]]:  # noqa: ANN001
    """(the record's name, its page or None when deleted) for the first ten records."""
    model = row.content_type.model_class()
    rt = registry.for_model(model) if model and registry.is_registered(model) else None
    links = []
    for pk in _ids(row)[:10]:
        name = names.get((row.content_type_id, pk))
        if name is None:
            links.append((_("#%(id)s (deleted)") % {"id": pk}, None))
        else:
            links.append((name, rt.url("detail", pk) if rt else None))
    return links


def _describe(row: AccessLog, names: dict | None = None) -> dict:  # noqa: ANN001
    model = row.content_type.model_class()
    label = capfirst(str(model._meta.verbose_name_plural)) if model else row.content_type.model
    return {
        "row": row,
        "type": label,
        "channel": CHANNELS.get(row.channel, row.channel),
        "links": _links(row, names) if names is not None else [],
        "count": row.record_count or (1 if row.object_id else 0),
    }


def _xlsx(rows) -> HttpResponse:  # noqa: ANN001
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Access log")[:31])
    ws.append(
        [
            _("Time"),
            _("User"),
            _("Action"),
            _("Record type"),
            _("Records"),
            _("Number of records"),
            _("Channel"),
            _("Reason"),
        ]
    )
    for item in rows:
        row = item["row"]
        ws.append(
            io_safety.safe_row(
                ws,
                [
                    timezone.localtime(row.at).replace(tzinfo=None),
                    str(row.user or "—"),
                    str(row.get_action_display()),
                    str(item["type"]),
                    row.record_ids or row.object_id,
                    item["count"],
                    str(item["channel"]),
                    row.reason,
                ],
            )
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-truy-cap-{stamp}.xlsx"'
    return response


@permission_required("core.view_accesslog", raise_exception=True)
def access_log(request):  # noqa: ANN001, ANN201
    """Who read which sensitive records, when, how and why (search and XLSX export)."""
    params = request.GET.copy()
    fmt = params.pop("format", [""])[-1]
    params.pop("page", None)
    form = AccessLogFilter(params or None)
    qs = form.filter(AccessLog.objects.select_related("user", "content_type").order_by("-at"))
    if fmt == "xlsx":
        return _xlsx(_describe(row) for row in qs.iterator(chunk_size=2000))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    names = _names(list(page))
    return render(
        request,
        "core/access_log.html",
        {
            "page": page,
            "rows": [_describe(row, names) for row in page],
            "form": form,
            "query": params.urlencode(),
        },
    )
