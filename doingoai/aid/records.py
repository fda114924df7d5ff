"""Registration of the aid record types: donors, aid items (with their sectors, disbursement
grid and progress reports) and disbursements (also listed, imported and entered alone)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.aid.forms import (
    AidItemFilterSet,
    DisbursementFilterSet,
    DonorFilterSet,
    disbursement_formset,
    progress_formset,
    sector_formset,
)
from doingoai.aid.models import AidItem, AidKind, AidSource, AidStatus, Disbursement, Donor
from doingoai.aid.workflows import AID_ITEM
from doingoai.core.registry import Area, MenuLink, RecordType, registry

AID = Area("aid", _("Foreign aid"), "bi-gift", 60, "Viện trợ nước ngoài")


class DonorRecord(RecordType):
    model = Donor
    area = AID
    url_slug = "donors"
    icon = "bi-building"
    autocomplete = True
    menu_order = 10
    fields = [
        "name",
        "kind",
        "organisation",
        "person",
        "country",
        "iati_ref",
        "permit_kind",
        "permit_number",
        "permit_issued_on",
        "permit_expires_on",
        "contact",
        "note",
    ]
    list_columns = ["name", "kind", "country", "permit_number", "permit_expires_on"]
    filterset_class = DonorFilterSet
    import_key = ("name", "country")
    lookup_fields = ("name",)
    list_select_related = ["country"]
    links_to = ["partners.partner", "partners.agreement", "*"]
    detail_panels = ["aid/_donor_panel.html"]
    import_sample = {
        "name": "Tổ chức Thử nghiệm Quốc tế",
        "kind": "Tổ chức phi chính phủ nước ngoài",
        "organisation": None,
        "person": None,
        "country": "Nhật Bản",
        "iati_ref": None,
        "permit_kind": None,
        "permit_number": "123/BNG-GĐK",
        "permit_issued_on": "15/03/2024",
        "permit_expires_on": "14/03/2029",
        "contact": None,
        "note": None,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.aid.views import donor_summary

        return donor_summary(obj, request.user)


class AidItemRecord(RecordType):
    model = AidItem
    area = AID
    url_slug = "items"
    icon = "bi-box-seam"
    autocomplete = True
    menu_order = 20
    fields = [
        "code",
        "title",
        "title_en",
        "kind",
        "source",
        "donors",
        "agency",
        "localities",
        "committed_amount",
        "committed_currency",
        "approval",
        "approved_on",
        "start",
        "end",
        "implemented_on",
        "description",
        "note",
    ]
    io_fields = [*fields, "status"]
    list_columns = ["title", "kind", "agency", "committed_amount", "start", "end", "status"]
    filterset_class = AidItemFilterSet
    import_key = ("title",)
    lookup_fields = ("code", "title")
    list_select_related = ["agency"]
    owner_field = "agency"
    agency_submits = True
    workflow = AID_ITEM
    report_date_field = "approved_on"
    links_to = ["partners.partner", "partners.agreement", "*"]
    detail_panels = ["aid/_item_panel.html"]
    import_sample = {
        "code": "DA-TN-01",
        "title": "Dự án thử nghiệm nâng cao năng lực y tế cơ sở",
        "title_en": "Pilot project on primary health care",
        "kind": AidKind.PROJECT.label,
        "source": AidSource.NGO.label,
        "donors": None,
        "localities": None,
        "committed_amount": "250.000",
        "committed_currency": "USD",
        "approval": None,
        "approved_on": "15/03/2025",
        "start": "01/04/2025",
        "end": "31/03/2027",
        "implemented_on": None,
        "description": None,
        "note": None,
        "status": AidStatus.APPROVED.label,
    }

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        data = request.POST or None
        return [
            sector_formset(extra=0 if obj.pk and obj.sectors.exists() else 1)(
                data, instance=obj, prefix="sectors"
            ),
            disbursement_formset(extra=1 if obj.pk else 3)(
                data, instance=obj, prefix="disbursements"
            ),
            progress_formset(extra=1)(data, instance=obj, prefix="progress"),
        ]

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.aid.views import item_summary

        return item_summary(obj, request.user)


class DisbursementRecord(RecordType):
    model = Disbursement
    area = AID
    url_slug = "disbursements"
    icon = "bi-cash-coin"
    menu_order = 30
    fields = ["item", "date", "amount", "currency", "donor", "note"]
    list_columns = ["date", "item", "amount", "currency", "donor"]
    filterset_class = DisbursementFilterSet
    import_key = ("item", "date", "amount", "currency")
    list_select_related = ["item", "donor"]
    owner_field = "item__agency"
    agency_views = True
    report_date_field = "date"
    import_sample = {
        "date": "20/05/2025",
        "amount": "50.000",
        "currency": "USD",
        "donor": None,
        "note": "Đợt 1",
    }


def register() -> None:
    registry.register(DonorRecord)
    registry.register(AidItemRecord)
    registry.register(DisbursementRecord)
    for name, url, icon, order in (
        (_("Aid overview"), "aid-overview", "bi-bar-chart", 40),
        (_("Aid coverage of localities"), "aid-coverage", "bi-map", 50),
    ):
        registry.add_menu_link(MenuLink(AID, name, url, icon, "aid.view_aiditem", order))
