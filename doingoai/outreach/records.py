"""Registration of the outreach module's record types: foreign press visits,
foreign-information publications, cultural and promotion events."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.core.registry import Area, RecordType, registry
from doingoai.outreach.forms import OutreachEventFilterSet, PressVisitFilterSet, reporters_formset
from doingoai.outreach.models import OutreachEvent, PressVisit, Publication

OUTREACH = Area(
    "outreach",
    _("Foreign information and promotion"),
    "bi-megaphone",
    80,
    "Thông tin đối ngoại, quảng bá",
)

#: The types a record may be linked to (core record links).
LINK_TARGETS = [
    "partners.partner",
    "partners.agreement",
    "delegations.inbounddelegation",
    "delegations.outbounddelegation",
]


class PressVisitRecord(RecordType):
    model = PressVisit
    area = OUTREACH
    url_slug = "press-visits"
    icon = "bi-camera-reels"
    menu_order = 10
    fields = [
        "title",
        "outlet",
        "country",
        "topics",
        "places",
        "start_date",
        "end_date",
        "host_agency",
        "accompanying_officer",
        "requested_on",
        "permit",
        "status",
        "results",
    ]
    list_columns = ["title", "outlet", "country", "start_date", "accompanying_officer", "status"]
    filterset_class = PressVisitFilterSet
    import_key = ("title", "start_date")
    lookup_fields = ("title", "outlet")
    list_select_related = ["country"]
    report_date_field = "start_date"
    links_to = LINK_TARGETS
    detail_panels = ["outreach/_press_panel.html"]
    import_sample = {
        "title": "Phóng viên Đài NHK tìm hiểu về du lịch cộng đồng",
        "outlet": "Đài Truyền hình NHK",
        "country": "Nhật Bản",
        "topics": "Du lịch cộng đồng miền Tây Nghệ An",
        "places": "Xã Châu Tiến",
        "start_date": "12/05/2025",
        "end_date": "14/05/2025",
        "host_agency": None,
        "accompanying_officer": "Lê Thị Hạnh",
        "requested_on": "20/04/2025",
        "permit": None,
        "status": PressVisit.Status.DONE.label,
    }

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        formset = reporters_formset(extra=0 if obj.pk else 2)
        return [formset(request.POST or None, instance=obj, prefix="reporters")]

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        return {"reporters": obj.reporters.select_related("country")}


class PublicationRecord(RecordType):
    model = Publication
    area = OUTREACH
    url_slug = "publications"
    icon = "bi-journal-richtext"
    menu_order = 20
    fields = [
        "kind",
        "title",
        "languages",
        "issue_number",
        "published_on",
        "publisher",
        "copies",
        "views",
        "url",
        "note",
    ]
    list_columns = ["title", "kind", "issue_number", "languages", "published_on", "copies", "views"]
    filter_fields = ["kind", "publisher", "published_on"]
    import_key = ("title", "issue_number", "published_on")
    lookup_fields = ("title",)
    list_select_related = []
    report_date_field = "published_on"
    links_to = LINK_TARGETS
    import_sample = {
        "kind": Publication.Kind.BULLETIN.label,
        "title": "Bản tin Đối ngoại Nghệ An",
        "languages": "Tiếng Việt, tiếng Anh",
        "issue_number": "Số 3/2025",
        "published_on": "30/09/2025",
        "publisher": None,
        "copies": 1500,
        "views": 0,
        "url": None,
    }


class OutreachEventRecord(RecordType):
    model = OutreachEvent
    area = OUTREACH
    url_slug = "events"
    icon = "bi-stars"
    menu_order = 30
    fields = [
        "title",
        "kind",
        "location",
        "place",
        "country",
        "organiser",
        "partners",
        "start_date",
        "end_date",
        "participants",
        "agreements_signed",
        "investor_contacts",
        "results",
        "status",
    ]
    list_columns = ["title", "kind", "location", "place", "country", "start_date", "status"]
    filterset_class = OutreachEventFilterSet
    import_key = ("title", "start_date")
    lookup_fields = ("title",)
    list_select_related = ["country"]
    report_date_field = "start_date"
    links_to = LINK_TARGETS
    import_sample = {
        "title": "Hội nghị xúc tiến đầu tư tỉnh Nghệ An tại Hàn Quốc",
        "kind": OutreachEvent.Kind.INVESTMENT.label,
        "location": OutreachEvent.Location.ABROAD.label,
        "place": "Seoul",
        "country": "Hàn Quốc",
        "organiser": None,
        "partners": "Hiệp hội Doanh nghiệp Hàn Quốc",
        "start_date": "20/11/2025",
        "end_date": "21/11/2025",
        "participants": 150,
        "agreements_signed": 3,
        "investor_contacts": 40,
        "status": OutreachEvent.Status.HELD.label,
    }


def register() -> None:
    registry.register(PressVisitRecord)
    registry.register(PublicationRecord)
    registry.register(OutreachEventRecord)
