"""Registration of the border record types: markers, their inspections, gates (with their
status history) and incidents."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.border import services
from doingoai.border.filters import (
    GateFilterSet,
    IncidentFilterSet,
    InspectionFilterSet,
    MarkerFilterSet,
)
from doingoai.border.forms import crossings_formset, status_formset
from doingoai.border.models import (
    BorderGate,
    BorderIncident,
    BorderMarker,
    CommuneExchange,
    Condition,
    GateStatus,
    IncidentStatus,
    MarkerInspection,
)
from doingoai.border.workflows import INCIDENT
from doingoai.core.registry import Area, RecordType, registry

BORDER = Area("border", _("Border"), "bi-signpost-split", 70, "Biên giới")


class BorderType(RecordType):
    """A border record type: in the menu only where the module is turned on."""

    @property
    def menu(self) -> bool:  # type: ignore[override]
        from doingoai.border.apps import border_enabled

        return border_enabled()


class MarkerRecord(BorderType):
    model = BorderMarker
    area = BORDER
    url_slug = "markers"
    icon = "bi-geo-alt"
    menu_order = 10
    fields = [
        "number",
        "kind",
        "arrangement",
        "country",
        "segment",
        "commune",
        "latitude",
        "longitude",
        "condition",
        "note",
    ]
    detail_fields = [*fields[:9], "last_inspected_on", "note"]
    list_columns = ["number", "kind", "country", "segment", "commune", "condition"]
    filterset_class = MarkerFilterSet
    import_key = ("country", "number")
    lookup_fields = ("number",)
    list_select_related = ["country", "commune", "commune__parent"]
    map_fields = ("latitude", "longitude")
    links_to = ["*"]
    detail_panels = ["border/_marker_panel.html"]
    import_sample = {
        "number": "450(1)",
        "kind": BorderMarker.Kind.MAIN.label,
        "arrangement": BorderMarker.Arrangement.SINGLE.label,
        "country": "Lào",
        "segment": "Đoạn biên giới thử nghiệm",
        "commune": None,
        "latitude": "19°20'15\"N",
        "longitude": "104.123456",
        "condition": Condition.INTACT.label,
        "note": None,
    }

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        services.marker_sync_condition(obj, own_write=True)

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        inspection_rt = registry.get("border.markerinspection")
        return {
            "inspections": obj.inspections.all(),
            "inspection_rt": inspection_rt,
            "can_add_inspection": inspection_rt.can(request.user, "add"),
        }


class InspectionRecord(BorderType):
    model = MarkerInspection
    area = BORDER
    url_slug = "inspections"
    icon = "bi-clipboard-check"
    menu_order = 20
    fields = ["marker", "inspected_on", "condition", "inspector", "repair_works", "notes"]
    list_columns = ["marker", "inspected_on", "condition", "inspector"]
    filterset_class = InspectionFilterSet
    import_key = ("marker", "inspected_on")
    list_select_related = ["marker"]
    report_date_field = "inspected_on"
    import_sample = {
        "marker": "450(1)",
        "inspected_on": "15/03/2025",
        "condition": Condition.DAMAGED.label,
        "inspector": "Đồn Biên phòng thử nghiệm",
        "repair_works": None,
        "notes": "Mốc bị nghiêng do sạt lở",
    }

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        services.marker_sync_condition(BorderMarker.objects.get(pk=obj.marker_id))


class GateRecord(BorderType):
    model = BorderGate
    area = BORDER
    url_slug = "gates"
    icon = "bi-door-open"
    menu_order = 30
    fields = [
        "name",
        "level",
        "country",
        "counterpart",
        "commune",
        "latitude",
        "longitude",
        "status",
        "note",
    ]
    list_columns = ["name", "level", "country", "counterpart", "commune", "status"]
    filterset_class = GateFilterSet
    import_key = ("name",)
    list_select_related = ["country", "commune", "commune__parent"]
    map_fields = ("latitude", "longitude")
    links_to = ["*"]
    detail_panels = ["border/_gate_panel.html"]
    import_sample = {
        "name": "Cửa khẩu thử nghiệm",
        "level": BorderGate.Level.SECONDARY.label,
        "country": "Lào",
        "counterpart": "Cửa khẩu đối diện thử nghiệm",
        "commune": None,
        "latitude": "19.1",
        "longitude": "104.2",
        "status": GateStatus.OPEN.label,
        "note": None,
    }

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        statuses, crossings = status_formset(extra=1), crossings_formset(extra=1)
        return [
            statuses(request.POST or None, instance=obj, prefix="status_changes"),
            crossings(request.POST or None, instance=obj, prefix="crossings"),
        ]

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        services.gate_sync_status(obj)

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        return {
            "status_changes": obj.status_changes.select_related("document"),
            "crossings": obj.crossings.all()[:24],
        }


class IncidentRecord(BorderType):
    model = BorderIncident
    area = BORDER
    url_slug = "incidents"
    icon = "bi-exclamation-triangle"
    menu_order = 40
    fields = [
        "title",
        "kind",
        "occurred_on",
        "place",
        "commune",
        "country",
        "latitude",
        "longitude",
        "parties",
        "vessel_name",
        "vessel_registration",
        "crew_count",
        "held_by",
        "handling",
        "outcome",
        "resolved_on",
    ]
    io_fields = [*fields, "status"]
    list_columns = ["title", "kind", "occurred_on", "place", "country", "status"]
    filterset_class = IncidentFilterSet
    import_key = ("title", "occurred_on")
    lookup_fields = ("title",)
    list_select_related = ["country", "held_by", "commune", "commune__parent"]
    map_fields = ("latitude", "longitude")
    links_to = ["*"]
    workflow = INCIDENT
    report_date_field = "occurred_on"
    import_sample = {
        "title": "Tàu cá thử nghiệm bị bắt giữ",
        "kind": BorderIncident.Kind.FISHERMEN_HELD.label,
        "occurred_on": "02/04/2025",
        "place": "Vùng biển thử nghiệm",
        "commune": None,
        "country": None,
        "latitude": None,
        "longitude": None,
        "parties": None,
        "vessel_name": "NA-90999-TS",
        "vessel_registration": "NA-90999-TS",
        "crew_count": "8",
        "held_by": None,
        "handling": None,
        "outcome": None,
        "resolved_on": None,
        "status": IncidentStatus.REPORTED.label,
    }


class ExchangeRecord(BorderType):
    model = CommuneExchange
    area = BORDER
    url_slug = "commune-activities"
    icon = "bi-people"
    menu_order = 50
    fields = [
        "agency",
        "commune",
        "held_on",
        "kind",
        "counterpart",
        "country",
        "content",
        "outcome",
    ]
    list_columns = ["held_on", "agency", "kind", "counterpart", "country"]
    filter_fields = ["kind", "country", "agency", "held_on"]
    import_key = ("agency", "held_on", "counterpart")
    lookup_fields = ("counterpart",)
    list_select_related = ["agency", "country"]
    owner_field = "agency"
    agency_submits = True
    links_to = ["*"]
    report_date_field = "held_on"
    import_sample = {
        "held_on": "20/05/2025",
        "kind": CommuneExchange.Kind.MEETING.label,
        "counterpart": "Chính quyền bản đối diện (thử nghiệm)",
        "country": "Lào",
        "content": "Trao đổi tình hình an ninh trật tự khu vực biên giới",
        "outcome": None,
        "commune": None,
    }


def register() -> None:
    registry.register(MarkerRecord)
    registry.register(InspectionRecord)
    registry.register(GateRecord)
    registry.register(IncidentRecord)
    registry.register(ExchangeRecord)
