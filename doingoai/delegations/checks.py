"""Checks a specialist would otherwise do by hand: overlapping trips, lead time, caps."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from doingoai.core import roles as R
from doingoai.core.rules import rule_value
from doingoai.core.text import format_date


def hidden_from_viewer(other) -> bool:  # noqa: ANN001
    """True when the user of the current request is a submitting agency and ``other`` is
    another agency's trip: the overlap message then does not name it (issue 8)."""
    viewer = R.current_user()
    return (
        viewer is not None
        and R.is_agency_user(viewer)
        and other.agency_id != viewer.organisation_id
    )


def overlap_messages(person, delegation) -> list[str]:  # noqa: ANN001
    """Why ``person`` cannot be on ``delegation``: the other trips whose dates overlap."""
    OutboundDelegation = type(delegation)  # noqa: N806 - the model, passed in (no import cycle)
    OUTBOUND_ACTIVE = OutboundDelegation.ACTIVE_STATUSES  # noqa: N806

    start, end = delegation.departure, delegation.return_date
    if start is None or end is None or person is None:
        return []
    if delegation.status not in OUTBOUND_ACTIVE:  # a cancelled or refused trip holds no dates
        return []
    clashes = (
        OutboundDelegation.objects.with_dates()
        .filter(
            members__person=person,
            status__in=OUTBOUND_ACTIVE,
            eff_departure__lte=end,
            eff_return__gte=start,
        )
        .exclude(pk=delegation.pk)
        .order_by("eff_departure")
    )
    return [
        _(
            "%(person)s is already on the delegation “%(other)s” (%(start)s – %(end)s), whose "
            "dates overlap this trip."
        )
        % {
            "person": person,
            "other": other.title,
            "start": format_date(other.eff_departure),
            "end": format_date(other.eff_return),
        }
        if not hidden_from_viewer(other)
        else _("%(person)s is on another trip in these dates; the dates cannot overlap.")
        % {"person": person}
        for other in clashes
    ]


def delegation_overlaps(delegation) -> list[str]:  # noqa: ANN001
    """Every member of ``delegation`` already on another trip with overlapping dates."""
    if delegation.pk is None:
        return []
    return [
        message
        for member in delegation.members.select_related("person")
        for message in overlap_messages(member.person, delegation)
    ]


def lead_time_warning(delegation, today: date | None = None) -> str | None:  # noqa: ANN001
    """A warning when the request reached the department later than the lead time."""
    received = delegation.requested_on or today or date.today()
    days = rule_value("delegations.request_lead_days")
    if delegation.planned_departure and received > delegation.planned_departure - timedelta(
        days=days
    ):
        before = (delegation.planned_departure - received).days
        if before < 0:
            return _(
                "The request arrived %(n)s day(s) after the planned departure (%(date)s); "
                "requests are due %(days)s days before departure."
            ) % {"n": -before, "date": format_date(delegation.planned_departure), "days": days}
        if before == 0:
            return _(
                "The request arrived on the day of departure; requests are due %(days)s days "
                "before departure."
            ) % {"days": days}
        return _(
            "The request arrived %(n)s day(s) before departure, later than the %(days)s "
            "days required."
        ) % {"n": before, "days": days}
    return None


def cap_warnings(delegation) -> list[str]:  # noqa: ANN001
    """The province's caps on size, length and countries (warnings, the leader decides)."""
    warnings = []
    members = delegation.members.count() if delegation.pk else 0
    if members > rule_value("delegations.max_members"):
        warnings.append(
            _("The delegation has %(n)s members, more than the %(max)s allowed.")
            % {"n": members, "max": rule_value("delegations.max_members")}
        )
    if delegation.planned_departure and delegation.planned_return:
        days = (delegation.planned_return - delegation.planned_departure).days + 1
        if days > rule_value("delegations.max_days"):
            warnings.append(
                _("The trip lasts %(n)s days, more than the %(max)s allowed.")
                % {"n": days, "max": rule_value("delegations.max_days")}
            )
    countries = delegation.destinations.count() if delegation.pk else 0
    if countries > rule_value("delegations.max_countries"):
        warnings.append(
            _("The trip visits %(n)s countries, more than the %(max)s allowed.")
            % {"n": countries, "max": rule_value("delegations.max_countries")}
        )
    leader = leader_trips_warning(delegation)
    if leader:
        warnings.append(leader)
    return warnings


def leader_trips_warning(delegation) -> str | None:  # noqa: ANN001
    """When a provincial leader heads the trip: their trips abroad that year beyond the cap."""
    OutboundDelegation = type(delegation)  # noqa: N806 - the model, passed in (no import cycle)
    OUTBOUND_ACTIVE = OutboundDelegation.ACTIVE_STATUSES  # noqa: N806

    if not (delegation.pk and delegation.led_by_provincial_leader and delegation.departure):
        return None
    head = delegation.members.filter(is_head=True).select_related("person").first()
    if head is None:
        return None
    year = delegation.departure.year
    trips = (
        OutboundDelegation.objects.with_dates()
        .filter(
            members__person=head.person,
            status__in=OUTBOUND_ACTIVE,
            eff_departure__year=year,
        )
        .distinct()
        .count()
    )
    allowed = rule_value("delegations.leader_trips_per_year")
    if trips > allowed:
        return _(
            "%(person)s leads or joins %(n)s trips abroad in %(year)s, more than the %(max)s a "
            "provincial leader is allowed."
        ) % {"person": head.person, "n": trips, "year": year, "max": allowed}
    return None
