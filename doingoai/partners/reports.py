"""The agreements section of the periodic reports (key ``agreements``).

Counting rules (docs/api-reports.md):

- ``signed``: agreements signed in the period (date signed in it; status signed, in force,
  expired or terminated);
- ``in_force``: agreements in force at the end of the period: signed, not terminated, valid
  from (else signed) on or before the end and valid to on or after it (or open-ended);
- ``partnerships_established``: partners whose relation was established in the period
  (ended relations included: they were established);
- ``partners_active``: partners with any activity in the period: a record of another area
  linked to the partner (core record links) whose report date falls in the period, or an
  agreement signed in the period to which the partner is a party."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.core.collation import sort_key
from doingoai.core.registry import registry
from doingoai.core.sections import Indicator, Period, ReportSection, register_section
from doingoai.core.text import format_date
from doingoai.partners.models import AGREEMENT_SIGNED, Agreement, Partner


def signed_in(period: Period):  # noqa: ANN201
    return Agreement.objects.filter(
        signed_on__range=(period.start, period.end), status__in=AGREEMENT_SIGNED
    )


def in_force_on(queryset, day: date):  # noqa: ANN001, ANN201
    """Agreements of ``queryset`` in force on ``day`` (see the module's counting rules)."""
    started = Q(valid_from__lte=day) | Q(valid_from=None, signed_on__lte=day)
    not_ended = Q(valid_to=None) | Q(valid_to__gte=day)
    return queryset.filter(started, not_ended, status__in=("signed", "in_force", "expired"))


def established_in(period: Period):  # noqa: ANN201
    return Partner.objects.filter(established__range=(period.start, period.end))


def active_partner_ids(start: date, end: date, signed_parties: set[int] | None = None) -> set[int]:
    """Partners with a linked record dated in [start, end] or party to an agreement signed
    then (``signed_parties`` when the caller has them); one query per linked type."""
    from doingoai.core.models import RecordLink

    partner_ct = ContentType.objects.get_for_model(Partner)
    other_ends: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for row in RecordLink.objects.filter(
        Q(source_type=partner_ct) | Q(target_type=partner_ct)
    ).values_list("source_type_id", "source_id", "target_type_id", "target_id"):
        s_ct, s_id, t_ct, t_id = row
        if s_ct == partner_ct.id and t_ct != partner_ct.id:
            other_ends[t_ct][t_id].add(int(s_id))
        elif t_ct == partner_ct.id and s_ct != partner_ct.id:
            other_ends[s_ct][s_id].add(int(t_id))
    active: set[int] = set()
    for ct_id, ends in other_ends.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not registry.is_registered(model):
            continue
        rt = registry.for_model(model)
        if not rt.report_date_field:
            continue
        dated = model._default_manager.filter(
            pk__in=list(ends), **{f"{rt.report_date_field}__range": (start, end)}
        ).values_list("pk", flat=True)
        for pk in dated:
            active |= ends[str(pk)]
    if signed_parties is None:
        signed_parties = set(
            signed_links(Period(start, end)).values_list("partner_id", flat=True).distinct()
        )
    return active | signed_parties


def signed_links(period: Period):  # noqa: ANN201
    """The (agreement, foreign party) rows of the agreements signed in ``period``, selected
    by a subquery: the through table is read by its agreement index, whatever the number of
    agreements (a list of their keys is planned badly by SQLite when joined, and PostgreSQL
    takes at most 65,535 parameters)."""
    return Agreement.foreign_parties.through.objects.filter(
        agreement_id__in=signed_in(period).values("pk")
    )


def compute(period: Period) -> dict[str, Any]:
    """The figures, by aggregate queries (counts grouped in the database, the period's
    agreements selected by their date's index); only the few records the narrative names
    are read whole. A fixed number of queries whatever the row count."""
    signed = signed_in(period)
    established = established_in(period)
    links = signed_links(period)
    countries: dict[str, dict[str, Any]] = {}

    def row(code: str, name: str) -> dict[str, Any]:
        return countries.setdefault(
            code, {"key": code, "label": name, "signed": 0, "partnerships_established": 0}
        )

    for code, name, n in (
        links.values_list("partner__country_id", "partner__country__name_vi")
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by()
    ):
        row(code, name)["signed"] = n
    relations: dict[str, int] = defaultdict(int)
    for code, name, relation, n in (
        established.values_list("country_id", "country__name_vi", "relation")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(code, name)["partnerships_established"] += n
        relations[relation] += n
    kinds = dict(signed.values_list("kind").annotate(n=Count("pk")).order_by())
    parties = set(links.values_list("partner_id", flat=True).distinct())
    kind_labels, relation_labels = dict(Agreement.Kind.choices), dict(Partner.Relation.choices)
    by_kind = [
        {"key": k, "label": capfirst(str(kind_labels.get(k, k))), "signed": n}
        for k, n in kinds.items()
    ]
    by_relation = [
        {
            "key": k,
            "label": capfirst(str(relation_labels.get(k, k))),
            "partnerships_established": n,
        }
        for k, n in relations.items()
    ]
    named_signed = list(
        signed.prefetch_related("foreign_parties").order_by("signed_on", "title")[: NAMED + 1]
    )
    named_established = list(
        established.select_related("country").order_by("established", "name")[: NAMED + 1]
    )
    return {
        "signed": sum(kinds.values()),
        "in_force": in_force_on(Agreement.objects.all(), period.end).count(),
        "partners_active": len(active_partner_ids(period.start, period.end, parties)),
        "partnerships_established": sum(relations.values()),
        "by_country": sorted(
            countries.values(),
            key=lambda r: (-r["signed"], -r["partnerships_established"], sort_key(r["label"])),
        ),
        "by_kind": sorted(by_kind, key=lambda r: (-r["signed"], sort_key(r["label"]))),
        "by_relation": sorted(
            by_relation, key=lambda r: (-r["partnerships_established"], sort_key(r["label"]))
        ),
        # what the narrative names; text, not figures (the reports do not walk strings)
        "established_names": [_established_name(p) for p in named_established],
        "signed_names": [_signed_name(a) for a in named_signed],
    }


#: Words for the kind of relation in "thiết lập quan hệ … với …".
RELATION_WORDS = {
    "traditional": "hữu nghị truyền thống",
    "sister": "kết nghĩa",
    "cooperation": "hợp tác",
    "other": "",
}
#: Names of agreements of each kind in the narrative.
KIND_WORDS = {
    "mou": "Biên bản ghi nhớ",
    "cooperation": "Thỏa thuận hợp tác",
    "minutes": "Biên bản thỏa thuận",
    "other": "Thỏa thuận",
}
#: How many names the narrative lists before "và N … khác".
NAMED = 8


def _established_name(p: Partner) -> str:
    relation = RELATION_WORDS.get(p.relation, "")
    words = f"quan hệ {relation} với" if relation else "quan hệ với"
    return f"thiết lập {words} {p.name} ({p.country.name_vi})"


def _signed_name(a: Agreement) -> str:
    parties = ", ".join(p.name for p in a.foreign_parties.all())
    text = f"ký kết {KIND_WORDS.get(a.kind, 'Thỏa thuận')}"
    if parties:
        text += f" với {parties}"
    return f"{text} ngày {format_date(a.signed_on)}"


def count_text(n: int) -> str:
    """ "02", "15": the field writes counts below 10 with a leading zero."""
    return f"{n:02d}"


def _listed(names: list[str], total: int, noun: str) -> str:
    shown = "; ".join(names[:NAMED])
    rest = total - min(len(names), NAMED)
    return f"{shown}; và {count_text(rest)} {noun} khác" if rest > 0 else shown


def narrative(figures: dict[str, Any]) -> list[str]:
    """The sentences of the report, in the wording of the field."""
    sentences = []
    if figures["partnerships_established"]:
        sentences.append(
            f"Thiết lập quan hệ với {count_text(figures['partnerships_established'])} đối tác "
            f"nước ngoài: "
            + _listed(figures["established_names"], figures["partnerships_established"], "quan hệ")
            + "."
        )
    if figures["signed"]:
        sentences.append(
            f"Ký kết {count_text(figures['signed'])} thỏa thuận quốc tế: "
            + _listed(figures["signed_names"], figures["signed"], "thỏa thuận")
            + "."
        )
    else:
        sentences.append("Trong kỳ không ký kết thỏa thuận quốc tế mới.")
    sentences.append(
        f"Đến cuối kỳ, có {count_text(figures['in_force'])} thỏa thuận quốc tế còn hiệu lực; "
        f"{count_text(figures['partners_active'])} đối tác nước ngoài có hoạt động hợp tác "
        "trong kỳ."
    )
    return sentences


def link(period: Period, path: str) -> str | None:
    """The list of records behind a figure (its row count equals the figure)."""
    parts = path.split(".")
    measure = parts[-1]
    agreements = registry.get("partners.agreement").url("list")
    partners = registry.get("partners.partner").url("list")
    start, end = period.start.isoformat(), period.end.isoformat()
    if measure == "signed":
        query = {"signed_from": start, "signed_to": end, "signed": "true"}
        if len(parts) == 3:
            query["country" if parts[0] == "by_country" else "kind"] = parts[1]
        return agreements + "?" + urlencode(query)
    if measure == "in_force":
        return agreements + "?" + urlencode({"in_force_on": end})
    if measure == "partnerships_established":
        query = {"established_from": start, "established_to": end}
        if len(parts) == 3:
            query["country" if parts[0] == "by_country" else "relation"] = parts[1]
        return partners + "?" + urlencode(query)
    if measure == "partners_active":
        return partners + "?" + urlencode({"active_from": start, "active_to": end})
    return None


def explore(period: Period, path: str, dimension: str) -> list[tuple[str, Any]]:
    """``signed`` or ``partnerships_established`` broken down by month or country."""
    from django.db.models.functions import TruncMonth

    if path == "signed":
        qs, date_field, country = (
            signed_in(period),
            "signed_on",
            "foreign_parties__country__name_vi",
        )
    else:
        qs, date_field, country = established_in(period), "established", "country__name_vi"
    if dimension == "month":
        rows = (
            qs.annotate(m=TruncMonth(date_field)).values("m").annotate(v=Count("id", distinct=True))
        )
        return [(r["m"].strftime("%m/%Y"), r["v"]) for r in rows.order_by("m")]
    rows = qs.values(country).annotate(v=Count("id", distinct=True)).order_by()
    named = [(r[country] or "—", r["v"]) for r in rows]
    return sorted(named, key=lambda r: (-r[1], sort_key(r[0])))


TOTAL = "Tổng cộng"


def annex(figures: dict[str, Any]) -> list[tuple]:
    """The annex tables: by country (an agreement with parties of two countries counts in
    each) and by kind."""
    return [
        (
            "Thỏa thuận quốc tế và quan hệ đối tác theo quốc gia",
            ["Quốc gia", "Thỏa thuận ký kết", "Quan hệ thiết lập"],
            [
                *(
                    [r["label"], r["signed"], r["partnerships_established"]]
                    for r in figures["by_country"]
                ),
                [TOTAL, figures["signed"], figures["partnerships_established"]],
            ],
            "Ghi chú: thỏa thuận có đối tác của nhiều nước được tính ở mỗi nước; dòng Tổng cộng "
            "tính mỗi thỏa thuận một lần.",
        ),
        (
            "Thỏa thuận quốc tế ký kết theo loại",
            ["Loại thỏa thuận", "Số thỏa thuận"],
            [*([r["label"], r["signed"]] for r in figures["by_kind"]), [TOTAL, figures["signed"]]],
        ),
    ]


DIMENSIONS = ("month", "country")
SECTION = ReportSection(
    key="agreements",
    label=_("Partners and international agreements"),
    order=50,
    compute=compute,
    narrative=narrative,
    link=link,
    explore=explore,
    annex=annex,
    labels={
        "signed": _("international agreements signed"),
        "in_force": _("international agreements in force"),
        "partners_active": _("active partners"),
        "partnerships_established": _("partnerships established"),
        "by_country": _("by country"),
        "by_kind": _("by kind of agreement"),
        "by_relation": _("by kind of relation"),
    },
    indicators=(
        Indicator("signed", _("international agreements signed"), True, DIMENSIONS),
        Indicator("partnerships_established", _("partnerships established"), True, DIMENSIONS),
        Indicator("in_force", _("international agreements in force"), False),
        Indicator("partners_active", _("active partners"), False),
    ),
)


def register() -> None:
    register_section(SECTION)
