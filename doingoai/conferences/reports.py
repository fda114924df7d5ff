"""The conferences section of the periodic reports.

Counting rules (docs/api-reports.md): an event counts in the period its **start date** falls
in, whatever its end; events not filed (drafts), refused or cancelled are not counted; every
other state counts (requested, appraised, permitted, held, reported).

- ``organised`` / ``co_organised`` / ``permitted``: the events of that role of the province,
  each with ``total``, by form (``in_person``, ``online``, ``hybrid``) and by kind
  (``conferences``, ``seminars``);
- ``total``: the events of all roles;
- ``foreign_participants``: the sum of their foreign participants.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from doingoai.conferences.models import COUNTED, Conference
from doingoai.core.registry import registry
from doingoai.core.sections import Indicator, Period, ReportSection, register_section
from doingoai.core.text import format_number

ROLES = ("organised", "co_organised", "permitted")
FORMS = ("in_person", "online", "hybrid")
KINDS = {"conferences": "conference", "seminars": "seminar"}


def counted_in(period: Period):  # noqa: ANN201
    return Conference.objects.filter(
        start_date__range=(period.start, period.end), status__in=COUNTED
    )


def compute(period: Period) -> dict[str, Any]:
    """The figures, in one aggregate query whatever the row count."""
    aggregates: dict[str, Any] = {"total": Count("id"), "foreign": Sum("foreign_participants")}
    for role in ROLES:
        aggregates[f"{role}__total"] = Count("id", filter=Q(role=role))
        for form in FORMS:
            aggregates[f"{role}__{form}"] = Count("id", filter=Q(role=role, event_form=form))
        for key, kind in KINDS.items():
            aggregates[f"{role}__{key}"] = Count("id", filter=Q(role=role, kind=kind))
    row = counted_in(period).aggregate(**aggregates)
    figures: dict[str, Any] = {
        role: {key: row[f"{role}__{key}"] for key in ("total", *FORMS, *KINDS)} for role in ROLES
    }
    figures["total"] = row["total"]
    figures["foreign_participants"] = row["foreign"] or 0
    return figures


def two(n: int) -> str:
    """Counts as the field writes them: "03 hội nghị", "12 hội thảo"."""
    return f"{n:02d}" if n < 10 else format_number(n)


FORM_WORDS = {
    "in_person": "trực tiếp",
    "online": "trực tuyến",
    "hybrid": "kết hợp trực tiếp và trực tuyến",
}
KIND_WORDS = {"conferences": "hội nghị quốc tế", "seminars": "hội thảo quốc tế"}


def _by_kind(figures: dict[str, int]) -> str:
    """ "04 hội thảo quốc tế", "02 hội nghị quốc tế và 03 hội thảo quốc tế"."""
    parts = [f"{two(figures[k])} {KIND_WORDS[k]}" for k in KIND_WORDS if figures[k]]
    return " và ".join(parts)


def _by_kind_and_form(figures: dict[str, int]) -> str:
    """The events of one kind by form ("03 hội nghị quốc tế trực tuyến, 01 hội nghị quốc tế
    trực tiếp"); of both kinds, the kinds then the forms in brackets."""
    forms = sorted((f for f in FORMS if figures[f]), key=lambda f: (-figures[f], FORMS.index(f)))
    kinds = [k for k in KIND_WORDS if figures[k]]
    if len(kinds) == 1:
        word = KIND_WORDS[kinds[0]]
        return ", ".join(f"{two(figures[f])} {word} {FORM_WORDS[f]}" for f in forms)
    detail = ", ".join(f"{two(figures[f])} {FORM_WORDS[f]}" for f in forms)
    return f"{_by_kind(figures)} ({detail})"


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    clauses = []
    if figures["organised"]["total"]:
        clauses.append(f"tổ chức {_by_kind_and_form(figures['organised'])}")
    if figures["co_organised"]["total"]:
        clauses.append(f"phối hợp tổ chức {_by_kind(figures['co_organised'])}")
    if figures["permitted"]["total"]:
        clauses.append(f"cấp phép {_by_kind(figures['permitted'])}")
    if not clauses:
        return ["Trong kỳ không có hội nghị, hội thảo quốc tế nào được tổ chức hoặc cấp phép."]
    body = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + " và " + clauses[-1]
    sentences = [f"Tỉnh {body}."]
    if figures["foreign_participants"]:
        sentences.append(
            f"Các hội nghị, hội thảo quốc tế có {format_number(figures['foreign_participants'])}"
            " lượt đại biểu nước ngoài tham dự."
        )
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of events behind a figure (its row count equals the figure)."""
    parts = path.split(".")
    query: dict[str, str] = {
        "start_from": period.start.isoformat(),
        "start_to": period.end.isoformat(),
        "counted": "true",
    }
    if parts[0] in ROLES:
        query["role"] = parts[0]
        if len(parts) == 2 and parts[1] in FORMS:
            query["event_form"] = parts[1]
        elif len(parts) == 2 and parts[1] in KINDS:
            query["kind"] = KINDS[parts[1]]
        elif len(parts) == 2 and parts[1] != "total":
            return None
    elif parts[0] not in ("total", "foreign_participants"):
        return None
    return registry.get("conferences.conference").url("list") + "?" + urlencode(query)


def annex(figures: dict[str, Any]) -> list[tuple]:
    """Events by role of the province, by form and kind."""
    labels = {
        "organised": "Tỉnh tổ chức",
        "co_organised": "Tỉnh phối hợp tổ chức",
        "permitted": "Tỉnh cấp phép",
    }
    rows = [[labels[r], *(figures[r][k] for k in ("total", *FORMS, *KINDS))] for r in ROLES]
    totals = [sum(figures[r][k] for r in ROLES) for k in ("total", *FORMS, *KINDS)]
    return [
        (
            "Hội nghị, hội thảo quốc tế",
            [
                "Vai trò của tỉnh",
                "Tổng số",
                "Trực tiếp",
                "Trực tuyến",
                "Kết hợp",
                "Hội nghị",
                "Hội thảo",
            ],
            [*rows, ["Tổng cộng", *totals]],
        )
    ]


SECTION = ReportSection(
    key="conferences",
    label=_("International conferences and seminars"),
    order=20,
    labels={
        "organised": _("organised by the province"),
        "co_organised": _("co-organised by the province"),
        "permitted": _("permitted by the province"),
        "total": _("total"),
        "in_person": _("in person"),
        "online": _("online"),
        "hybrid": _("hybrid"),
        "conferences": _("conferences"),
        "seminars": _("seminars"),
        "foreign_participants": _("foreign participants"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    annex=annex,
    indicators=(
        Indicator("total", _("international conferences and seminars")),
        Indicator("organised.total", _("conferences and seminars organised by the province")),
        Indicator("co_organised.total", _("conferences and seminars co-organised")),
        Indicator("permitted.total", _("conferences and seminars permitted")),
        Indicator("foreign_participants", _("foreign participants in conferences")),
    ),
)


def register() -> None:
    register_section(SECTION)
