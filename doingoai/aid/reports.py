"""The aid section (``sections.aid``) of the periodic reports.

Counting rules (docs/api-reports.md, section "aid"); a cancelled item counts in no figure
except the money that really arrived:

- ``programmes``, ``projects``, ``non_projects``: items of that type being implemented in
  the period: status *being implemented* or *completed*, start on or before the period's
  end, and end (if any) on or after its start, i.e. active on at least one day of it;
- ``items_received``: items approved in the period (approval date in it), any type, not
  cancelled (approved, being implemented or completed);
- ``donors``: distinct donors of the items active in the period or received in it (a donor
  of several items, or of an item spanning several years, counts once);
- ``localities_covered`` / ``localities_total``: of the localities in force at the end of
  the period (districts of the old province before 1/7/2025, communes and wards of the
  province after), those an active item reaches; ``coverage`` lists one part per side of
  1/7/2025 when the period spans it (``aid.coverage``);
- ``agencies_covered``: distinct implementing agencies of the active items;
- ``committed_usd``: committed values of the items received in the period, each converted
  to USD at the rate of its approval date, to the cent, then added;
- ``disbursed_usd``, ``disbursed_vnd``: disbursements dated in the period, each converted
  at the rate of its own date, to the cent, then added; counted whatever the item's status
  (money that arrived before a cancellation did arrive);
- ``by_sector``: per field sector (a group of DAC codes), the items of the period with a
  share in it (counted once in each sector they have), and committed and disbursed USD
  split by the sectors' percentages (each share to the cent); an item without sectors is
  under "other";
- ``by_donor_country``: per country, the donors of the period's items from it, the items
  with a donor from it, and the committed USD of the received items with a donor from it
  (an item with donors of two countries counts in both);
- ``by_locality``: per locality counted at the end of the period, the active items that
  reach it.

Money figures are decimal strings ("3270000.00"); all sums in ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.aid.conversion import CENT, RateTable
from doingoai.aid.coverage import coverage_parts, map_each
from doingoai.aid.models import (
    RUNNING,
    AidItem,
    AidKind,
    AidSector,
    AidStatus,
    Disbursement,
    Donor,
    SectorGroup,
    sector_group,
)
from doingoai.core.collation import sort_key
from doingoai.core.models import AdministrativeUnit, Country
from doingoai.core.sections import (
    Indicator,
    Period,
    ReportSection,
    records_url,
    register_section,
)
from doingoai.core.text import format_date, format_number

HUNDRED = Decimal(100)


def active_q(start: date, end: date) -> Q:
    """Items being implemented on at least one day of [start, end]."""
    return (
        Q(status__in=RUNNING)
        & Q(start__isnull=False, start__lte=end)
        & (Q(end__isnull=True) | Q(end__gte=start))
    )


def received_q(start: date, end: date) -> Q:
    """Items approved in [start, end], not cancelled."""
    return Q(approved_on__range=(start, end)) & ~Q(
        status__in=(AidStatus.PROPOSED, AidStatus.CANCELLED)
    )


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def compute(period: Period) -> dict[str, Any]:
    """The figures of the period, in a fixed number of queries whatever the row count."""
    start, end = period.start, period.end
    # the period's items are selected again by a subquery wherever their links are read: a
    # list of their keys is planned badly by SQLite when joined (a scan of every donor for
    # each key) and PostgreSQL takes at most 65,535 parameters
    period_items = AidItem.objects.filter(active_q(start, end) | received_q(start, end))
    in_period = period_items.values("pk")
    items = list(
        period_items.values(
            "id",
            "kind",
            "status",
            "start",
            "end",
            "approved_on",
            "agency_id",
            "committed_amount",
            "committed_currency",
        )
    )
    for item in items:
        item["active"] = (
            item["status"] in RUNNING
            and item["start"] is not None
            and item["start"] <= end
            and (item["end"] is None or item["end"] >= start)
        )
        item["received"] = (
            item["approved_on"] is not None
            and start <= item["approved_on"] <= end
            and item["status"] not in (AidStatus.PROPOSED, AidStatus.CANCELLED)
        )
    by_id = {i["id"]: i for i in items}
    donor_rows = AidItem.donors.through.objects.filter(aiditem_id__in=in_period)
    donor_country = dict(
        Donor.objects.filter(pk__in=donor_rows.values("donor_id")).values_list("pk", "country_id")
    )
    donor_links = [
        (item_id, donor_id, donor_country[donor_id])
        for item_id, donor_id in donor_rows.values_list("aiditem_id", "donor_id")
    ]
    locality_links = list(
        AidItem.localities.through.objects.filter(aiditem_id__in=in_period).values_list(
            "aiditem_id", "administrativeunit_id"
        )
    )
    sectors: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for item_id, code, pct in AidSector.objects.filter(item_id__in=in_period).values_list(
        "item_id", "code", "percentage"
    ):
        sectors[item_id].append((sector_group(code), pct))
    disbursements = list(
        Disbursement.objects.filter(date__range=(start, end)).values_list(
            "item_id", "date", "amount", "currency"
        )
    )
    currencies = {i["committed_currency"] for i in items} | {d[3] for d in disbursements}
    rates = RateTable(currencies, until=end)

    committed: dict[int, Decimal] = {}
    for item in items:
        if item["received"]:
            committed[item["id"]] = rates.convert(
                item["committed_amount"], item["committed_currency"], "USD", item["approved_on"]
            )
    disbursed_usd = Decimal(0)
    disbursed_vnd = Decimal(0)
    disbursed_by_item: dict[int, Decimal] = defaultdict(Decimal)
    for item_id, day, amount, currency in disbursements:
        usd = rates.convert(amount, currency, "USD", day)
        disbursed_usd += usd
        disbursed_vnd += rates.convert(amount, currency, "VND", day)
        disbursed_by_item[item_id] += usd

    active = [i for i in items if i["active"]]
    kinds = {k: sum(1 for i in active if i["kind"] == k) for k in AidKind.values}
    donors = {d for _, d, _ in donor_links}

    def localities_of(a: date, b: date) -> set[int]:
        reach = {i["id"] for i in active if i["start"] <= b and (i["end"] is None or i["end"] >= a)}
        return {u for item_id, u in locality_links if item_id in reach}

    parts = coverage_parts(start, end, localities_of)
    last = parts[-1]

    # by locality: active items reaching each unit of the last part
    last_reach = {
        i["id"]
        for i in active
        if i["start"] <= last.end and (i["end"] is None or i["end"] >= last.start)
    }
    units_by_item: dict[int, set[int]] = defaultdict(set)
    for item_id, u in locality_links:
        if item_id in last_reach:
            units_by_item[item_id].add(u)
    per_unit: dict[int, int] = defaultdict(int)
    mapped = map_each(set().union(*units_by_item.values()) if units_by_item else set(), last.period)
    counted = set(last.unit_ids)
    for unit_ids in units_by_item.values():
        reached = set().union(*(mapped.get(u, set()) for u in unit_ids)) & counted
        for u in reached:
            per_unit[u] += 1
    names = dict(AdministrativeUnit.objects.filter(pk__in=list(per_unit)).values_list("pk", "name"))

    # by sector
    sector_rows: dict[str, dict[str, Any]] = {}
    for item in items:
        shares = sectors.get(item["id"]) or [(SectorGroup.OTHER, HUNDRED)]
        for group, pct in shares:
            row = sector_rows.setdefault(
                str(group),
                {"items": set(), "committed": Decimal(0), "disbursed": Decimal(0)},
            )
            row["items"].add(item["id"])
            if item["id"] in committed:
                row["committed"] += (committed[item["id"]] * pct / HUNDRED).quantize(
                    CENT, rounding=ROUND_HALF_UP
                )
            if item["id"] in disbursed_by_item:
                row["disbursed"] += (disbursed_by_item[item["id"]] * pct / HUNDRED).quantize(
                    CENT, rounding=ROUND_HALF_UP
                )
    # disbursements of items outside the period's items (e.g. cancelled ones)
    for item_id, usd in disbursed_by_item.items():
        if item_id not in by_id:
            row = sector_rows.setdefault(
                str(SectorGroup.OTHER),
                {"items": set(), "committed": Decimal(0), "disbursed": Decimal(0)},
            )
            row["disbursed"] += usd
    sector_labels = dict(SectorGroup.choices)

    # by donor country
    countries: dict[str, dict[str, Any]] = {}
    for item_id, donor_id, country in donor_links:
        row = countries.setdefault(country, {"donors": set(), "items": set()})
        row["donors"].add(donor_id)
        row["items"].add(item_id)
    country_names = dict(
        Country.objects.filter(pk__in=list(countries)).values_list("code", "name_vi")
    )

    return {
        "programmes": kinds[AidKind.PROGRAMME],
        "projects": kinds[AidKind.PROJECT],
        "non_projects": kinds[AidKind.NON_PROJECT],
        "items_received": sum(1 for i in items if i["received"]),
        "donors": len(donors),
        "localities_covered": last.covered,
        "localities_total": last.total,
        "coverage": [p.as_dict() for p in parts],
        "agencies_covered": len({i["agency_id"] for i in active}),
        "committed_usd": _money(sum(committed.values(), Decimal(0))),
        "disbursed_usd": _money(disbursed_usd),
        "disbursed_vnd": _money(disbursed_vnd),
        "by_sector": sorted(
            (
                {
                    "key": key,
                    "label": capfirst(str(sector_labels.get(key, key))),
                    "items": len(row["items"]),
                    "committed_usd": _money(row["committed"]),
                    "disbursed_usd": _money(row["disbursed"]),
                }
                for key, row in sector_rows.items()
            ),
            key=lambda r: (-r["items"], sort_key(r["label"])),
        ),
        "by_donor_country": sorted(
            (
                {
                    "key": code,
                    "label": country_names.get(code, code),
                    "donors": len(row["donors"]),
                    "items": len(row["items"]),
                    "committed_usd": _money(
                        sum((committed.get(i, Decimal(0)) for i in row["items"]), Decimal(0))
                    ),
                }
                for code, row in countries.items()
            ),
            key=lambda r: (-r["items"], sort_key(r["label"])),
        ),
        "by_locality": sorted(
            (
                {"key": str(pk), "label": names.get(pk, str(pk)), "items": n}
                for pk, n in per_unit.items()
            ),
            key=lambda r: (-r["items"], sort_key(r["label"])),
        ),
    }


def _two(n: int) -> str:
    """Counts as the field writes them: "02 dự án", "15 nhà tài trợ"."""
    return f"{n:02d}" if n < 10 else format_number(n)


def usd_words(value: Decimal | str, at_least: bool = False) -> str:
    """USD in millions as the field writes it: "3,27 triệu USD"; with ``at_least``, cut
    down to the hundredth and said "trên" when something was cut ("trên 7 triệu USD")."""
    amount = Decimal(str(value))
    millions = amount / Decimal(1_000_000)
    if not at_least:
        return f"{format_number(millions, 2)} triệu USD"
    shown = millions.quantize(CENT, rounding=ROUND_DOWN)
    prefix = "trên " if shown < millions else ""
    return f"{prefix}{format_number(shown, 2)} triệu USD"


def vnd_words(value: Decimal | str) -> str:
    """VND in billions, "khoảng" when rounded: "khoảng 165 tỷ đồng" (whole billions from
    10 billion up, two decimals below)."""
    billions = Decimal(str(value)) / Decimal(1_000_000_000)
    decimals = 0 if billions >= 10 else 2
    shown = billions.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    prefix = "khoảng " if shown != billions else ""
    return f"{prefix}{format_number(shown, decimals)} tỷ đồng"


def _coverage_words(part: dict[str, Any]) -> str:
    word = "huyện, thành, thị" if part["level"] == "district" else "xã, phường"
    if part["total"] and part["covered"] == part["total"]:
        return f"tất cả {_two(part['total'])}/{_two(part['total'])} {word}"
    return f"{_two(part['covered'])}/{_two(part['total'])} {word}"


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    sentences = []
    kinds = [
        (figures["programmes"], "chương trình"),
        (figures["projects"], "dự án"),
        (figures["non_projects"], "phi dự án"),
    ]
    named = [f"{_two(n)} {word}" for n, word in kinds if n]
    if named:
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " và " + named[-1]
        sentences.append(
            f"Trên địa bàn tỉnh có {listed} viện trợ nước ngoài đang được triển khai thực hiện"
            f" của {_two(figures['donors'])} nhà tài trợ"
            f", do {_two(figures['agencies_covered'])} cơ quan, đơn vị, địa phương tiếp nhận"
            " và tổ chức thực hiện."
        )
    else:
        sentences.append("Trong kỳ không có chương trình, dự án viện trợ nào được triển khai.")
    if figures["items_received"]:
        sentences.append(
            f"Trong kỳ, tỉnh đã phê duyệt tiếp nhận {_two(figures['items_received'])} chương"
            " trình, dự án, phi dự án với tổng số vốn cam kết viện trợ là "
            f"{usd_words(figures['committed_usd'])}."
        )
    if Decimal(figures["disbursed_usd"]):
        sentences.append(
            "Tổng giá trị giải ngân thực tế đạt "
            f"{usd_words(figures['disbursed_usd'], at_least=True)} (tương đương "
            f"{vnd_words(figures['disbursed_vnd'])})."
        )
    parts = figures.get("coverage") or []
    if len(parts) == 1 and parts[0]["total"]:
        sentences.append(
            f"Các chương trình, dự án viện trợ được triển khai tại {_coverage_words(parts[0])}"
            " của tỉnh."
        )
    elif len(parts) == 2:
        said = [
            f"từ {format_date(date.fromisoformat(p['from']))} đến "
            f"{format_date(date.fromisoformat(p['to']))} tại {_coverage_words(p)}"
            for p in parts
            if p["total"]
        ]
        if said:
            sentences.append(
                "Các chương trình, dự án viện trợ được triển khai " + "; ".join(said) + "."
            )
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure."""
    parts = path.split(".")
    head = parts[0]
    items = "aid.aiditem"
    kinds = {
        "programmes": AidKind.PROGRAMME,
        "projects": AidKind.PROJECT,
        "non_projects": AidKind.NON_PROJECT,
    }
    if head in kinds:
        return records_url(items, period, "active", kind=kinds[head])
    if head in ("items_received", "committed_usd"):
        return records_url(items, period, "approved_on", received="1")
    if head in ("agencies_covered", "localities_covered"):
        return records_url(items, period, "active")
    if head == "donors":
        return records_url("aid.donor", period, "items")
    if head in ("disbursed_usd", "disbursed_vnd"):
        return records_url("aid.disbursement", period, "date")
    if head == "by_locality" and len(parts) >= 2:
        return records_url(items, period, "active", locality=parts[1])
    if head == "by_donor_country" and len(parts) >= 2:
        return records_url(items, period, "active", donor_country=parts[1])
    return None


