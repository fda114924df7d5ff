"""The delegations section of the periodic reports. A delegation counts in the period in
which it departs (outbound) or arrives (inbound), so that figures add up across periods."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import sort_key
from doingoai.core.registry import registry
from doingoai.core.sections import Indicator, Period, ReportSection, register_section
from doingoai.core.text import format_number
from doingoai.delegations.models import (
    INBOUND_COUNTED,
    OUTBOUND_COUNTED,
    InboundDelegation,
    OutboundDelegation,
    OutboundMember,
)


def outbound_in(period: Period):  # noqa: ANN201
    return OutboundDelegation.objects.with_dates().filter(
        eff_departure__range=(period.start, period.end), status__in=OUTBOUND_COUNTED
    )


def members_in(period: Period):  # noqa: ANN201
    return OutboundMember.objects.annotate(
        eff_departure=F("delegation__effective_departure")
    ).filter(
        eff_departure__range=(period.start, period.end), delegation__status__in=OUTBOUND_COUNTED
    )


def inbound_in(period: Period):  # noqa: ANN201
    return InboundDelegation.objects.filter(
        planned_arrival__range=(period.start, period.end), status__in=INBOUND_COUNTED
    )


def _breakdown(delegations, members, field: str, labels: dict[str, str]) -> list[dict]:
    trips = dict(
        members.values_list(f"delegation__{field}")
        .annotate(n=Count("id"))
        .values_list(f"delegation__{field}", "n")
    )
    rows = delegations.values(field).annotate(n=Count("id", distinct=True))
    return [
        {
            "key": row[field],
            "label": capfirst(str(labels.get(row[field], row[field]))),
            "delegations": row["n"],
            "person_trips": trips.get(row[field], 0),
        }
        for row in rows
    ]


def ranked(rows: list[dict], measure: str = "delegations") -> list[dict]:
    """Largest first; ties in Vietnamese alphabetical order of their labels (the explorer
    orders its rows the same way)."""
    return sorted(rows, key=lambda row: (-(row[measure] or 0), sort_key(row["label"])))


def compute(period: Period) -> dict[str, Any]:
    """The figures; a fixed number of aggregate queries whatever the row count."""
    out, members = outbound_in(period), members_in(period)
    totals = out.aggregate(n=Count("id"), led=Count("id", filter=Q(led_by_provincial_leader=True)))
    names = dict(out.values_list("destinations__code", "destinations__name_vi").distinct())
    countries = _breakdown(out, members, "destinations__code", names)
    inbound = inbound_in(period)
    inbound_totals = inbound.aggregate(
        n=Count("id"), foreign=Sum("foreign_count"), overseas=Sum("overseas_vietnamese_count")
    )
    by_country = (
        inbound.values("countries__code", "countries__name_vi")
        .annotate(
            n=Count("id"), foreign=Sum("foreign_count"), overseas=Sum("overseas_vietnamese_count")
        )
        .order_by()
    )
    return {
        "outbound": {
            "delegations": totals["n"],
            "person_trips": members.count(),
            "led_by_provincial_leaders": totals["led"],
            "by_funding_source": ranked(
                _breakdown(out, members, "funding_source", dict(OutboundDelegation.Funding.choices))
            ),
            "by_country": ranked(countries),
            "by_purpose": ranked(
                _breakdown(out, members, "purpose", dict(OutboundDelegation.Purpose.choices))
            ),
        },
        "inbound": {
            "delegations": inbound_totals["n"],
            "foreign_visitors": inbound_totals["foreign"] or 0,
            "overseas_vietnamese_visitors": inbound_totals["overseas"] or 0,
            "by_country": ranked(
                [
                    {
                        "key": r["countries__code"],
                        "label": r["countries__name_vi"],
                        "delegations": r["n"],
                        "foreign_visitors": r["foreign"] or 0,
                        "overseas_vietnamese_visitors": r["overseas"] or 0,
                    }
                    for r in by_country
                ]
            ),
        },
    }


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    out, inbound = figures["outbound"], figures["inbound"]
    sentences = []
    if out["delegations"]:
        countries = listed(r["label"] for r in out["by_country"])
        sentence = (
            f"Ban hành quyết định cử/cho phép {format_number(out['delegations'])} đoàn/"
            f"{format_number(out['person_trips'])} lượt cán bộ, công chức, viên chức "
            f"của tỉnh đi công tác nước ngoài"
        )
        if countries:
            sentence += f" (tại {countries})"
        if out["led_by_provincial_leaders"]:
            sentence += (
                f", trong đó {format_number(out['led_by_provincial_leaders'])} đoàn do "
                "lãnh đạo tỉnh dẫn đầu"
            )
        sentences.append(sentence + ".")
    else:
        sentences.append("Trong kỳ không có đoàn cán bộ của tỉnh đi công tác nước ngoài.")
    if inbound["delegations"]:
        foreign, overseas = inbound["foreign_visitors"], inbound["overseas_vietnamese_visitors"]
        sentence = (
            f"Đón tiếp {format_number(inbound['delegations'])} đoàn/"
            f"{format_number(foreign)} lượt khách nước ngoài"
        )
        if overseas:  # overseas Vietnamese come as members of the delegations received
            sentence += f" và {format_number(overseas)} lượt kiều bào (thành viên các đoàn)"
        sentence += " đến thăm, làm việc tại tỉnh"
        sentences.append(sentence + ".")
    else:
        sentences.append("Trong kỳ không có đoàn nước ngoài đến thăm, làm việc tại tỉnh.")
    return sentences


#: How many destination countries the narrative names before "và N nước khác".
NAMED_COUNTRIES = 6


def listed(labels) -> str:  # noqa: ANN001
    """ "A, B, C, D, E, F và 3 nước khác": the first countries by number of delegations, then
    how many more (the annex lists them all)."""
    labels = list(labels)
    named = ", ".join(labels[:NAMED_COUNTRIES])
    rest = len(labels) - NAMED_COUNTRIES
    return f"{named} và {format_number(rest)} nước khác" if rest > 0 else named


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure (its row count equals the figure)."""
    parts = path.split(".")
    side = parts[0]
    if side == "outbound":
        base = {
            "departure_from": period.start.isoformat(),
            "departure_to": period.end.isoformat(),
            "counted": "true",
        }
        measure = parts[-1]
        if len(parts) == 4:
            dimension, key = parts[1], parts[2]
            base[
                {
                    "by_country": "country",
                    "by_funding_source": "funding_source",
                    "by_purpose": "purpose",
                }[dimension]
            ] = key
        if measure == "person_trips":
            return registry.get("delegations.outboundmember").url("list") + "?" + urlencode(base)
        if measure == "led_by_provincial_leaders":
            base["led_by_provincial_leader"] = "true"
        if measure not in ("delegations", "led_by_provincial_leaders"):
            return None
        return registry.get("delegations.outbounddelegation").url("list") + "?" + urlencode(base)
    if side == "inbound":  # visitors link to the visits they came with
        base = {
            "arrival_from": period.start.isoformat(),
            "arrival_to": period.end.isoformat(),
            "counted": "true",
        }
        if len(parts) == 4:
            base["country"] = parts[2]
        if parts[-1] == "overseas_vietnamese_visitors":
            base["with_overseas_vietnamese"] = "true"
        return registry.get("delegations.inbounddelegation").url("list") + "?" + urlencode(base)
    return None


