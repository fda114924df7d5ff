"""Pages of the aid module beyond the generic record pages: the overview by donor, sector,
locality and year; the coverage table of localities; the IATI export; and the panels of the
aid item page (disbursement timeline with USD and VND totals) and of the donor page."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.views import APIView

from doingoai.aid import iati
from doingoai.aid.conversion import RateTable
from doingoai.aid.coverage import coverage_parts, map_each
from doingoai.aid.models import AidItem, Disbursement, Donor
from doingoai.aid.reports import active_q, compute, received_q
from doingoai.core.collation import sort_key
from doingoai.core.filters import filterset_for
from doingoai.core.forms import DateInput
from doingoai.core.models import AdministrativeUnit
from doingoai.core.registry import registry
from doingoai.core.sections import Period

ZERO = Decimal(0)


class PeriodForm(forms.Form):
    """A period typed dd/mm/yyyy; the current year by default."""

    start = forms.DateField(label=gettext_lazy("from"), widget=DateInput(), required=False)
    end = forms.DateField(label=gettext_lazy("until"), widget=DateInput(), required=False)

    def period(self) -> Period:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or date(today.year, 1, 1)
        end = data.get("end") or date(today.year, 12, 31)
        if end < start:
            start, end = end, start
        return Period(start, end)


def _item_rt():  # noqa: ANN202
    return registry.get("aid.aiditem")


def _require_view(user) -> None:  # noqa: ANN001
    if not _item_rt().can(user, "view"):
        raise PermissionDenied


# --- panels of the generic detail pages ---------------------------------------------------


def item_summary(item: AidItem, user) -> dict[str, Any]:  # noqa: ANN001
    """The disbursement timeline of an item, each row in USD and VND at its date's rate,
    with running and final totals and the share of the committed value that arrived."""
    rows = list(item.disbursements.select_related("donor").order_by("date", "id"))
    rates = RateTable({item.committed_currency, *(r.currency for r in rows)})
    total_usd = total_vnd = ZERO
    missing = False
    timeline = []
    for row in rows:
        usd = rates.convert_or_none(row.amount, row.currency, "USD", row.date)
        vnd = rates.convert_or_none(row.amount, row.currency, "VND", row.date)
        if usd is None or vnd is None:
            missing = True
        total_usd += usd or ZERO
        total_vnd += vnd or ZERO
        timeline.append({"row": row, "usd": usd, "vnd": vnd, "cumulative_usd": total_usd})
    committed_day = item.approved_on or item.start or timezone.localdate()
    committed_usd = rates.convert_or_none(
        item.committed_amount, item.committed_currency, "USD", committed_day
    )
    committed_vnd = rates.convert_or_none(
        item.committed_amount, item.committed_currency, "VND", committed_day
    )
    share = None
    if committed_usd:
        share = (total_usd * 100 / committed_usd).quantize(Decimal("0.1"))
    for entry in timeline:
        entry["bar"] = (
            min(100, int(entry["cumulative_usd"] * 100 / committed_usd)) if committed_usd else 0
        )
    return {
        "timeline": timeline,
        "total_usd": total_usd,
        "total_vnd": total_vnd,
        "committed_usd": committed_usd,
        "committed_vnd": committed_vnd,
        "committed_day": committed_day,
        "disbursed_share": share,
        "rate_missing": missing or committed_usd is None,
        "item_sectors": list(item.sectors.all()),
        "progress_reports": list(item.progress_reports.all()),
        "disbursements_url": registry.get("aid.disbursement").url("list") + f"?item={item.pk}",
    }


def donor_summary(donor: Donor, user) -> dict[str, Any]:  # noqa: ANN001
    """The donor's items visible to the user, with what arrived from it."""
    items = list(
        _item_rt()
        .visible_to(user)
        .filter(donors=donor)
        .select_related("agency")
        .order_by("-start", "title")
    )
    disbursements = list(
        Disbursement.objects.filter(item__in=[i.pk for i in items]).values_list(
            "item_id", "donor_id", "date", "amount", "currency"
        )
    )
    rates = RateTable({d[4] for d in disbursements})
    received = ZERO
    for _item_id, donor_id, day, amount, currency in disbursements:
        if donor_id in (None, donor.pk):
            received += rates.convert_or_none(amount, currency, "USD", day) or ZERO
    return {"donor_items": items, "donor_received_usd": received}


# --- overview ------------------------------------------------------------------------------


