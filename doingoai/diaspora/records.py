"""Registration of the diaspora record types: persons and their consents, associations,
investments and donations, visits home, events."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.core import field_policy
from doingoai.core import roles as R
from doingoai.core.registry import Area, MenuLink, RecordType, registry
from doingoai.diaspora import filters
from doingoai.diaspora.models import (
    Association,
    Consent,
    DiasporaPerson,
    Event,
    Investment,
    Visit,
)

DIASPORA = Area(
    "diaspora", _("Overseas Vietnamese"), "bi-globe2", 75, "Người Việt Nam ở nước ngoài"
)
#: The permission that shows the persons' contacts, passport and family.
PERSONAL_PERMISSION = "diaspora.view_diaspora_personal_data"
#: The group the administrator gives to the officers who work with the persons' personal data
#: (created by the permission sync; leaders and administrators hold the permission anyway).
PERSONAL_DATA_GROUP = "Được xem dữ liệu cá nhân kiều bào"
#: Contact columns: exported only for persons who consent to be contacted.
CONTACT_FIELDS = ("phone", "email", "address_abroad")


class PersonRecord(RecordType):
    model = DiasporaPerson
    area = DIASPORA
    url_slug = "persons"
    icon = "bi-person-vcard"
    menu_order = 10
    fields = [
        "code",
        "full_name",
        "former_names",
        "sex",
        "birth_date",
        "birth_year",
        "home_unit",
        "home_address",
        "country",
        "city",
        "nationality",
        "occupation",
        "expertise",
        "education",
        "phone",
        "email",
        "address_abroad",
        "passport_number",
        "family_in_province",
        "source",
        "recorded_on",
        "note",
    ]
    list_columns = ["full_name", "birth_year", "country", "city", "home_unit", "occupation"]
    filterset_class = filters.PersonFilterSet
    ordering = ["name_folded", "id"]
    import_key = ("code",)
    lookup_fields = ("full_name",)
    list_select_related = ["country", "home_unit", "home_unit__parent"]
    report_date_field = "recorded_on"
    sensitive_fields = ("phone", "email", "address_abroad", "passport_number", "family_in_province")
    sensitive_permission = PERSONAL_PERMISSION
    links_to = ["*"]
    autocomplete = True
    detail_panels = ["diaspora/_person_panel.html"]
    import_sample = {
        "code": "KB-000001",
        "full_name": "Nguyễn Văn Hùng",
        "former_names": "Henry Nguyen",
        "sex": "Nam",
        "birth_date": "15/03/1975",
        "birth_year": None,
        "home_unit": None,
        "home_address": "Xóm 3",
        "country": "Hoa Kỳ",
        "city": "San Jose",
        "nationality": "Có quốc tịch Việt Nam và quốc tịch nước ngoài",
        "occupation": "Kỹ sư phần mềm",
        "expertise": "Công nghệ thông tin",
        "education": "Đại học",
        "phone": "+1 408 555 0100",
        "email": "hung.nguyen@example.com",
        "address_abroad": None,
        "passport_number": "C1234567",
        "family_in_province": "Mẹ: Trần Thị Lan, xóm 3",
        "source": "Danh sách của Hội đồng hương",
        "recorded_on": "02/01/2026",
        "note": None,
    }

    #: sorting by name uses the stored folded name and the id (one index), not a collation
    #: over a million rows
    sort_keys = {"full_name": ("name_folded", "id")}

    def export_row(self, obj, names: list[str], row: list[Any], user) -> list[Any]:  # noqa: ANN001
        """Contacts leave in an export only for persons who consent to be contacted."""
        if obj.contact_consent:
            return row
        return [
            field_policy.mask(v) if n in CONTACT_FIELDS else v
            for n, v in zip(names, row, strict=False)
        ]

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.diaspora.models import DuplicateCandidate

        consent_rt = registry.get("diaspora.consent")
        pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).filter(
            first_id=obj.pk
        ) | DuplicateCandidate.objects.filter(
            status=DuplicateCandidate.Status.OPEN, second_id=obj.pk
        )
        return {
            "consents": obj.consents.all(),
            "consent_rt": consent_rt,
            "can_add_consent": consent_rt.can(request.user, "add"),
            "associations": obj.associations.all()[:50],
            "investments": obj.investments.all()[:50],
            "visits": obj.visits.all()[:50],
            "events": obj.events.all()[:50],
            "duplicate_pairs": list(pairs[:10]),
            "can_request": field_policy.can_see(self, request.user)
            and self.can(request.user, "change"),
        }


class ConsentRecord(RecordType):
    model = Consent
    area = DIASPORA
    url_slug = "consents"
    icon = "bi-check2-square"
    menu_order = 20
    fields = ["person", "purpose", "given_on", "method", "scope", "withdrawn_on", "note"]
    list_columns = ["person", "purpose", "given_on", "method", "withdrawn_on"]
    filterset_class = filters.ConsentFilterSet
    import_key = ("person", "purpose", "given_on")
    list_select_related = ["person"]
    import_sample = {
        "person": "Nguyễn Văn Hùng",
        "purpose": Consent.Purpose.CONTACT.label,
        "given_on": "02/01/2026",
        "method": Consent.Method.WRITTEN.label,
        "scope": "Nhận thư mời, thông tin qua thư điện tử",
        "withdrawn_on": None,
        "note": None,
    }

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        """Consents are written one by one (also by imports), so that the signals keeping
        the person's "agrees to be contacted" flag fire for each (see ``apps.py``)."""


