"""Registration of the partners module's record types: partners, international agreements
and the dated events of the anniversary register."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.core.registry import Area, MenuLink, RecordType, registry
from doingoai.partners.forms import AgreementFilterSet, PartnerFilterSet
from doingoai.partners.models import Agreement, AgreementStatus, AnniversaryEvent, Partner
from doingoai.partners.workflows import AGREEMENT

PARTNERS = Area(
    "partners", _("Partners and agreements"), "bi-globe2", 50, "Đối tác và thỏa thuận quốc tế"
)


class PartnerRecord(RecordType):
    model = Partner
    area = PARTNERS
    url_slug = "partners"
    icon = "bi-people"
    menu_order = 10
    fields = [
        "name",
        "name_foreign",
        "aliases",
        "kind",
        "country",
        "relation",
        "established",
        "establishing_document",
        "status",
        "contacts",
        "note",
    ]
    list_columns = ["name", "name_foreign", "country", "relation", "established", "status"]
    filterset_class = PartnerFilterSet
    import_key = ("name", "country")
    lookup_fields = ("name", "name_foreign")
    list_select_related = ["country"]
    report_date_field = "established"
    links_to = ["*"]
    detail_panels = ["partners/_partner_profile.html"]
    import_sample = {
        "name": "tỉnh Xiêng Khoảng",
        "name_foreign": "Xiengkhouang Province",
        "aliases": "Xieng Khouang",
        "country": "Lào",
        "relation": Partner.Relation.TRADITIONAL.label,
        "kind": Partner.Kind.PROVINCE.label,
        "established": "05/09/1962",
        "establishing_document": None,
        "status": Partner.Status.ACTIVE.label,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.partners.profile import profile

        return {"profile": profile(obj, request.user)}


class AgreementRecord(RecordType):
    model = Agreement
    area = PARTNERS
    url_slug = "agreements"
    icon = "bi-file-earmark-text"
    menu_order = 20
    fields = [
        "number",
        "title",
        "title_foreign",
        "kind",
        "vietnamese_party",
        "agency",
        "foreign_parties",
        "signed_on",
        "signed_place",
        "vietnamese_signer",
        "foreign_signer",
        "valid_from",
        "valid_to",
        "renewal",
        "consultation_document",
        "consultation_sent_on",
        "consultation_answered_on",
        "consultation_opinion",
        "report_submitted_on",
        "implementation",
    ]
    detail_fields = [
        *fields[:16],  # to the date the consultation was sent
        "consultation_due",
        "consultation_answered_on",
        "consultation_opinion",
        "report_due",
        "report_submitted_on",
        "implementation",
    ]
    io_fields = [*fields, "status"]
    list_columns = [
        "title",
        "vietnamese_party",
        "agency",
        "foreign_parties",
        "signed_on",
        "valid_to",
        "status",
    ]
    filterset_class = AgreementFilterSet
    import_key = ("title", "signed_on")
    lookup_fields = ("title", "number")
    list_select_related = ["vietnamese_party", "agency"]
    list_prefetch_related = ["foreign_parties"]
    owner_field = "agency"
    agency_submits = True
    workflow = AGREEMENT
    report_date_field = "signed_on"
    links_to = ["*"]
    detail_panels = ["partners/_agreement_implementation.html"]
    import_sample = {
        "number": "01/2025/BGN",
        "title": "Biên bản ghi nhớ hợp tác giai đoạn 2025-2030",
        "title_foreign": "Memorandum of Understanding on Cooperation 2025-2030",
        "kind": Agreement.Kind.MOU.label,
        "foreign_parties": None,
        "signed_on": "15/07/2025",
        "signed_place": "Vinh",
        "valid_from": "15/07/2025",
        "valid_to": "14/07/2030",
        "consultation_document": None,
        "consultation_sent_on": "01/06/2025",
        "consultation_answered_on": "10/06/2025",
        "consultation_opinion": Agreement.Opinion.AGREED.label,
        "report_submitted_on": "25/07/2025",
        "status": AgreementStatus.IN_FORCE.label,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.partners.profile import implementation

        return {
            "implementation": implementation(obj, request.user),
            "can_generate": obj.signed_on is not None
            and self.can_object(request.user, "change", obj),
        }


class AnniversaryEventRecord(RecordType):
    model = AnniversaryEvent
    area = PARTNERS
    url_slug = "events"
    icon = "bi-calendar-heart"
    menu_order = 40
    fields = ["title", "date", "country", "confidence", "source", "note"]
    list_columns = ["title", "date", "country", "confidence"]
    filter_fields = ["country", "confidence", "date"]
    import_key = ("title", "date")
    lookup_fields = ("title",)
    list_select_related = ["country"]
    report_date_field = None
    links_to = ["*"]
    import_sample = {
        "title": "Hiệp ước Hữu nghị và Hợp tác Việt Nam - Lào",
        "date": "18/07/1977",
        "country": "Lào",
        "confidence": AnniversaryEvent.Confidence.SOURCED.label,
        "source": "Bộ Ngoại giao",
    }


def register() -> None:
    registry.register(PartnerRecord)
    registry.register(AgreementRecord)
    registry.register(AnniversaryEventRecord)
    registry.add_menu_link(
        MenuLink(
            PARTNERS,
            _("Anniversary register"),
            "partners-anniversaries",
            "bi-calendar-event",
            "partners.view_anniversaryevent",
            30,
        )
    )
