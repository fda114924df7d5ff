"""Who approves an international conference or seminar, and by when the request is due: the
rules of Decision 06/2020/QĐ-TTg in one place, each criterion with its legal source.

When the regulation changes (a replacement of Decision 06/2020/QĐ-TTg is being drafted), edit
``CRITERIA`` and ``CHAIR_REASON`` here; the numbers (lead times, the report's due date) are
rules an administrator edits on the rules page (``rules.py``). The criteria were taken from
public summaries of the text: check them against the text in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doingoai.core.rules import rule_value


class Level(models.TextChoices):
    """Who approves the conference: the provincial chair or the Prime Minister."""

    CHAIR = "chair", _("chair of the provincial People's Committee")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")


DECISION_06 = "Quyết định 06/2020/QĐ-TTg ngày 21/02/2020 của Thủ tướng Chính phủ"


@dataclass(frozen=True)
class Criterion:
    """One question of the request form that, answered yes, makes the case one for
    ``level``; ``field`` is the model's boolean field holding the answer."""

    field: str
    reason: str | Promise
    source: str
    level: str = Level.PRIME_MINISTER


POINT_A = f"điểm a khoản 1 Điều 3 {DECISION_06}"
POINT_B = f"điểm b khoản 1 Điều 3 {DECISION_06}"

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "foreign_high_level",
        _("Foreign heads or officials of minister level or higher attend."),
        POINT_A,
    ),
    Criterion(
        "vietnamese_high_level",
        _("Vietnamese Party or State leaders, or officials of minister level or higher, attend."),
        POINT_A,
    ),
    Criterion("topic_politics", _("The content touches politics."), POINT_B),
    Criterion("topic_security", _("The content touches security."), POINT_B),
    Criterion("topic_defence", _("The content touches national defence."), POINT_B),
    Criterion("topic_ethnicity", _("The content touches ethnic affairs."), POINT_B),
    Criterion("topic_religion", _("The content touches religion."), POINT_B),
    Criterion("topic_human_rights", _("The content touches human rights."), POINT_B),
    Criterion(
        "topic_borders", _("The content touches borders, territory or sovereignty."), POINT_B
    ),
    Criterion("topic_state_secrets", _("The content involves state secrets."), POINT_B),
)

#: Why the provincial chair approves when no criterion applies.
CHAIR_REASON = _(
    "No high-level participant and no sensitive content: the chair of the provincial "
    "People's Committee permits it."
)
CHAIR_SOURCE = f"khoản 2 Điều 3 {DECISION_06}"

#: The rule (rules.py) giving the lead time of a request, per level.
LEAD_RULES = {
    Level.PRIME_MINISTER: "conferences.lead_days_prime_minister",
    Level.CHAIR: "conferences.lead_days_chair",
}


@dataclass(frozen=True)
class Reason:
    text: str | Promise
    source: str


@dataclass(frozen=True)
class Assessment:
    """The level that approves the event and the reasons, each with its source."""

    level: str
    reasons: tuple[Reason, ...]

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


def assess(obj) -> Assessment:  # noqa: ANN001
    """The approval level of ``obj`` (a conference, or anything with the criteria's fields):
    the Prime Minister when any criterion applies (every one that applies is a reason),
    else the provincial chair."""
    reasons = tuple(Reason(c.reason, c.source) for c in CRITERIA if getattr(obj, c.field, False))
    if reasons:
        return Assessment(Level.PRIME_MINISTER, reasons)
    return Assessment(Level.CHAIR, (Reason(CHAIR_REASON, CHAIR_SOURCE),))


def lead_days(level: str) -> int:
    """How many days before the event the request is due at ``level``."""
    return rule_value(LEAD_RULES[Level(level)])


def report_due_days() -> int:
    return rule_value("conferences.report_due_days")


def days_short(obj, on: date | None = None) -> int:  # noqa: ANN001
    """How many days later than the lead time allows ``obj`` was (or, not yet filed, would
    be if filed ``on``, today by default); 0 when in time."""
    if not (obj.start_date and obj.request_due):
        return 0
    filed = obj.requested_on or on or timezone.localdate()
    return max((filed - obj.request_due).days, 0)
