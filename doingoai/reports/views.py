"""Pages of the reports module: the dashboard, the report builder and its downloads,
issuing, comparing and closing, and the statistics explorer."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from doingoai.core import roles as R
from doingoai.core.agenda import agenda
from doingoai.core.inbox import tasks_for
from doingoai.core.models import SiteSettings
from doingoai.core.sections import sections
from doingoai.core.text import format_number
from doingoai.reports import services
from doingoai.reports.assembly import assemble, indicators, render_docx, render_xlsx
from doingoai.reports.models import IssuedReport, PeriodKind
from doingoai.reports.periods import from_query, make_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CAN_VIEW = "reports.view_issuedreport"


def home(request):  # noqa: ANN001, ANN201
    """The dashboard: key figures (this year, last year, target), charts, upcoming, inbox."""
    today = timezone.localdate()
    context = {
        "tasks": tasks_for(request.user),
        "upcoming": agenda(request.user, today, today + timedelta(days=30)),
        "year": today.year,
    }
    if request.user.has_perm(CAN_VIEW) and not R.is_agency_user(request.user):
        this_year = assemble(make_period("year", today.year))
        last_year = assemble(make_period("year", today.year - 1))
        targets = {t.indicator: t for t in this_year.targets}
        kpis = []
        for indicator, label in indicators():
            target = targets.get(indicator)
            kpis.append(
                {
                    "label": label.split(": ", 1)[-1],
                    "value": this_year.value(indicator),
                    "previous": last_year.value(indicator),
                    "target": target,
                }
            )
        for target in this_year.targets:
            if target.indicator == "manual":
                kpis.append(
                    {
                        "label": target.label,
                        "value": target.achieved,
                        "previous": None,
                        "target": target,
                    }
                )
        context.update(kpis=kpis, charts=_charts(today, this_year))
    return render(request, "reports/home.html", context)


def _charts(today: date, this_year) -> dict:  # noqa: ANN001
    """Chart data: by month (this year and last), by country, by area (from the report)."""
    year, previous = (
        make_period("year", today.year).period,
        make_period("year", today.year - 1).period,
    )
    data = {
        "months": [f"{m:02d}" for m in range(1, 13)],
        "series": [],
        "countries": {},
        "areas": {"labels": [], "values": []},
    }
    for section in sections():
        if not section.indicators:
            continue
        first = section.indicators[0]
        leaf = first.path.rsplit(".", 1)[-1]
        for indicator in section.indicators:
            if indicator is first or indicator.path.rsplit(".", 1)[-1] == leaf:
                data["areas"]["labels"].append(str(indicator.label))
                data["areas"]["values"].append(this_year.value(f"{section.key}.{indicator.path}"))
        if not section.explore:
            continue
        monthly = [i for i in section.indicators if "month" in i.dimensions][:2]
        for indicator in monthly:
            for period, suffix in ((year, str(today.year)), (previous, str(today.year - 1))):
                by_month = dict(section.explore(period, indicator.path, "month"))
                data["series"].append(
                    {
                        "label": f"{indicator.label} {suffix}",
                        "values": [
                            by_month.get(f"{m:02d}/{period.start.year}", 0) for m in range(1, 13)
                        ],
                    }
                )
        by_country = next((i for i in section.indicators if "country" in i.dimensions), None)
        if by_country and not data["countries"]:
            rows = section.explore(year, by_country.path, "country")[:10]
            data["countries"] = {
                "label": str(by_country.label),
                "labels": [r[0] for r in rows],
                "values": [r[1] for r in rows],
            }
    return data


def _period_or_error(request):  # noqa: ANN001, ANN202
    try:
        return from_query(request.GET), None
    except ValueError as exc:
        return None, str(exc)


@permission_required(CAN_VIEW, raise_exception=True)
def builder(request):  # noqa: ANN001, ANN201
    """Choose a period, preview the report with linked figures, download or issue it."""
    if R.is_agency_user(request.user):
        raise PermissionDenied
    report, error = None, None
    if "kind" in request.GET:
        report_period, error = _period_or_error(request)
        if report_period:
            report = assemble(report_period)
    return render(
        request,
        "reports/builder.html",
        {
            "report": report,
            "error": error,
            "kinds": PeriodKind.choices,
            "params": request.GET,
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
            "can_issue": request.user.has_perm("reports.add_issuedreport"),
        },
    )


@permission_required(CAN_VIEW, raise_exception=True)
def download(request, fmt: str):  # noqa: ANN001, ANN201
    report_period, error = _period_or_error(request)
    if error:
        messages.error(request, error)
        return redirect("report-builder")
    report = assemble(report_period)
    stamp = f"{report_period.period.start:%Y%m%d}-{report_period.period.end:%Y%m%d}"
    if fmt == "docx":
        number = request.GET.get("report_number", "").strip()
        try:
            day = date.fromisoformat(request.GET.get("issued_on", ""))
        except ValueError:
            day = timezone.localdate()
        data = render_docx(
            report,
            number=number or f"      /BC-{SiteSettings.load().agency_symbol}",
            day=day,
            next_tasks=request.GET.get("next_tasks", ""),
        )
        response = HttpResponse(data, content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{stamp}.docx"'
        return response
    response = HttpResponse(render_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="so-lieu-{stamp}.xlsx"'
    return response


@require_POST
@permission_required("reports.add_issuedreport", raise_exception=True)
def issue(request):  # noqa: ANN001, ANN201
    report_period, error = None, None
    try:
        report_period = from_query(request.POST)
        issued_on = date.fromisoformat(request.POST.get("issued_on", ""))
    except ValueError as exc:
        error = str(exc) if report_period is None else _("Give the date of issue.")
    if error:
        messages.error(request, error)
        return redirect("report-builder")
    try:
        issued = services.report_issue(
            report_period=report_period,
            number=request.POST.get("report_number", ""),
            issued_on=issued_on,
            next_tasks=request.POST.get("next_tasks", ""),
            user=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(f"/reports/builder/?{request.POST.get('query', '')}")
    messages.success(
        request,
        _("Issued report %(number)s saved with its frozen figures.") % {"number": issued.number},
    )
    return redirect(issued.get_absolute_url())


@permission_required(CAN_VIEW, raise_exception=True)
def compare(request, pk: int):  # noqa: ANN001, ANN201
    issued = get_object_or_404(IssuedReport, pk=pk)
    report, differences, changes = services.report_compare(issued)
    return render(
        request,
        "reports/compare.html",
        {"issued": issued, "differences": differences, "changes": changes, "report": report},
    )


@require_POST
@permission_required(CAN_VIEW, raise_exception=True)
def close(request, pk: int):  # noqa: ANN001, ANN201
    issued = get_object_or_404(IssuedReport, pk=pk)
    try:
        services.period_close(issued=issued, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The period is closed."))
    return redirect(issued.get_absolute_url())


def dimension_labels() -> dict[str, str]:
    """Names of the breakdowns a section's ``explore`` may offer."""
    return {
        "month": _("month"),
        "country": _("country"),
        "partner": _("partner"),
        "agency": _("agency"),
        "locality": _("locality"),
        "purpose": _("purpose"),
        "funding_source": _("funding source"),
    }


