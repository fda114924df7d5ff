"""Pages of the reports module: the dashboard, the report builder and its downloads,
issuing, comparing and closing, and the statistics explorer."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.core import roles as R
from doingoai.core.models import SiteSettings
from doingoai.reports import services
from doingoai.reports.assembly import assemble, render_docx, render_xlsx
from doingoai.reports.dashboard import dashboard
from doingoai.reports.explorer import exploration_xlsx, explore
from doingoai.reports.models import IssuedReport, PeriodKind
from doingoai.reports.periods import from_query

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CAN_VIEW = "reports.view_issuedreport"


def home(request):  # noqa: ANN001, ANN201
    """The dashboard: key figures (this year, last year, target), charts, upcoming, inbox."""
    return render(request, "reports/home.html", dashboard(request.user, timezone.localdate()))


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
            day = _day(request.GET.get("issued_on", ""))
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


def _day(value: str) -> date:
    """A date typed dd/mm/yyyy (the form's input), or ISO; ValueError otherwise."""
    from datetime import datetime

    value = value.strip()
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return date.fromisoformat(value)


@require_POST
@permission_required("reports.add_issuedreport", raise_exception=True)
def issue(request):  # noqa: ANN001, ANN201
    report_period, error = None, None
    try:
        report_period = from_query(request.POST)
        issued_on = _day(request.POST.get("issued_on", ""))
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
    """Closing asks first, naming what will be frozen; ``confirm`` closes."""
    issued = get_object_or_404(IssuedReport, pk=pk)
    if not R.user_roles(request.user) & {R.LEADER, R.ADMIN}:
        messages.error(request, _("Only a leader may close a period."))
        return redirect(issued.get_absolute_url())
    if not request.POST.get("confirm"):
        refusal = services.period_close_refusal(issued)
        if refusal:
            messages.error(request, refusal)
            return redirect(issued.get_absolute_url())
        return render(
            request,
            "reports/close_confirm.html",
            {
                "issued": issued,
                "contents": services.period_contents(issued.period_start, issued.period_end),
            },
        )
    try:
        services.period_close(issued=issued, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The period is closed."))
    return redirect(issued.get_absolute_url())


@require_POST
@permission_required(CAN_VIEW, raise_exception=True)
def reopen(request, pk: int):  # noqa: ANN001, ANN201
    """A leader reopens the closed period, with a reason."""
    issued = get_object_or_404(IssuedReport, pk=pk)
    try:
        services.period_reopen(
            issued=issued, user=request.user, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The period is open again."))
    return redirect(issued.get_absolute_url())


@permission_required(CAN_VIEW, raise_exception=True)
def explorer(request):  # noqa: ANN001, ANN201
    """An indicator over a period, broken down by a dimension; table, chart, XLSX."""
    if R.is_agency_user(request.user):
        raise PermissionDenied
    result = explore(request.GET)
    if request.GET.get("format") == "xlsx" and result.period and not result.error:
        response = HttpResponse(exploration_xlsx(result), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="khai-thac-so-lieu.xlsx"'
        return response
    return render(
        request,
        "reports/explorer.html",
        {
            "x": result,
            "rows": result.rows,
            "dimensions": result.dimensions,
            "dimension": result.dimension,
            "chart": result.chart(),
            "params": request.GET,
            "kinds": PeriodKind.choices,
            "today": timezone.localdate(),
        },
    )
