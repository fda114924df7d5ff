"""The outreach section of the periodic reports.

Counting rules (docs/api-reports.md):

- ``publications``: publications dated (``published_on``) in the period, one per issue;
  ``publications_by_kind`` splits them (bulletin, film, article, website, book, other);
- ``press_visits``: visits of foreign reporters that begin in the period, neither refused
  nor cancelled;
- ``cultural_events`` / ``promotion_events``: cultural-diplomacy events, and investment,
  trade or tourism promotion events (at home and abroad), that begin in the period, not
  cancelled.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from doingoai.core.sections import (
    Indicator,
    Period,
    ReportSection,
    records_url,
    register_section,
)
from doingoai.core.text import format_number
from doingoai.outreach.models import PROMOTION_KINDS, OutreachEvent, PressVisit, Publication

KINDS = ("bulletin", "film", "article", "website", "book", "other")


def compute(period: Period) -> dict[str, Any]:
    """The figures, in three aggregate queries whatever the row count."""
    span = (period.start, period.end)
    by_kind = Publication.objects.filter(published_on__range=span).aggregate(
        **{kind: Count("id", filter=Q(kind=kind)) for kind in KINDS}
    )
    events = (
        OutreachEvent.objects.filter(start_date__range=span)
        .exclude(status="cancelled")
        .aggregate(
            cultural=Count("id", filter=Q(kind="cultural")),
            promotion=Count("id", filter=Q(kind__in=PROMOTION_KINDS)),
        )
    )
    return {
        "publications": sum(by_kind.values()),
        "publications_by_kind": {kind: by_kind[kind] for kind in KINDS},
        "press_visits": PressVisit.objects.filter(start_date__range=span)
        .exclude(status__in=("refused", "cancelled"))
        .count(),
        "cultural_events": events["cultural"],
        "promotion_events": events["promotion"],
    }


def two(n: int) -> str:
    """Counts as the field writes them: "04 số", "12 phim"."""
    return f"{n:02d}" if n < 10 else format_number(n)


#: How the field writes each kind of publication ("xuất bản 04 số Bản tin Đối ngoại").
PHRASES = {
    "bulletin": "xuất bản {} số Bản tin Đối ngoại",
    "film": "xây dựng {} phim",
    "article": "đăng {} bài viết bằng tiếng nước ngoài",
    "website": "cập nhật {} tin, bài tiếng nước ngoài trên trang thông tin điện tử",
    "book": "phát hành {} ấn phẩm, sách",
    "other": "thực hiện {} sản phẩm thông tin đối ngoại khác",
}


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    sentences = []
    kinds = figures["publications_by_kind"]
    parts = [PHRASES[k].format(two(kinds[k])) for k in KINDS if kinds[k]]
    if parts:
        text = "; ".join(parts)
        sentences.append(text[0].upper() + text[1:] + ".")
    if figures["press_visits"]:
        sentences.append(
            f"Đón, hướng dẫn {two(figures['press_visits'])} đoàn phóng viên nước ngoài "
            "đến tác nghiệp tại tỉnh."
        )
    events = []
    if figures["cultural_events"]:
        events.append(f"{two(figures['cultural_events'])} hoạt động văn hóa đối ngoại")
    if figures["promotion_events"]:
        events.append(
            f"{two(figures['promotion_events'])} hoạt động xúc tiến đầu tư, thương mại, du lịch"
        )
    if events:
        sentences.append(f"Tổ chức {' và '.join(events)}.")
    if not sentences:
        sentences.append("Trong kỳ chưa ghi nhận hoạt động thông tin đối ngoại, quảng bá nào.")
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure (its row count equals the figure)."""
    parts = path.split(".")
    head = parts[0]
    if head == "publications":
        return records_url("outreach.publication", period, "published_on")
    if head == "publications_by_kind":
        if len(parts) != 2 or parts[1] not in KINDS:
            return None
        return records_url("outreach.publication", period, "published_on", kind=parts[1])
    if head == "press_visits":
        return records_url("outreach.pressvisit", period, "start", counted="true")
    groups = {"cultural_events": "cultural", "promotion_events": "promotion"}
    if head in groups:
        return records_url(
            "outreach.outreachevent", period, "start", counted="true", group=groups[head]
        )
    return None


def annex(figures: dict[str, Any]) -> list[tuple]:
    labels = {
        "bulletin": "Bản tin đối ngoại",
        "film": "Phim",
        "article": "Bài viết",
        "website": "Nội dung trang thông tin điện tử",
        "book": "Sách, ấn phẩm",
        "other": "Khác",
    }
    kinds = figures["publications_by_kind"]
    rows = [[labels[k], kinds[k]] for k in KINDS]
    return [
        (
            "Sản phẩm thông tin đối ngoại",
            ["Loại", "Số lượng"],
            [*rows, ["Tổng cộng", figures["publications"]]],
        )
    ]


SECTION = ReportSection(
    key="outreach",
    label=_("Foreign information, press and promotion"),
    order=80,
    labels={
        "publications_by_kind": _("publications by kind"),
        "bulletin": _("bulletins"),
        "film": _("films"),
        "article": _("articles"),
        "website": _("website content"),
        "book": _("books"),
        "other": _("other"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    annex=annex,
    indicators=(
        Indicator("publications", _("foreign-information publications")),
        Indicator("press_visits", _("foreign press visits")),
        Indicator("cultural_events", _("cultural diplomacy events")),
        Indicator("promotion_events", _("promotion events")),
    ),
)


def register() -> None:
    register_section(SECTION)
