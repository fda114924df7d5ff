"""What the consular module puts in the task inbox: open cases without an action for longer
than the rule allows, and ABTC cards about to expire (a new application is needed: a card
is not renewed)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doingoai.consular.models import OPEN_STATUSES, AbtcStatus
from doingoai.core import roles as R
from doingoai.core.agenda import AgendaItem, register_agenda_provider
from doingoai.core.inbox import LIMIT, Task, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value


def consular_tasks(user) -> list[Task]:  # noqa: ANN001
    if not R.user_roles(user) & {R.SPECIALIST, R.LEADER, R.ADMIN}:
        return []
    today = timezone.localdate()
    tasks: list[Task] = []
    idle = rule_value("consular.case_idle_days")
    cases = registry.get("consular.consularcase").visible_to(user)
    late = cases.filter(
        status__in=OPEN_STATUSES, last_action_on__lt=today - timedelta(days=idle)
    ).order_by("last_action_on")
    for case in late[:LIMIT]:
        tasks.append(
            Task(
                _("Cases without action"),
                str(case),
                case.get_absolute_url(),
                case.last_action_on + timedelta(days=idle),
                True,
                case.get_status_display(),
            )
        )
    days = rule_value("consular.abtc_expiry_reminder_days")
    cards = registry.get("consular.abtcapplication").visible_to(user)
    expiring = cards.filter(
        status=AbtcStatus.GRANTED,
        card_expires_on__gte=today,
        card_expires_on__lte=today + timedelta(days=days),
    ).order_by("card_expires_on")
    for card in expiring[:LIMIT]:
        tasks.append(
            Task(
                _("ABTC cards expiring"),
                str(card),
                card.get_absolute_url(),
                card.card_expires_on,
                False,
                card.card_number,
            )
        )
    return tasks


def card_expiries(user, start, end) -> list[AgendaItem]:  # noqa: ANN001
    """ABTC cards whose validity ends in [start, end] (calendar and dashboard)."""
    cards = registry.get("consular.abtcapplication").visible_to(user)
    return [
        AgendaItem(card.card_expires_on, str(card), card.get_absolute_url(), _("ABTC card expires"))
        for card in cards.filter(
            status=AbtcStatus.GRANTED, card_expires_on__range=(start, end)
        ).order_by("card_expires_on")[:LIMIT]
    ]


def register() -> None:
    register_task_provider(consular_tasks)
    register_agenda_provider(card_expiries)