def _per_donor(period: Period) -> list[dict[str, Any]]:
    """Donors of the period's items: items, committed USD of the items (at the approval
    date's rate; an item of several donors counts for each) and disbursed USD in the period
    (a disbursement without a named donor counts for each donor of its item)."""
    items = list(
        AidItem.objects.filter(
            active_q(period.start, period.end) | received_q(period.start, period.end)
        ).values("id", "committed_amount", "committed_currency", "approved_on", "start")
    )
    ids = [i["id"] for i in items]
    links = list(
        AidItem.donors.through.objects.filter(aiditem_id__in=ids).values_list(
            "aiditem_id", "donor_id", "donor__name", "donor__country__name_vi"
        )
    )
    disbursements = list(
        Disbursement.objects.filter(
            item_id__in=ids, date__range=(period.start, period.end)
        ).values_list("item_id", "donor_id", "date", "amount", "currency")
    )
    rates = RateTable({i["committed_currency"] for i in items} | {d[4] for d in disbursements})
    by_item = {i["id"]: i for i in items}
    donors_of: dict[int, set[int]] = defaultdict(set)
    rows: dict[int, dict[str, Any]] = {}
    for item_id, donor_id, name, country in links:
        donors_of[item_id].add(donor_id)
        row = rows.setdefault(
            donor_id,
            {
                "pk": donor_id,
                "name": name,
                "country": country,
                "items": 0,
                "committed": ZERO,
                "disbursed": ZERO,
            },
        )
        item = by_item[item_id]
        day = item["approved_on"] or item["start"] or period.end
        row["items"] += 1
        row["committed"] += (
            rates.convert_or_none(item["committed_amount"], item["committed_currency"], "USD", day)
            or ZERO
        )
    for item_id, donor_id, day, amount, currency in disbursements:
        usd = rates.convert_or_none(amount, currency, "USD", day) or ZERO
        for d in [donor_id] if donor_id else donors_of[item_id]:
            if d in rows:
                rows[d]["disbursed"] += usd
    return sorted(rows.values(), key=lambda r: (-r["committed"], sort_key(r["name"])))


def _per_year() -> list[dict[str, Any]]:
    """Every year with aid: the report's figures of that year."""
    bounds = AidItem.objects.aggregate(a=Min("approved_on"), b=Max("approved_on"))
    d_bounds = Disbursement.objects.aggregate(a=Min("date"), b=Max("date"))
    years = [d.year for d in (*bounds.values(), *d_bounds.values()) if d]
    if not years:
        return []
    rows = []
    for year in range(max(min(years), max(years) - 19), max(years) + 1):
        figures = compute(Period(date(year, 1, 1), date(year, 12, 31)))
        rows.append({"year": year, **figures})
    return rows


def overview(request):  # noqa: ANN001, ANN201
    """``/aid/overview/?start=&end=``: the period's aid by donor, sector and locality, and
    every year's figures."""
    _require_view(request.user)
    form = PeriodForm(request.GET or None)
    period = form.period()
    figures = compute(period)
    return render(
        request,
        "aid/overview.html",
        {
            "form": form,
            "period": period,
            "figures": figures,
            "donors": _per_donor(period),
            "years": _per_year(),
            "items_url": _item_rt().url("list"),
        },
    )


def coverage_table(request):  # noqa: ANN001, ANN201
    """``/aid/coverage/?start=&end=``: each locality of the period with the items active
    there, one table per side of 1/7/2025."""
    _require_view(request.user)
    form = PeriodForm(request.GET or None)
    period = form.period()
    items = list(
        AidItem.objects.filter(active_q(period.start, period.end)).values(
            "id", "start", "end", "title"
        )
    )
    detail = _item_rt().url("detail", 0)
    for item in items:
        item["url"] = detail.replace("/0/", f"/{item['id']}/")
    links = list(
        AidItem.localities.through.objects.filter(
            aiditem_id__in=[i["id"] for i in items]
        ).values_list("aiditem_id", "administrativeunit_id")
    )

    def reaching(a: date, b: date) -> list[dict]:
        return [i for i in items if i["start"] <= b and (i["end"] is None or i["end"] >= a)]

    def localities_of(a: date, b: date) -> set[int]:
        ids = {i["id"] for i in reaching(a, b)}
        return {u for item_id, u in links if item_id in ids}

    tables = []
    for part in coverage_parts(period.start, period.end, localities_of):
        per_unit: dict[int, list[dict]] = defaultdict(list)
        mapped = map_each({u for _, u in links}, part.period)
        for item in reaching(part.start, part.end):
            units = {u for item_id, u in links if item_id == item["id"]}
            for u in set().union(*(mapped.get(x, set()) for x in units)):
                per_unit[u].append(item)
        units = AdministrativeUnit.objects.filter(pk__in=part.unit_ids).select_related("parent")
        rows = sorted(
            (
                {
                    "unit": u,
                    "items": sorted(per_unit.get(u.pk, []), key=lambda i: sort_key(i["title"])),
                }
                for u in units
            ),
            key=lambda r: sort_key(r["unit"].name),
        )
        tables.append({"part": part, "rows": rows})
    return render(
        request,
        "aid/coverage.html",
        {"form": form, "period": period, "tables": tables, "item_rt": _item_rt()},
    )


# --- IATI ----------------------------------------------------------------------------------


def _iati_response(request, queryset) -> HttpResponse:  # noqa: ANN001
    rt = _item_rt()
    filtered = filterset_for(rt)(request.GET, queryset=queryset).qs
    response = HttpResponse(iati.export_queryset(filtered), content_type="application/xml")
    response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
    return response


def iati_export(request):  # noqa: ANN001, ANN201
    """``/aid/iati.xml`` with the item list's filters: the items in IATI 2.03 XML."""
    _require_view(request.user)
    return _iati_response(request, _item_rt().visible_to(request.user))


class IatiAPIView(APIView):
    """``GET /api/v1/aid/iati/``: the aid items visible to the caller in IATI 2.03 XML
    (the item list's filters apply)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    def get(self, request):  # noqa: ANN001, ANN201
        _require_view(request.user)
        return _iati_response(request, _item_rt().visible_to(request.user))