class AssociationRecord(RecordType):
    model = Association
    area = DIASPORA
    url_slug = "associations"
    icon = "bi-people"
    menu_order = 30
    fields = [
        "name",
        "kind",
        "country",
        "city",
        "founded_on",
        "dissolved_on",
        "leaders",
        "members",
        "member_count",
        "contacts",
        "activities",
    ]
    list_columns = ["name", "kind", "country", "city", "member_count"]
    filterset_class = filters.AssociationFilterSet
    import_key = ("name", "country")
    list_select_related = ["country"]
    links_to = ["*"]
    import_sample = {
        "name": "Hội đồng hương Nghệ An tại Thái Lan",
        "kind": Association.Kind.HOMETOWN.label,
        "country": "Thái Lan",
        "city": "Udon Thani",
        "founded_on": "10/05/2010",
        "dissolved_on": None,
        "leaders": "Chủ tịch: Lê Văn Minh",
        "members": None,
        "member_count": 350,
        "contacts": None,
        "activities": "Tổ chức gặp mặt Tết cổ truyền",
    }


class InvestmentRecord(RecordType):
    model = Investment
    area = DIASPORA
    url_slug = "investments"
    icon = "bi-cash-coin"
    menu_order = 40
    fields = [
        "title",
        "kind",
        "sector",
        "locality",
        "investors",
        "enterprise",
        "registered_on",
        "registered_capital",
        "realised_capital",
        "currency",
        "status",
        "ended_on",
        "document",
        "note",
    ]
    detail_fields = [*fields[:10], "registered_usd", *fields[10:]]
    list_columns = ["title", "kind", "sector", "registered_on", "registered_capital", "currency"]
    filterset_class = filters.InvestmentFilterSet
    import_key = ("title", "registered_on")
    list_select_related = ["locality", "enterprise"]
    report_date_field = "registered_on"
    links_to = ["*"]
    import_sample = {
        "title": "Nhà máy chế biến nông sản thử nghiệm",
        "kind": Investment.Kind.PROJECT.label,
        "sector": "Công nghiệp, chế biến",
        "locality": None,
        "investors": None,
        "enterprise": None,
        "registered_on": "15/04/2025",
        "registered_capital": "2.500.000",
        "realised_capital": None,
        "currency": "USD",
        "status": Investment.Status.REGISTERED.label,
        "ended_on": None,
        "document": None,
        "note": None,
    }


class VisitRecord(RecordType):
    model = Visit
    area = DIASPORA
    url_slug = "visits"
    icon = "bi-house-heart"
    menu_order = 50
    fields = [
        "title",
        "arrived_on",
        "left_on",
        "country",
        "visitors",
        "visitor_count",
        "purpose",
        "host",
        "note",
    ]
    list_columns = ["title", "arrived_on", "country", "visitor_count", "host"]
    filterset_class = filters.VisitFilterSet
    import_key = ("title", "arrived_on")
    list_select_related = ["country", "host"]
    report_date_field = "arrived_on"
    links_to = ["*"]
    import_sample = {
        "title": "Đoàn kiều bào tại Lào về thăm quê",
        "arrived_on": "20/01/2026",
        "left_on": "25/01/2026",
        "country": "Lào",
        "visitors": None,
        "visitor_count": 12,
        "purpose": "Thăm quê, dâng hương tại Khu di tích Kim Liên",
        "host": None,
        "note": None,
    }


class EventRecord(RecordType):
    model = Event
    area = DIASPORA
    url_slug = "events"
    icon = "bi-calendar-event"
    menu_order = 60
    fields = [
        "name",
        "kind",
        "start_on",
        "end_on",
        "place",
        "organiser",
        "participants",
        "participant_count",
        "note",
    ]
    list_columns = ["name", "kind", "start_on", "place", "participant_count"]
    filterset_class = filters.EventFilterSet
    import_key = ("name", "start_on")
    report_date_field = "start_on"
    links_to = ["*"]
    import_sample = {
        "name": "Trại hè thanh niên kiều bào 2026",
        "kind": Event.Kind.SUMMER_CAMP.label,
        "start_on": "01/07/2026",
        "end_on": "10/07/2026",
        "place": "Thành phố Vinh",
        "organiser": "Sở Ngoại vụ",
        "participants": None,
        "participant_count": 45,
        "note": None,
    }


def register() -> None:
    for rt in (
        PersonRecord,
        ConsentRecord,
        AssociationRecord,
        InvestmentRecord,
        VisitRecord,
        EventRecord,
    ):
        registry.register(rt)
    own = {("diaspora", "view_diaspora_personal_data")}
    registry.grant(R.ADMIN, own)
    registry.grant(R.LEADER, own)
    registry.grant(PERSONAL_DATA_GROUP, own)
    for label, url_name, icon, order in (
        (_("Possible duplicates"), "diaspora:duplicates", "bi-people-fill", 70),
        (_("Statistics and map"), "diaspora:statistics", "bi-bar-chart", 80),
        (_("Contact list (with consent)"), "diaspora:contacts", "bi-telephone", 90),
    ):
        registry.add_menu_link(
            MenuLink(DIASPORA, label, url_name, icon, "diaspora.view_diasporaperson", order)
        )
