"""Services of the consular module: the ABTC checks against Decision 09/2023/QĐ-TTg, the
timeline's last action, and the anonymisation of closed cases after the retention period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.consular.models import NON_QUALIFYING, CasePerson, ConsularCase
from doingoai.consular.rules import add_years
from doingoai.core.rules import rule_value
from doingoai.core.text import format_date


def abtc_problems(application: Any, on: date | None = None) -> list[str]:
    """Why ``application`` may not be recommended (empty: it may). Each check alone decides:
    the enterprise has operated at least the rule's months (12) on the day the application
    was received, and the applicant holds a qualifying post."""
    problems = []
    person = application.businessperson
    enterprise = person.enterprise
    day = on or application.received_on
    months = rule_value("consular.abtc_min_operation_months")
    if enterprise.months_operating(day) < months:
        problems.append(
            _(
                "%(enterprise)s was registered on %(date)s: it has not operated for %(months)s "
                "months (Decision 09/2023/QĐ-TTg)."
            )
            % {
                "enterprise": enterprise.name,
                "date": format_date(enterprise.established_on),
                "months": months,
            }
        )
    if person.post in NON_QUALIFYING:
        problems.append(
            _("%(name)s does not hold a post that qualifies for an ABTC (Decision 09/2023/QĐ-TTg).")
            % {"name": person.full_name}
        )
    return problems


def sync_last_action(case: ConsularCase) -> None:
    """Store the date of the case's latest action (the inbox asks it)."""
    latest = case.actions.aggregate(last=Max("done_on"))["last"]
    last = max(d for d in (latest, case.started_on) if d is not None)
    ConsularCase.objects.filter(pk=case.pk).update(last_action_on=last)
    case.last_action_on = last


ERASED = "—"
#: What anonymisation blanks on a case and on its persons (names become "Người liên quan N").
CASE_PERSONAL = ("details", "health_details", "criminal_details", "reported_by")
PERSON_PERSONAL = (
    "id_number",
    "passport_number",
    "health_note",
    "criminal_note",
    "contact",
    "home_address",
)


def anonymisable(today: date | None = None):  # noqa: ANN201
    """Closed cases whose retention period is over and that still hold personal data."""
    today = today or timezone.localdate()
    years = rule_value("consular.retention_years")
    limit = add_years(today, -years)
    return ConsularCase.objects.filter(
        anonymised_on__isnull=True, ended_on__isnull=False, ended_on__lt=limit
    ).exclude(status__in=("received", "handling"))


@transaction.atomic
def anonymise(cases, today: date | None = None) -> int:  # noqa: ANN001
    """Remove the personal data of ``cases`` and their persons; what the report counts (kind,
    category, country, dates, status) stays. Returns the number of cases done."""
    today = today or timezone.localdate()
    done = 0
    for case in cases.select_for_update():
        for field in CASE_PERSONAL:
            setattr(case, field, "")
        case.anonymised_on = today
        case._change_reason = "Ẩn danh hóa dữ liệu cá nhân hết thời hạn lưu giữ"
        case.save()
        for n, person in enumerate(CasePerson.objects.filter(case=case).order_by("pk"), 1):
            person.full_name = f"Người liên quan {n}"
            for field in PERSON_PERSONAL:
                setattr(person, field, "")
            person.birth_year = None
            person._change_reason = case._change_reason
            person.save()
        # the history keeps every earlier version: blank it there too
        ConsularCase.history.filter(id=case.pk).update(**dict.fromkeys(CASE_PERSONAL, ""))
        CasePerson.history.filter(case_id=case.pk).update(
            full_name="Người liên quan", birth_year=None, **dict.fromkeys(PERSON_PERSONAL, "")
        )
        done += 1
    return done