def explore(period: Period, path: str, dimension: str) -> list[tuple[str, Any]]:
    """An indicator broken down by month, country, agency or purpose."""
    side, measure = path.split(".")
    if side == "outbound":
        qs = members_in(period) if measure == "person_trips" else outbound_in(period)
        prefix = "delegation__" if measure == "person_trips" else ""
        date_field = "eff_departure"
        count = Count("id", distinct=True)
    else:
        qs, prefix, date_field = inbound_in(period), "", "planned_arrival"
        count = {
            "delegations": Count("id", distinct=True),
            "foreign_visitors": Sum("foreign_count"),
            "overseas_vietnamese_visitors": Sum("overseas_vietnamese_count"),
        }[measure]
    if dimension == "month":
        rows = qs.annotate(m=TruncMonth(date_field)).values("m").annotate(v=count).order_by("m")
        return [(row["m"].strftime("%m/%Y"), row["v"] or 0) for row in rows]
    fields = {
        "country": (
            f"{prefix}destinations__name_vi" if side == "outbound" else "countries__name_vi"
        ),
        "agency": f"{prefix}agency__name" if side == "outbound" else "host_agency__name",
        "purpose": f"{prefix}purpose",
    }
    field = fields[dimension]
    labels = dict((OutboundDelegation if side == "outbound" else InboundDelegation).Purpose.choices)
    rows = qs.values(field).annotate(v=count).order_by()
    named = [
        (capfirst(str(labels.get(row[field], row[field] or "—"))), row["v"] or 0) for row in rows
    ]
    return sorted(named, key=lambda row: (-row[1], sort_key(row[0])))


