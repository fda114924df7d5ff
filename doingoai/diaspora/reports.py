"""The overseas-Vietnamese section of the periodic reports (``sections.diaspora``).

Counting rules (docs/api-reports.md):

- ``visits``: visits home with their arrival date in the period; ``visitors``: the sum of
  their "number of visitors" (a group counts all its members, on file or not);
- ``investment_projects``: investment projects (not donations) standing at the end of the
  period: registered on or before it and not terminated by then ("hiện có N dự án");
  ``registered_capital_usd``: their registered capital in USD, each at the rate of its
  registration date (core's exchange rates; a project without a rate is left out of the sum
  and counted in ``projects_without_rate``);
- ``associations``: associations standing at the end of the period (founded on or before
  it, or founding date unknown; not dissolved by then);
- ``persons_recorded``: persons whose information was recorded in the period (date
  recorded); erased persons still count (their statistics are kept);
- ``events``: events for overseas Vietnamese starting in the period;
  ``event_participants``: the sum of their "number of participants".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from doingoai.core.sections import (
    Indicator,
    Period,
    ReportSection,
    records_url,
    register_section,
)
from doingoai.core.text import format_million_usd, format_number
from doingoai.diaspora.models import Association, DiasporaPerson, Event, Investment, Visit


def projects_standing(period: Period):  # noqa: ANN201
    return Investment.objects.filter(
        kind=Investment.Kind.PROJECT, registered_on__lte=period.end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))


def associations_standing(period: Period):  # noqa: ANN201
    return Association.objects.filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=period.end)
    ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.end))


def compute(period: Period) -> dict[str, Any]:
    """The figures, in five aggregate queries whatever the row count."""
    span = (period.start, period.end)
    visits = Visit.objects.filter(arrived_on__range=span).aggregate(
        n=Count("id"), people=Sum("visitor_count")
    )
    events = Event.objects.filter(start_on__range=span).aggregate(
        n=Count("id"), people=Sum("participant_count")
    )
    projects = projects_standing(period).aggregate(
        n=Count("id"),
        usd=Sum("registered_usd"),
        no_rate=Count("id", filter=Q(registered_usd__isnull=True)),
    )
    return {
        "visits": visits["n"],
        "visitors": visits["people"] or 0,
        "investment_projects": projects["n"],
        "registered_capital_usd": float(projects["usd"] or Decimal(0)),
        "projects_without_rate": projects["no_rate"],
        "associations": associations_standing(period).count(),
        "persons_recorded": DiasporaPerson.objects.filter(recorded_on__range=span).count(),
        "events": events["n"],
        "event_participants": events["people"] or 0,
    }


def _two(n: int) -> str:
    """Counts as the field writes them: "02 đoàn", "15 dự án"."""
    return f"{n:02d}" if n < 10 else format_number(n)


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    sentences = []
    if figures["investment_projects"]:
        sentence = (
            f"Hiện có {_two(figures['investment_projects'])} dự án của các doanh nhân, doanh "
            "nghiệp là người Việt Nam ở nước ngoài về đầu tư với tổng số vốn đăng ký "
            f"{format_million_usd(figures['registered_capital_usd'])}"
        )
        if figures["projects_without_rate"]:
            sentence += (
                f" (chưa tính {_two(figures['projects_without_rate'])} dự án chưa có tỷ giá"
                " quy đổi)"
            )
        sentences.append(sentence + ".")
    if figures["visits"]:
        sentences.append(
            f"Đón tiếp {_two(figures['visits'])} đoàn với {_two(figures['visitors'])} lượt kiều"
            " bào về thăm quê hương."
        )
    if figures["events"]:
        sentences.append(
            f"Tổ chức {_two(figures['events'])} hoạt động, sự kiện dành cho kiều bào với"
            f" {_two(figures['event_participants'])} lượt người tham dự."
        )
    sentences.append(
        f"Hiện có {_two(figures['associations'])} hội đoàn người Việt Nam ở nước ngoài có liên"
        " hệ với tỉnh; trong kỳ cập nhật thông tin "
        f"{_two(figures['persons_recorded'])} người vào cơ sở dữ liệu."
    )
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure (its row count equals the figure)."""
    head = path.split(".")[0]
    standing_on = period.end.isoformat()
    if head in ("visits", "visitors"):
        return records_url("diaspora.visit", period, "arrived_on")
    if head in ("events", "event_participants"):
        return records_url("diaspora.event", period, "start_on")
    if head in ("investment_projects", "registered_capital_usd", "projects_without_rate"):
        return records_url("diaspora.investment", kind="project", standing_on=standing_on)
    if head == "associations":
        return records_url("diaspora.association", standing_on=standing_on)
    if head == "persons_recorded":
        return records_url("diaspora.diasporaperson", period, "recorded_on")
    return None


SECTION = ReportSection(
    key="diaspora",
    label=_("Overseas Vietnamese"),
    order=75,
    labels={
        "visitors": _("overseas Vietnamese visiting home"),
        "registered_capital_usd": _("registered capital (USD)"),
        "projects_without_rate": _("projects without an exchange rate"),
        "event_participants": _("participants in the events"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    indicators=(
        Indicator("visits", _("visits home"), True),
        Indicator("visitors", _("overseas Vietnamese visiting home"), True),
        Indicator("investment_projects", _("investment projects of overseas Vietnamese"), False),
        Indicator("registered_capital_usd", _("registered capital (USD)"), False),
        Indicator("associations", _("associations of overseas Vietnamese"), False),
        Indicator("persons_recorded", _("persons recorded"), True),
        Indicator("events", _("events for overseas Vietnamese"), True),
        Indicator("event_participants", _("participants in the events"), True),
    ),
)


def register() -> None:
    register_section(SECTION)
