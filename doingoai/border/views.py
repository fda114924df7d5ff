"""Pages of the border module beyond the generic record pages: the border map (markers,
gates and incidents together, with filters) and the generated documents."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doingoai.border.filters import NEEDS_REPAIR_FILTER
from doingoai.border.models import NEEDS_REPAIR, Condition, GateStatus
from doingoai.border.reports import OPEN_INCIDENT
from doingoai.core import places
from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry

#: The approximate outline of the demo province (Nghệ An), drawn when no
#: ``DOINGOAI_MAP_OUTLINE`` is configured and the province is the demo one.
DEMO_OUTLINE = Path(__file__).resolve().parent / "geo" / "nghe-an.geojson"
#: Points drawn at most per layer (the note under the map says when a layer has more).
POINTS_PER_LAYER = 5000
LAYERS = {
    "markers": "border.bordermarker",
    "gates": "border.bordergate",
    "incidents": "border.borderincident",
}


def province_outline() -> dict | None:
    """The configured outline, else the shipped approximate one of Nghệ An (code 40)."""
    default = str(DEMO_OUTLINE) if str(settings.PROVINCE_CODE) == "40" else None
    return places.map_outline(default)


class MapFilterForm(forms.Form):
    """What the border map shows: the layers, and the markers by segment and condition."""

    show = forms.MultipleChoiceField(
        label=gettext_lazy("show"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        choices=[
            ("markers", gettext_lazy("border markers")),
            ("gates", gettext_lazy("border gates")),
            ("incidents", gettext_lazy("border incidents")),
        ],
    )
    segment = forms.ChoiceField(label=gettext_lazy("border segment"), required=False)
    condition = forms.ChoiceField(
        label=gettext_lazy("marker condition"),
        required=False,
        choices=[
            ("", "—"),
            (NEEDS_REPAIR_FILTER, gettext_lazy("damaged or destroyed")),
            *Condition.choices,
        ],
    )
    gate_status = forms.ChoiceField(
        label=gettext_lazy("gate status"),
        required=False,
        choices=[("", "—"), *GateStatus.choices],
    )
    incidents = forms.ChoiceField(
        label=gettext_lazy("incidents"),
        required=False,
        choices=[("", gettext_lazy("all")), ("open", gettext_lazy("being handled"))],
    )

    def __init__(self, *args, segments: list[str], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", "—"), *((s, s) for s in segments)]
        for name in ("segment", "condition", "gate_status", "incidents"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"


def border_map(request):  # noqa: ANN001, ANN201
    """Markers coloured by condition, gates by status and incidents on one map, filtered by
    segment and condition; works without tiles (the province's outline under the points)."""
    types = {name: registry.get(key) for name, key in LAYERS.items()}
    allowed = {name: rt for name, rt in types.items() if rt.can(request.user, "view")}
    if not allowed:
        raise PermissionDenied
    markers_rt = types["markers"]
    segments = (
        list(
            markers_rt.visible_to(request.user)
            .exclude(segment="")
            .order_by("segment")
            .values_list("segment", flat=True)
            .distinct()
        )
        if "markers" in allowed
        else []
    )
    query = request.GET.copy()
    if query and not query.getlist("show"):  # no layer ticked: all of them
        query.setlist("show", list(LAYERS))
    form = MapFilterForm(query or None, segments=segments, initial={"show": list(LAYERS)})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    shown = set(data.get("show") or LAYERS)
    points: list[dict] = []
    counts: dict[str, int] = {}
    for name, rt in allowed.items():
        if name not in shown:
            continue
        qs = rt.visible_to(request.user)
        if name == "markers":
            if data.get("segment"):
                qs = qs.filter(segment=data["segment"])
            if data.get("condition") == NEEDS_REPAIR_FILTER:
                qs = qs.filter(condition__in=NEEDS_REPAIR)
            elif data.get("condition"):
                qs = qs.filter(condition=data["condition"])
        elif name == "gates" and data.get("gate_status"):
            qs = qs.filter(status=data["gate_status"])
        elif name == "incidents" and data.get("incidents") == "open":
            qs = qs.filter(status__in=OPEN_INCIDENT)
        layer = places.map_points(rt, qs, limit=POINTS_PER_LAYER)
        counts[name] = len(layer)
        points.extend(layer)
    outline = province_outline()
    return render(
        request,
        "border/map.html",
        {
            "form": form,
            "points": points,
            "layer_counts": [(n, allowed[n].label_plural, c) for n, c in counts.items()],
            "capped": [allowed[n].label_plural for n, c in counts.items() if c >= POINTS_PER_LAYER],
            "points_per_layer": POINTS_PER_LAYER,
            "layers": allowed,
            "tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
            "outline": outline,
            "outline_note": _outline_note(outline),
        },
    )


def _outline_note(outline: dict | None) -> str:
    if not outline:
        return ""
    for feature in outline.get("features", [outline]):
        props = feature.get("properties") or {}
        if props.get("approximate"):
            return _("The province's outline is approximate, for orientation only.")
    return ""


#: The generated documents: URL kind -> record type.
DOCUMENTS = {
    "marker-damage": "border.bordermarker",
    "incident": "border.borderincident",
}


@require_POST
def generate_document(request, kind: str, pk: int):  # noqa: ANN001, ANN201
    """Generate the record's document (a damaged marker's report, an incident's report) as
    DOCX in the Decree 30 format and attach it to the record."""
    from doingoai.border import documents

    if kind not in DOCUMENTS:
        raise PermissionDenied
    rt = registry.get(DOCUMENTS[kind])
    if not rt.can(request.user, "view"):
        raise PermissionDenied
    obj = get_object_or_404(rt.visible_to(request.user), pk=pk)
    if not R.user_roles(request.user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        raise PermissionDenied
    builder, description = documents.BUILDERS[kind]
    name, data = builder(obj)
    attachment = core_services.attachment_regenerate(
        obj=obj, name=name, data=data, user=request.user, description=str(description)
    )
    messages.success(
        request,
        _("Generated “%(name)s”: it is in the attachments.") % {"name": attachment.original_name},
    )
    return redirect(obj.get_absolute_url())