TOTAL = "Tổng cộng"


def _overlap_note(rows: list[dict], total: int, visitors: bool) -> str:
    """The note under a by-country table when a delegation counts in several rows."""
    if sum(r["delegations"] for r in rows) <= total:
        return ""
    if visitors:
        return (
            "Ghi chú: đoàn đến từ nhiều nước được tính ở mỗi nước, với toàn bộ số khách của "
            "đoàn; dòng Tổng cộng tính mỗi đoàn, mỗi lượt khách một lần."
        )
    return (
        "Ghi chú: đoàn đi nhiều nước được tính ở mỗi nước đến; dòng Tổng cộng tính mỗi đoàn, "
        "mỗi lượt người một lần."
    )


def annex(figures: dict[str, Any]) -> list[tuple]:
    """The annex tables, each with its totals row (the section's totals: a delegation to
    several countries counts once) and, where rows overlap, a note saying so."""
    out, inbound = figures["outbound"], figures["inbound"]
    out_total = [TOTAL, out["delegations"], out["person_trips"]]
    in_total = [
        TOTAL,
        inbound["delegations"],
        inbound["foreign_visitors"],
        inbound["overseas_vietnamese_visitors"],
    ]

    def outbound_rows(key: str) -> list[list[Any]]:
        return [[r["label"], r["delegations"], r["person_trips"]] for r in out[key]]

    return [
        (
            "Đoàn ra theo quốc gia",
            ["Quốc gia", "Số đoàn", "Số lượt người"],
            [*outbound_rows("by_country"), out_total],
            _overlap_note(out["by_country"], out["delegations"], visitors=False),
        ),
        (
            "Đoàn ra theo nguồn kinh phí",
            ["Nguồn kinh phí", "Số đoàn", "Số lượt người"],
            [*outbound_rows("by_funding_source"), out_total],
        ),
        (
            "Đoàn ra theo mục đích",
            ["Mục đích", "Số đoàn", "Số lượt người"],
            [*outbound_rows("by_purpose"), out_total],
        ),
        (
            "Đoàn vào theo quốc gia",
            ["Quốc gia", "Số đoàn", "Lượt khách nước ngoài", "Lượt kiều bào"],
            [
                *(
                    [
                        r["label"],
                        r["delegations"],
                        r["foreign_visitors"],
                        r["overseas_vietnamese_visitors"],
                    ]
                    for r in inbound["by_country"]
                ),
                in_total,
            ],
            _overlap_note(inbound["by_country"], inbound["delegations"], visitors=True),
        ),
    ]


DIMENSIONS = ("month", "country", "agency", "purpose")
SECTION = ReportSection(
    key="delegations",
    label=_("Delegations"),
    order=10,
    labels={
        "outbound": _("outbound"),
        "inbound": _("inbound"),
        "delegations": _("delegations"),
        "person_trips": _("person-trips"),
        "led_by_provincial_leaders": _("led by provincial leaders"),
        "foreign_visitors": _("foreign visitors"),
        "overseas_vietnamese_visitors": _("overseas Vietnamese visitors"),
        "by_country": _("by country"),
        "by_funding_source": _("by funding source"),
        "by_purpose": _("by purpose"),
    },
    compute=compute,
    narrative=narrative,
    link=link,
    explore=explore,
    annex=annex,
    indicators=(
        Indicator("outbound.delegations", _("outbound delegations"), True, DIMENSIONS),
        Indicator("outbound.person_trips", _("outbound person-trips"), True, DIMENSIONS),
        Indicator("inbound.delegations", _("inbound delegations"), True, DIMENSIONS),
        Indicator("inbound.foreign_visitors", _("foreign visitors"), True, DIMENSIONS),
        Indicator(
            "inbound.overseas_vietnamese_visitors",
            _("overseas Vietnamese visitors"),
            True,
            DIMENSIONS,
        ),
    ),
)


def register() -> None:
    register_section(SECTION)
