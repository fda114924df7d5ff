"""Registration of the delegation record types."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from doingoai.core.registry import Area, MenuLink, RecordType, registry
from doingoai.core.services import register_change_guard
from doingoai.delegations import checks, services
from doingoai.delegations.forms import (
    DecisionForm,
    InboundFilterSet,
    InboundStageMixin,
    MemberFilterSet,
    OutboundFilterSet,
    OutboundStageMixin,
    member_formset,
)
from doingoai.delegations.models import (
    InboundDelegation,
    OutboundDelegation,
    OutboundMember,
    OutboundStatus,
)
from doingoai.delegations.workflows import INBOUND, OUTBOUND

DELEGATIONS = Area("delegations", _("Delegations"), "bi-airplane", 10, "Đoàn ra, đoàn vào")


class OutboundRecord(RecordType):
    model = OutboundDelegation
    area = DELEGATIONS
    url_slug = "outbound"
    icon = "bi-airplane"
    menu_order = 10
    fields = [
        "title",
        "agency",
        "purpose",
        "pillar",
        "destinations",
        "cities",
        "inviting_partner",
        "funding_source",
        "estimated_cost",
        "currency",
        "planned_departure",
        "planned_return",
        "actual_departure",
        "actual_return",
        "led_by_provincial_leader",
        "report_summary",
        "results",
    ]
    detail_fields = [
        *fields[:14],
        "requested_on",
        "led_by_provincial_leader",
        "decision",
        "appraisal_opinion",
        "report_due",
        "report_submitted_on",
        "report_summary",
        "results",
    ]
    io_fields = [*fields, "decision", "requested_on", "report_due", "report_submitted_on", "status"]
    api_fields = fields
    list_columns = [
        "title",
        "agency",
        "destinations",
        "planned_departure",
        "planned_return",
        "status",
    ]
    filterset_class = OutboundFilterSet
    import_key = ("title", "planned_departure")
    lookup_fields = ("title",)
    list_select_related = ["agency"]
    list_prefetch_related = ["destinations"]
    owner_field = "agency"
    agency_submits = True
    workflow = OUTBOUND
    report_date_field = "planned_departure"
    detail_panels = ["delegations/_outbound_panel.html"]
    import_sample = {
        "title": "Đoàn xúc tiến đầu tư tại Hàn Quốc",
        "destinations": "Hàn Quốc",
        "estimated_cost": "1.250.000.000",
        "currency": "VND",
        "planned_departure": "10/09/2025",
        "planned_return": "15/09/2025",
        # a request: the later stages' cells stay blank (no departure without a decision)
        "actual_departure": None,
        "actual_return": None,
        "decision": None,
        "requested_on": "01/08/2025",
        "report_due": None,
        "report_submitted_on": None,
        "report_summary": None,
        "results": None,
        "status": OutboundStatus.DRAFT.label,
    }

    form_transitions = ("submit",)

    #: the generated form shows the fields of the record's current stage only
    form_mixins = (OutboundStageMixin,)

    def base_queryset(self):  # noqa: ANN201
        return super().base_queryset().with_dates()

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        formset = member_formset(extra=0 if obj.pk else 3)
        return [formset(request.POST or None, instance=obj, prefix="members")]

    def before_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        obj._before_trip = None if creating else services.snapshot_from_db(obj)

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        services.ensure_no_overlap(obj)
        services.register_amendment(
            delegation=obj,
            before=getattr(obj, "_before_trip", None),
            user=user,
            imported=hasattr(obj, "_import_batch"),
        )

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.core import roles as R

        warnings = checks.cap_warnings(obj)
        if obj.status in ("draft", "submitted", "appraised"):
            late = checks.lead_time_warning(obj)
            if late:
                warnings.insert(0, late)
        roles = R.user_roles(request.user)
        return {
            "members": obj.members.select_related("person", "organisation"),
            "amendments": obj.amendments.select_related("decision", "previous_decision"),
            "warnings": warnings,
            "decision_form": DecisionForm()
            if obj.status in ("appraised", "amendment") and roles & {R.LEADER, R.ADMIN}
            else None,
            "can_generate": roles & {R.SPECIALIST, R.LEADER, R.ADMIN},
        }


class MemberRecord(RecordType):
    model = OutboundMember
    area = DELEGATIONS
    url_slug = "members"
    icon = "bi-people"
    menu_order = 20
    fields = ["delegation", "person", "position", "organisation", "is_head"]
    list_columns = ["person", "delegation", "position", "organisation", "is_head"]
    filterset_class = MemberFilterSet
    import_key = ("delegation", "person")
    list_select_related = ["person", "delegation", "organisation"]
    ordering = ["-delegation_id", "-is_head", "id"]
    owner_field = "delegation__agency"
    agency_views = True
    report_date_field = None
    import_sample = {
        "delegation": "Đoàn xúc tiến đầu tư tại Hàn Quốc",
        "person": "Đặng Văn An",
        "position": "Phó Giám đốc",
        "is_head": "Có",
    }

    def before_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        snapshot = services.snapshot_from_db(obj.delegation)
        batch = getattr(obj, "_import_batch", None)
        if batch is not None:  # an import compares with the trip as it was before the file
            snapshot = batch.setdefault(("trip", obj.delegation_id), snapshot)
        obj._before_trip = snapshot

    def after_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        """A member added to a decided delegation (API, import) is an amendment too, except
        when an import completes a trip (see ``services.register_amendment``)."""
        delegation = OutboundDelegation.objects.get(pk=obj.delegation_id)
        problems = checks.overlap_messages(obj.person, delegation)
        if problems:
            raise ValidationError(problems)
        services.register_amendment(
            delegation=delegation,
            before=getattr(obj, "_before_trip", None),
            user=user,
            imported=hasattr(obj, "_import_batch"),
        )


class InboundRecord(RecordType):
    model = InboundDelegation
    area = DELEGATIONS
    url_slug = "inbound"
    icon = "bi-airplane-engines"
    menu_order = 30
    fields = [
        "title",
        "countries",
        "partner",
        "head_name",
        "head_title",
        "foreign_count",
        "overseas_vietnamese_count",
        "member_list",
        "purpose",
        "pillar",
        "host_agency",
        "receiving_leader",
        "planned_arrival",
        "planned_departure",
        "places_visited",
        "permission",
        "security_notes",
        "results",
    ]
    detail_fields = [*fields[:15], "appraisal_opinion", "permission", "security_notes", "results"]
    io_fields = [*fields, "status"]
    list_columns = [
        "title",
        "countries",
        "host_agency",
        "planned_arrival",
        "foreign_count",
        "overseas_vietnamese_count",
        "status",
    ]
    filterset_class = InboundFilterSet
    import_key = ("title", "planned_arrival")
    lookup_fields = ("title",)
    list_select_related = ["host_agency"]
    list_prefetch_related = ["countries"]
    owner_field = "host_agency"
    agency_submits = True
    workflow = INBOUND
    report_date_field = "planned_arrival"
    detail_panels = ["delegations/_inbound_panel.html"]

    #: the generated form shows the fields of the record's current stage only
    form_mixins = (InboundStageMixin,)

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.core import roles as R

        roles = R.user_roles(request.user)
        return {
            "decision_form": DecisionForm()
            if obj.status == "appraised" and roles & {R.LEADER, R.ADMIN}
            else None
        }


def register() -> None:
    register_change_guard(services.member_change_guard)
    registry.register(OutboundRecord)
    registry.register(MemberRecord)
    registry.register(InboundRecord)
    registry.add_menu_link(
        MenuLink(
            DELEGATIONS,
            _("Calendar of trips and visits"),
            "delegations-calendar",
            "bi-calendar3",
            "delegations.view_outbounddelegation",
            40,
        )
    )
