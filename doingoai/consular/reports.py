"""The consular and ABTC sections of the periodic reports.

Counting rules (docs/dev/consular.md):

``sections.consular``

- ``consular_cases`` / ``protection_cases``: the cases of that kind *handled* in the period,
  i.e. open at some time in it: started (opened, else reported) on or before the period's
  last day, and not ended (closed) before its first day. A case opened in December and
  closed in January counts in both years (it was handled in each); the same case counts
  once in a period that covers both. Deleted cases do not count; anonymised ones do.
- ``new_cases``: of those, the cases started in the period; ``open_cases``: of those, the
  cases still open at the period's end.
- ``by_kind``: the handled cases by subject (detention, accident, documents ...), each with
  its kind; ``by_country``: by the country of the case (no country: not listed).

``sections.abtc``

- ``businesspeople``: the businesspeople the department recommended in the period
  (applications with a recommendation letter dated in it; a person recommended twice in
  the period counts once); ``enterprises``: their enterprises (each once);
- ``cards_granted``: the cards the Immigration Department issued in the period (issue date);
- ``applications_received``: applications received in the period.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.consular.models import (
    AbtcApplication,
    AbtcStatus,
    CaseCategory,
    CaseKind,
    ConsularCase,
)
from doingoai.core.collation import sort_key
from doingoai.core.registry import registry
from doingoai.core.sections import Indicator, Period, ReportSection, register_section
from doingoai.core.text import format_number


def handled_in(period: Period):  # noqa: ANN201
    """Cases open at some time in ``period`` (on the stored, indexed start and end dates)."""
    return ConsularCase.objects.filter(started_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )


def _two(n: int) -> str:
    """Counts as the field writes them: "02 trường hợp", "15 doanh nhân"."""
    return f"{n:02d}" if n < 10 else format_number(n)


def compute_consular(period: Period) -> dict[str, Any]:
    """The figures, in two aggregate queries whatever the row count."""
    cases = handled_in(period)
    started = Q(started_on__gte=period.start)
    still_open = Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)
    rows = list(
        cases.values("kind", "category")
        .annotate(
            n=Count("id"), new=Count("id", filter=started), open=Count("id", filter=still_open)
        )
        .order_by()
    )
    countries = list(
        cases.exclude(country__isnull=True)
        .values("country_id", "country__name_vi", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    categories = dict(CaseCategory.choices)
    kinds = dict(CaseKind.choices)
    by_country: dict[str, dict[str, Any]] = {}
    for row in countries:
        entry = by_country.setdefault(
            row["country_id"],
            {
                "key": row["country_id"],
                "label": row["country__name_vi"],
                "consular_cases": 0,
                "protection_cases": 0,
            },
        )
        entry[f"{row['kind']}_cases"] += row["n"]

    def total(kind: str, key: str = "n") -> int:
        return sum(r[key] for r in rows if r["kind"] == kind)

    return {
        "consular_cases": total(CaseKind.CONSULAR),
        "protection_cases": total(CaseKind.PROTECTION),
        "new_cases": sum(r["new"] for r in rows),
        "open_cases": sum(r["open"] for r in rows),
        "by_kind": sorted(
            (
                {
                    "key": r["category"],
                    "label": capfirst(str(categories.get(r["category"], r["category"]))),
                    "kind": r["kind"],
                    "kind_label": capfirst(str(kinds.get(r["kind"], r["kind"]))),
                    "cases": r["n"],
                }
                for r in rows
            ),
            key=lambda r: (r["kind"], -r["cases"], sort_key(r["label"])),
        ),
        "by_country": sorted(
            by_country.values(),
            key=lambda r: (-(r["consular_cases"] + r["protection_cases"]), sort_key(r["label"])),
        ),
    }


def narrative_consular(figures: dict[str, Any]) -> list[str]:
    consular, protection = figures["consular_cases"], figures["protection_cases"]
    if not consular and not protection:
        return ["Trong kỳ không phát sinh vụ việc lãnh sự, bảo hộ công dân."]
    sentence = (
        f"Tiếp nhận, xử lý {_two(consular)} trường hợp liên quan đến công tác lãnh sự, "
        f"{_two(protection)} trường hợp bảo hộ công dân"
    )
    protection_kinds = [r for r in figures["by_kind"] if r["kind"] == CaseKind.PROTECTION]
    if protection_kinds:
        sentence += (
            " ("
            + ", ".join(
                f"{_two(r['cases'])} trường hợp {r['label'][:1].lower()}{r['label'][1:]}"
                for r in protection_kinds
            )
            + ")"
        )
    sentences = [sentence + "."]
    if figures["by_country"]:
        top = figures["by_country"][:5]
        sentences.append(
            "Các vụ việc chủ yếu tại "
            + ", ".join(
                f"{r['label']} ({_two(r['consular_cases'] + r['protection_cases'])})" for r in top
            )
            + "."
        )
    if figures["open_cases"]:
        sentences.append(f"Đến cuối kỳ còn {_two(figures['open_cases'])} trường hợp đang xử lý.")
    return sentences


def link_consular(period: Period, path: str) -> str | None:
    parts = path.split(".")
    head = parts[0]
    base = registry.get("consular.consularcase").url("list") + "?"
    handled = {"handled_from": period.start.isoformat(), "handled_to": period.end.isoformat()}
    if head == "consular_cases":
        return base + urlencode({**handled, "kind": CaseKind.CONSULAR.value})
    if head == "protection_cases":
        return base + urlencode({**handled, "kind": CaseKind.PROTECTION.value})
    if head == "new_cases":
        return base + urlencode(
            {"handled_to": period.end.isoformat(), "started_from": period.start.isoformat()}
        )
    if head == "open_cases":
        return base + urlencode({**handled, "open_at": period.end.isoformat()})
    if head == "by_kind" and len(parts) == 3:
        return base + urlencode({**handled, "category": parts[1]})
    if (
        head == "by_country"
        and len(parts) == 3
        and parts[2]
        in (
            "consular_cases",
            "protection_cases",
        )
    ):
        kind = parts[2].removesuffix("_cases")
        return base + urlencode({**handled, "country": parts[1], "kind": kind})
    return None


def annex_consular(figures: dict[str, Any]) -> list[tuple]:
    rows = [[r["kind_label"], r["label"], r["cases"]] for r in figures["by_kind"]]
    total = figures["consular_cases"] + figures["protection_cases"]
    by_country = [
        [r["label"], r["consular_cases"], r["protection_cases"]] for r in figures["by_country"]
    ]
    return [
        (
            "Vụ việc lãnh sự, bảo hộ công dân theo nội dung",
            ["Loại vụ việc", "Nội dung", "Số trường hợp"],
            [*rows, ["Tổng cộng", "", total]],
        ),
        (
            "Vụ việc lãnh sự, bảo hộ công dân theo quốc gia",
            ["Quốc gia", "Lãnh sự", "Bảo hộ công dân"],
            by_country,
        ),
    ]


CONSULAR_SECTION = ReportSection(
    key="consular",
    label=_("Consular work and citizen protection"),
    order=60,
    labels={
        "new_cases": _("cases started in the period"),
        "open_cases": _("cases still open at the end of the period"),
        "by_kind": _("by subject"),
        "by_country": _("by country"),
        "cases": pgettext_lazy("consular report", "cases"),
    },
    compute=compute_consular,
    narrative=narrative_consular,
    link=link_consular,
    annex=annex_consular,
    indicators=(
        Indicator("consular_cases", _("consular cases handled"), False),
        Indicator("protection_cases", _("citizen protection cases handled"), False),
    ),
)


# --- ABTC ------------------------------------------------------------------------------------


def recommended_in(period: Period):  # noqa: ANN201
    return AbtcApplication.objects.filter(recommended_on__range=(period.start, period.end)).exclude(
        status__in=(AbtcStatus.RECEIVED, AbtcStatus.NOT_RECOMMENDED)
    )


def compute_abtc(period: Period) -> dict[str, Any]:
    """The figures, in three aggregate queries whatever the row count."""
    recommended = recommended_in(period).aggregate(
        people=Count("businessperson_id", distinct=True),
        enterprises=Count("enterprise_id", distinct=True),
    )
    return {
        "businesspeople": recommended["people"],
        "enterprises": recommended["enterprises"],
        "cards_granted": AbtcApplication.objects.filter(
            card_issued_on__range=(period.start, period.end)
        ).count(),
        "applications_received": AbtcApplication.objects.filter(
            received_on__range=(period.start, period.end)
        ).count(),
    }


def narrative_abtc(figures: dict[str, Any]) -> list[str]:
    if not figures["businesspeople"]:
        return ["Trong kỳ chưa đề nghị cấp thẻ đi lại của doanh nhân APEC (thẻ ABTC)."]
    sentence = (
        "Đề nghị Cục Quản lý xuất nhập cảnh - Bộ Công an xem xét cấp thẻ ABTC đối với "
        f"{_two(figures['businesspeople'])} doanh nhân/{_two(figures['enterprises'])} doanh nghiệp"
    )
    if figures["cards_granted"]:
        sentence += f"; trong kỳ có {_two(figures['cards_granted'])} thẻ được cấp"
    return [sentence + "."]


def link_abtc(period: Period, path: str) -> str | None:
    applications = registry.get("consular.abtcapplication").url("list") + "?"
    if path in ("businesspeople", "enterprises"):
        return applications + urlencode(
            {
                "recommended_on_from": period.start.isoformat(),
                "recommended_on_to": period.end.isoformat(),
                "recommended": "1",
            }
        )
    if path == "cards_granted":
        return applications + urlencode(
            {
                "card_issued_on_from": period.start.isoformat(),
                "card_issued_on_to": period.end.isoformat(),
            }
        )
    return None


ABTC_SECTION = ReportSection(
    key="abtc",
    label=_("APEC Business Travel Cards"),
    order=61,
    labels={"applications_received": _("ABTC applications received")},
    compute=compute_abtc,
    narrative=narrative_abtc,
    link=link_abtc,
    indicators=(
        Indicator("businesspeople", _("businesspeople recommended for an ABTC"), False),
        Indicator("enterprises", _("enterprises recommended for an ABTC"), False),
        Indicator("cards_granted", _("ABTC cards granted"), True),
    ),
)


def register() -> None:
    register_section(CONSULAR_SECTION)
    register_section(ABTC_SECTION)
