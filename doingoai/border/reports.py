"""The border section of the periodic reports.

Counting rules (docs/api-reports.md):

- ``markers_inspected``: markers with at least one inspection dated in the period (a marker
  inspected twice counts once); ``inspections``: the inspections dated in the period;
- ``markers_damaged``: markers that an inspection in the period found damaged or destroyed;
- ``markers_repaired``: markers that an inspection in the period found repaired;
- ``gate_status_changes``: openings, closures and restrictions of gates dated in the period;
  ``gates_open``: gates open (fully or restricted) today, whatever the period;
- ``incidents``: incidents that occurred in the period, any status; ``by_kind`` splits them,
  ``open_incidents`` are those of them not resolved or closed;
- ``crossings``: people, vehicles and value of goods (USD) through the gates, summed over
  the monthly figures of the months that begin in the period;
- ``commune_activities``: activities of border communes with the localities across the
  border held in the period.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.border.filters import NEEDS_REPAIR_FILTER
from doingoai.border.models import (
    NEEDS_REPAIR,
    BorderGate,
    BorderIncident,
    CommuneExchange,
    Condition,
    GateCrossing,
    GateStatus,
    GateStatusChange,
    MarkerInspection,
)
from doingoai.core.collation import sort_key
from doingoai.core.sections import (
    Indicator,
    Period,
    ReportSection,
    records_url,
    register_section,
)
from doingoai.core.text import format_million_usd, format_number

OPEN_INCIDENT = ("reported", "handling")


def inspections_in(period: Period):  # noqa: ANN201
    return MarkerInspection.objects.filter(inspected_on__range=(period.start, period.end))


def incidents_in(period: Period):  # noqa: ANN201
    return BorderIncident.objects.filter(occurred_on__range=(period.start, period.end))


def compute(period: Period) -> dict[str, Any]:
    """The figures, in six aggregate queries whatever the row count."""
    inspections = inspections_in(period)
    markers = inspections.aggregate(
        inspections=Count("id"),
        inspected=Count("marker_id", distinct=True),
        damaged=Count("marker_id", distinct=True, filter=_found(NEEDS_REPAIR)),
        repaired=Count("marker_id", distinct=True, filter=_found((Condition.REPAIRED,))),
    )
    changes = GateStatusChange.objects.filter(changed_on__range=(period.start, period.end))
    incidents = incidents_in(period)
    crossings = GateCrossing.objects.filter(month__range=(period.start, period.end)).aggregate(
        people=Sum("people"), vehicles=Sum("vehicles"), goods=Sum("goods_value_usd")
    )
    labels = dict(BorderIncident.Kind.choices)
    by_kind = list(
        incidents.values("kind")
        .annotate(n=Count("id"), open=Count("id", filter=Q(status__in=OPEN_INCIDENT)))
        .order_by()
    )
    return {
        "markers_inspected": markers["inspected"],
        "inspections": markers["inspections"],
        "markers_damaged": markers["damaged"],
        "markers_repaired": markers["repaired"],
        "gate_status_changes": changes.count(),
        "gates_open": BorderGate.objects.exclude(status=GateStatus.CLOSED).count(),
        "incidents": sum(row["n"] for row in by_kind),
        "open_incidents": sum(row["open"] for row in by_kind),
        "crossings": {
            "people": crossings["people"] or 0,
            "vehicles": crossings["vehicles"] or 0,
            "goods_value_usd": float(crossings["goods"] or 0),
        },
        "commune_activities": CommuneExchange.objects.filter(
            held_on__range=(period.start, period.end)
        ).count(),
        "by_kind": sorted(
            (
                {
                    "key": row["kind"],
                    "label": capfirst(str(labels.get(row["kind"], row["kind"]))),
                    "incidents": row["n"],
                }
                for row in by_kind
            ),
            key=lambda r: (-r["incidents"], sort_key(r["label"])),
        ),
    }


def _found(conditions):  # noqa: ANN001, ANN202
    return Q(condition__in=[str(c) for c in conditions])


def _two(n: int) -> str:
    """Counts as the field writes them: "02 mốc", "15 vụ"."""
    return f"{n:02d}" if n < 10 else format_number(n)


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    sentences = []
    if figures["markers_inspected"]:
        sentence = (
            f"Phối hợp kiểm tra {_two(figures['markers_inspected'])} mốc quốc giới"
            f" ({_two(figures['inspections'])} lượt kiểm tra)"
        )
        details = []
        if figures["markers_damaged"]:
            details.append(f"phát hiện {_two(figures['markers_damaged'])} mốc bị hư hỏng")
        if figures["markers_repaired"]:
            details.append(f"{_two(figures['markers_repaired'])} mốc đã được sửa chữa, khôi phục")
        if details:
            sentence += ", " + "; ".join(details)
        sentences.append(sentence + ".")
    else:
        sentences.append("Trong kỳ chưa ghi nhận đợt kiểm tra mốc quốc giới nào.")
    sentence = f"Hiện có {_two(figures['gates_open'])} cửa khẩu, lối mở đang hoạt động"
    if figures["gate_status_changes"]:
        sentence += (
            f"; trong kỳ có {_two(figures['gate_status_changes'])} lần mở, đóng hoặc tạm dừng"
            " hoạt động cửa khẩu"
        )
    sentences.append(sentence + ".")
    if figures["incidents"]:
        kinds = ", ".join(
            f"{_two(r['incidents'])} vụ {r['label'][:1].lower()}{r['label'][1:]}"
            for r in figures["by_kind"]
        )
        sentence = f"Xảy ra {_two(figures['incidents'])} vụ việc, sự cố biên giới ({kinds})"
        if figures["open_incidents"]:
            sentence += f", trong đó {_two(figures['open_incidents'])} vụ đang xử lý"
        sentences.append(sentence + ".")
    else:
        sentences.append("Trong kỳ không xảy ra sự cố biên giới.")
    crossed = figures["crossings"]
    if crossed["people"] or crossed["vehicles"]:
        sentences.append(
            f"Qua các cửa khẩu có {format_number(crossed['people'])} lượt người, "
            f"{format_number(crossed['vehicles'])} lượt phương tiện xuất nhập cảnh; "
            f"trị giá hàng hóa xuất nhập khẩu {format_million_usd(crossed['goods_value_usd'])}."
        )
    if figures["commune_activities"]:
        sentences.append(
            f"Các xã biên giới tổ chức {_two(figures['commune_activities'])} hoạt động gặp gỡ, "
            "giao lưu với chính quyền địa phương đối diện bên kia biên giới."
        )
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure (its row count equals the figure)."""
    parts = path.split(".")
    head = parts[0]
    markers = "border.bordermarker"
    if head == "markers_inspected":
        return records_url(markers, period, "inspected")
    if head == "markers_damaged":
        return records_url(markers, period, "inspected", found=NEEDS_REPAIR_FILTER)
    if head == "markers_repaired":
        return records_url(markers, period, "inspected", found=Condition.REPAIRED.value)
    if head == "inspections":
        return records_url("border.markerinspection", period, "inspected_on")
    # gate_status_changes counts history rows and gates_open is today's state: no list
    # has exactly those rows, so they are shown without a link.
    if head == "incidents":
        return records_url("border.borderincident", period, "occurred_on")
    if head == "by_kind" and len(parts) == 3:
        return records_url("border.borderincident", period, "occurred_on", kind=parts[1])
    if head == "commune_activities":
        return records_url("border.communeexchange", period, "held_on")
    return None