TOTAL = "Tổng cộng"


def annex(figures: dict[str, Any]) -> list[tuple]:
    """The annex tables: by sector, by donor country, by locality."""
    return [
        (
            "Viện trợ theo lĩnh vực",
            ["Lĩnh vực", "Số chương trình, dự án", "Vốn cam kết (USD)", "Giải ngân (USD)"],
            [
                [r["label"], r["items"], r["committed_usd"], r["disbursed_usd"]]
                for r in figures["by_sector"]
            ],
            "Một chương trình, dự án nhiều lĩnh vực được tính ở mỗi lĩnh vực; số vốn chia theo"
            " tỷ lệ phần trăm của từng lĩnh vực.",
        ),
        (
            "Viện trợ theo quốc gia của nhà tài trợ",
            ["Quốc gia", "Số nhà tài trợ", "Số chương trình, dự án", "Vốn cam kết (USD)"],
            [
                [r["label"], r["donors"], r["items"], r["committed_usd"]]
                for r in figures["by_donor_country"]
            ],
        ),
        (
            "Địa bàn được hưởng lợi",
            ["Địa bàn", "Số chương trình, dự án"],
            [
                *[[r["label"], r["items"]] for r in figures["by_locality"]],
                [TOTAL, f"{figures['localities_covered']}/{figures['localities_total']}"],
            ],
        ),
    ]


SECTION = ReportSection(
    key="aid",
    label=_("Foreign aid"),
    order=60,
    labels={
        "localities_total": _("localities in the province"),
        "coverage": _("coverage by period"),
        "committed_usd": _("committed value (USD)"),
        "disbursed_usd": _("disbursed (USD)"),
        "disbursed_vnd": _("disbursed (VND)"),
        "by_sector": _("by sector"),
        "by_donor_country": _("by donor country"),
        "by_locality": _("by locality"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    annex=annex,
    indicators=(
        Indicator("programmes", _("aid programmes being implemented"), False),
        Indicator("projects", _("aid projects being implemented"), False),
        Indicator("non_projects", _("non-project aid being implemented"), False),
        Indicator("items_received", _("aid items approved"), True),
        Indicator("donors", _("donors"), False),
        Indicator("localities_covered", _("localities receiving aid"), False),
        Indicator("agencies_covered", _("agencies implementing aid"), False),
    ),
)


def register() -> None:
    register_section(SECTION)