@permission_required(CAN_VIEW, raise_exception=True)
def explorer(request):  # noqa: ANN001, ANN201
    """An indicator over a period, broken down by a dimension; table, chart, XLSX."""
    if R.is_agency_user(request.user):
        raise PermissionDenied
    choices = indicators()
    rows, error, label = [], None, ""
    indicator = request.GET.get("indicator") or (choices[0][0] if choices else "")
    key, _sep, path = indicator.partition(".")
    section = {s.key: s for s in sections()}.get(key)
    found = next((i for i in section.indicators if i.path == path), None) if section else None
    names = dimension_labels()
    dimensions = [(d, names.get(d, d)) for d in (found.dimensions if found else ())]
    dimension = request.GET.get("dimension", "")
    if dimension not in dict(dimensions):
        dimension = dimensions[0][0] if dimensions else ""
    report_period = None
    if "kind" in request.GET or indicator:
        report_period, error = _period_or_error(request)
    if report_period and found and section.explore and dimension:
        rows = section.explore(report_period.period, path, dimension)
        label = dict(choices).get(indicator, indicator)
    if request.GET.get("format") == "xlsx" and report_period:
        wb = Workbook()
        ws = wb.active
        ws.append([label, report_period.label])
        ws.append([dict(dimensions).get(dimension, dimension), _("value")])
        for name, value in rows:
            ws.append([name, value])
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="khai-thac-so-lieu.xlsx"'
        return response
    return render(
        request,
        "reports/explorer.html",
        {
            "indicators": choices,
            "dimensions": dimensions,
            "indicator": indicator,
            "dimension": dimension,
            "rows": rows,
            "label": label,
            "error": error,
            "period": report_period,
            "params": request.GET,
            "kinds": PeriodKind.choices,
            "total": format_number(sum(v or 0 for _n, v in rows)),
            "chart": {
                "labels": [n for n, _v in rows],
                "values": [v or 0 for _n, v in rows],
                "label": label,
            },
        },
    )