def annex(figures: dict[str, Any]) -> list[tuple]:
    """The incidents by kind, with the total."""
    rows = [[r["label"], r["incidents"]] for r in figures["by_kind"]]
    return [
        (
            "Sự cố biên giới theo loại",
            ["Loại vụ việc", "Số vụ"],
            [*rows, ["Tổng cộng", figures["incidents"]]],
        )
    ]


SECTION = ReportSection(
    key="border",
    label=_("Border"),
    order=70,
    labels={
        "inspections": _("marker inspections"),
        "gates_open": _("border gates open"),
        "open_incidents": _("incidents not yet resolved"),
        "crossings": _("crossings through the gates"),
        "people": _("people"),
        "vehicles": _("vehicles"),
        "goods_value_usd": _("value of goods (USD)"),
        "by_kind": _("by kind of incident"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    annex=annex,
    indicators=(
        Indicator("markers_inspected", _("border markers inspected"), False),
        Indicator("markers_damaged", _("border markers found damaged"), False),
        Indicator("markers_repaired", _("border markers repaired"), False),
        Indicator("gate_status_changes", _("gate openings and closures"), True),
        Indicator("incidents", _("border incidents"), True),
        Indicator("commune_activities", _("border commune activities"), True),
    ),
)


def register() -> None:
    register_section(SECTION)
