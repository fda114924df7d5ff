"""Registration of the conferences module's record type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from doingoai.conferences.forms import ConferenceFilterSet, PermitForm
from doingoai.conferences.models import Conference, Level, Status
from doingoai.conferences.workflows import CONFERENCE
from doingoai.core.registry import Area, RecordType, registry

CONFERENCES = Area(
    "conferences", _("International conferences"), "bi-easel2", 20, "Hội nghị, hội thảo quốc tế"
)

#: The types an event may be linked to (core record links): partners, agreements signed at
#: it, delegations that came for it or went to it.
LINK_TARGETS = [
    "partners.partner",
    "partners.agreement",
    "delegations.inbounddelegation",
    "delegations.outbounddelegation",
]

CRITERIA_FIELDS = [
    "foreign_high_level",
    "vietnamese_high_level",
    "topic_politics",
    "topic_security",
    "topic_defence",
    "topic_ethnicity",
    "topic_religion",
    "topic_human_rights",
    "topic_borders",
    "topic_state_secrets",
]


class ConferenceRecord(RecordType):
    model = Conference
    area = CONFERENCES
    url_slug = "events"
    icon = "bi-easel2"
    menu_order = 10
    fields = [
        "title",
        "title_en",
        "kind",
        "event_form",
        "role",
        "organiser",
        "foreign_organisers",
        "sponsors",
        "countries",
        "topic",
        "sector",
        "venue",
        "online_platform",
        "start_date",
        "end_date",
        "foreign_participants",
        "domestic_participants",
        "funding_source",
        "estimated_cost",
        "currency",
        *CRITERIA_FIELDS,
        "report_summary",
    ]
    detail_fields = [
        *fields[:20],
        "approval_level",
        "requested_on",
        "request_due",
        "appraisal_opinion",
        "permit",
        "report_due",
        "report_submitted_on",
        "report_summary",
    ]
    io_fields = [*fields, "requested_on", "permit", "report_submitted_on", "status"]
    api_fields = [*fields, "requested_on", "report_submitted_on"]
    list_columns = [
        "title",
        "kind",
        "event_form",
        "role",
        "organiser",
        "start_date",
        "approval_level",
        "status",
    ]
    filterset_class = ConferenceFilterSet
    import_key = ("title", "start_date")
    lookup_fields = ("title", "title_en")
    list_select_related = ["organiser"]
    owner_field = "organiser"
    agency_submits = True
    workflow = CONFERENCE
    form_transitions = ("submit",)
    report_date_field = "start_date"
    links_to = LINK_TARGETS
    detail_panels = ["conferences/_conference_panel.html"]
    import_sample = {
        "title": "Hội thảo quốc tế về phát triển du lịch bền vững vùng Bắc Trung Bộ",
        "title_en": "International Seminar on Sustainable Tourism in North Central Viet Nam",
        "kind": Conference.Kind.SEMINAR.label,
        "event_form": Conference.Form.HYBRID.label,
        "role": Conference.Role.PERMITTED.label,
        "foreign_organisers": None,
        "sponsors": None,
        "countries": "Nhật Bản",
        "topic": "Kinh nghiệm phát triển du lịch cộng đồng",
        "sector": Conference.Sector.CULTURE.label,
        "venue": "Khách sạn Mường Thanh, thành phố Vinh",
        "online_platform": "Zoom",
        "start_date": "15/10/2025",
        "end_date": "16/10/2025",
        "foreign_participants": 25,
        "domestic_participants": 120,
        "funding_source": Conference.Funding.MIXED.label,
        "estimated_cost": "350.000.000",
        "currency": "VND",
        "report_summary": None,
        "requested_on": "01/09/2025",
        "permit": None,
        "report_submitted_on": None,
        "status": Status.REQUESTED.label,
    }

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.conferences.approval import assess, days_short, lead_days
        from doingoai.core import roles as R

        roles = R.user_roles(request.user)
        department = bool(roles & {R.SPECIALIST, R.LEADER, R.ADMIN})
        from doingoai.core.models import SiteSettings

        initial = {
            "issuer": "Thủ tướng Chính phủ"
            if obj.approval_level == Level.PRIME_MINISTER
            else SiteSettings.load().committee_name
        }
        return {
            "assessment": assess(obj),
            "lead_days": lead_days(obj.approval_level),
            "days_short": days_short(obj)
            if obj.status in ("draft", "requested", "appraised")
            else 0,
            "permit_form": PermitForm(initial=initial)
            if obj.status == "appraised" and department
            else None,
            "can_generate": department,
        }


def register() -> None:
    registry.register(ConferenceRecord)
