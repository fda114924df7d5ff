"""Registration of the consular record types: cases (with their persons and timeline of
actions) and the ABTC enterprises, businesspeople and applications.

Protection is core's: the cases and their persons are seen only by the roles given the
area (the administrator, the leaders and the consular specialists; never a submitting
agency or a read-only user), their identifiers, health and criminal-matter details are
sensitive fields shown under the module's own permission, and core's views log every read
of them (detail, list, history, API, export with a typed reason)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.consular import services
from doingoai.consular.filters import ApplicationFilterSet, CaseFilterSet, PersonFilterSet
from doingoai.consular.forms import actions_formset
from doingoai.consular.models import (
    PERSONAL_PERMISSION,
    AbtcApplication,
    AbtcEnterprise,
    AbtcStatus,
    Businessperson,
    CaseCategory,
    CaseKind,
    CasePerson,
    CaseStatus,
    ConsularCase,
    QualifyingPost,
)
from doingoai.consular.workflows import ABTC, CASE
from doingoai.core import roles as R
from doingoai.core.registry import Area, RecordType, registry

#: The group that shows the personal data of this module to the consular specialists who
#: handle cases (given by the administrator with the area's specialist group; the area group
#: alone opens the cases with their identifiers, health and criminal details masked).
PERSONAL_GROUP = "Lãnh sự, bảo hộ công dân - xem dữ liệu cá nhân"

CONSULAR = Area(
    "consular",
    _("Consular work and ABTC"),
    "bi-passport",
    60,
    "Lãnh sự, bảo hộ công dân và thẻ ABTC",
)


class ProtectedType(RecordType):
    """A type seen only by the roles given the area: the administrator, the leaders
    (view, and change for the workflow) and the area's specialists (its per-area group);
    not the generic specialist or read-only roles, never a submitting agency."""

    area = CONSULAR
    sensitive_permission = PERSONAL_PERMISSION

    def role_actions(self) -> dict[str, tuple[str, ...]]:
        return {R.ADMIN: R.ALL_ACTIONS, R.LEADER: ("view", "change")}


class CaseRecord(ProtectedType):
    model = ConsularCase
    url_slug = "cases"
    icon = "bi-shield-exclamation"
    menu_order = 10
    fields = [
        "title",
        "kind",
        "category",
        "country",
        "place",
        "reported_on",
        "opened_on",
        "closed_on",
        "reported_by",
        "coordinated_with",
        "details",
        "health_details",
        "criminal_details",
        "outcome",
    ]
    detail_fields = [*fields, "last_action_on", "anonymised_on"]
    io_fields = [*fields, "status"]
    list_columns = ["title", "kind", "category", "country", "reported_on", "status"]
    filterset_class = CaseFilterSet
    import_key = ("title", "reported_on")
    lookup_fields = ("title",)
    list_select_related = ["country"]
    links_to = ["*"]
    workflow = CASE
    report_date_field = "reported_on"
    sensitive_fields = ("details", "health_details", "criminal_details")
    detail_panels = ["consular/_case_panel.html"]
    import_sample = {
        "title": "Công dân thử nghiệm bị tạm giữ",
        "kind": CaseKind.PROTECTION.label,
        "category": CaseCategory.DETENTION.label,
        "country": "Hàn Quốc",
        "place": "Busan",
        "reported_on": "03/03/2025",
        "opened_on": "04/03/2025",
        "closed_on": None,
        "reported_by": "Gia đình công dân",
        "coordinated_with": "Cục Lãnh sự - Bộ Ngoại giao; Đại sứ quán Việt Nam tại Hàn Quốc",
        "details": "Bị tạm giữ do vi phạm quy định cư trú",
        "health_details": None,
        "criminal_details": None,
        "outcome": None,
        "status": CaseStatus.HANDLING.label,
    }

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        actions = actions_formset(extra=3 if obj is None or obj.pk is None else 1)
        return [actions(request.POST or None, instance=obj, prefix="actions")]

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        services.sync_last_action(obj)

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        person_rt = registry.get("consular.caseperson")
        return {
            "persons": obj.persons.select_related("nationality"),
            "actions": obj.actions.select_related("document"),
            "person_rt": person_rt,
            "can_add_person": person_rt.can(request.user, "add"),
        }


class PersonRecord(ProtectedType):
    model = CasePerson
    url_slug = "case-persons"
    icon = "bi-person-vcard"
    menu_order = 20
    fields = [
        "case",
        "full_name",
        "role",
        "sex",
        "birth_year",
        "nationality",
        "home_address",
        "id_number",
        "passport_number",
        "health_note",
        "criminal_note",
        "contact",
    ]
    list_columns = ["full_name", "case", "role", "birth_year", "nationality"]
    filterset_class = PersonFilterSet
    import_key = ("case", "full_name")
    lookup_fields = ("full_name",)
    list_select_related = ["case", "nationality"]
    sensitive_fields = (
        "home_address",
        "id_number",
        "passport_number",
        "health_note",
        "criminal_note",
        "contact",
    )
    import_sample = {
        "case": "Công dân thử nghiệm bị tạm giữ",
        "full_name": "Nguyễn Văn Thử",
        "role": CasePerson.Role.CITIZEN.label,
        "sex": None,
        "birth_year": "1990",
        "nationality": "Việt Nam",
        "home_address": None,
        "id_number": None,
        "passport_number": None,
        "health_note": None,
        "criminal_note": None,
        "contact": None,
    }


class EnterpriseRecord(RecordType):
    model = AbtcEnterprise
    area = CONSULAR
    url_slug = "abtc-enterprises"
    icon = "bi-building"
    menu_order = 30
    fields = ["name", "tax_code", "established_on", "address", "sector"]
    list_columns = ["name", "tax_code", "established_on", "sector"]
    filter_fields = ["established_on"]
    import_key = ("tax_code",)
    lookup_fields = ("name",)
    import_sample = {
        "name": "Công ty TNHH Thử nghiệm",
        "tax_code": "2900999999",
        "established_on": "15/03/2018",
        "address": "Vinh, Nghệ An",
        "sector": "Chế biến nông sản xuất khẩu",
    }


class BusinesspersonRecord(RecordType):
    model = Businessperson
    area = CONSULAR
    url_slug = "businesspeople"
    icon = "bi-person-badge"
    menu_order = 40
    fields = [
        "full_name",
        "enterprise",
        "post",
        "post_title",
        "birth_date",
        "passport_number",
        "passport_expires_on",
    ]
    list_columns = ["full_name", "enterprise", "post_title", "post"]
    filter_fields = ["enterprise", "post"]
    import_key = ("enterprise", "full_name")
    lookup_fields = ("full_name",)
    list_select_related = ["enterprise"]
    sensitive_fields = ("passport_number",)
    sensitive_permission = PERSONAL_PERMISSION
    detail_panels = ["consular/_cards_panel.html"]
    import_sample = {
        "full_name": "Trần Thị Thử",
        "enterprise": "Công ty TNHH Thử nghiệm",
        "post": QualifyingPost.DIRECTOR.label,
        "post_title": "Giám đốc",
        "birth_date": None,
        "passport_number": None,
        "passport_expires_on": None,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        return {"applications": obj.applications.order_by("-received_on", "-id")}


class ApplicationRecord(RecordType):
    model = AbtcApplication
    area = CONSULAR
    url_slug = "abtc-applications"
    icon = "bi-credit-card-2-front"
    menu_order = 50
    fields = [
        "businessperson",
        "received_on",
        "economies",
        "opinion",
        "letter_number",
        "recommended_on",
        "outcome_on",
        "card_number",
        "card_issued_on",
    ]
    detail_fields = [*fields[:2], "enterprise", *fields[2:], "card_expires_on"]
    io_fields = [*fields, "status"]
    list_columns = [
        "businessperson",
        "enterprise",
        "received_on",
        "recommended_on",
        "card_number",
        "card_expires_on",
        "status",
    ]
    filterset_class = ApplicationFilterSet
    import_key = ("businessperson", "received_on")
    list_select_related = ["businessperson", "enterprise"]
    workflow = ABTC
    report_date_field = "received_on"
    detail_panels = ["consular/_application_panel.html"]
    import_sample = {
        "businessperson": "Trần Thị Thử",
        "received_on": "10/02/2025",
        "economies": "Tất cả các nền kinh tế thành viên",
        "opinion": None,
        "letter_number": None,
        "recommended_on": None,
        "outcome_on": None,
        "card_number": None,
        "card_issued_on": None,
        "status": AbtcStatus.RECEIVED.label,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        return {
            "problems": services.abtc_problems(obj),
            "can_generate": R.user_roles(request.user) & {R.SPECIALIST, R.LEADER, R.ADMIN}
            and self.can_object(request.user, "change", obj),
        }


def register() -> None:
    registry.register(CaseRecord)
    registry.register(PersonRecord)
    registry.register(EnterpriseRecord)
    registry.register(BusinesspersonRecord)
    registry.register(ApplicationRecord)
    personal = {("consular", "view_personal_consular")}
    for role in (R.ADMIN, R.LEADER, PERSONAL_GROUP):
        registry.grant(role, personal)
