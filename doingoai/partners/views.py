"""The anniversary register page (with its XLSX export) and its API."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from doingoai.core import roles as R
from doingoai.core.registry import registry
from doingoai.core.text import format_date
from doingoai.partners.anniversaries import anniversaries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_YEAR, MAX_YEAR = 1900, 2200


@require_POST
def signing_report(request, pk: int):  # noqa: ANN001, ANN201
    """Generate the report on the signing (DOCX, Decree 30 format) and attach it to the
    agreement; whoever may change the agreement may generate it."""
    from doingoai.core import services as core_services
    from doingoai.partners.documents import signing_report_docx

    rt = registry.get("partners.agreement")
    obj = get_object_or_404(rt.visible_to(request.user), pk=pk)
    if not rt.can_object(request.user, "change", obj):
        raise PermissionDenied
    name, data = signing_report_docx(obj)
    attachment = core_services.attachment_regenerate(
        obj=obj,
        name=name,
        data=data,
        user=request.user,
        description=_("Report on the signing (generated)"),
    )
    messages.success(
        request,
        _("Generated “%(name)s”: it is in the attachments.") % {"name": attachment.original_name},
    )
    return redirect(obj.get_absolute_url())


def parse_year(raw: str | None) -> int | None:
    """The ``year`` parameter, or None when it is not a year between 1900 and 2200."""
    if raw in (None, ""):
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _may_view(user) -> bool:  # noqa: ANN001
    return registry.get("partners.anniversaryevent").can(user, "view") and not R.is_agency_user(
        user
    )


def anniversary_register(request):  # noqa: ANN001, ANN201
    """``/partners/anniversaries/?year=YYYY``: the year's round anniversaries, by date."""
    if not _may_view(request.user):
        raise PermissionDenied
    year = parse_year(request.GET.get("year"))
    error = ""
    if year is None:
        error = _("The year must be a number between %(min)s and %(max)s, e.g. 2027.") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
        year = timezone.localdate().year
    items = anniversaries(year, request.user)
    if request.GET.get("format") == "xlsx" and not error:
        return _xlsx(year, items)
    return render(
        request,
        "partners/anniversaries.html",
        {
            "year": year,
            "items": items,
            "error": error,
            "previous": year - 1,
            "following": year + 1,
            "unconfirmed": any(not i.confirmed for i in items),
        },
    )


def _xlsx(year: int, items) -> HttpResponse:  # noqa: ANN001
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from doingoai.core.io_safety import safe_row

    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append([_("Round anniversaries in %(year)s") % {"year": year}])
    ws["A1"].font = Font(bold=True)
    headers = [
        _("Date"),
        _("Years"),
        _("Kind"),
        _("Anniversary"),
        _("Country"),
        _("Original date"),
        _("Date confirmed"),
    ]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for item in items:
        ws.append(
            safe_row(
                ws,
                [
                    format_date(item.date),
                    item.years,
                    item.kind_label,
                    item.title,
                    item.country or "",
                    format_date(item.origin),
                    _("Yes") if item.confirmed else _("Not yet confirmed"),
                ],
            )
        )
    for column, width in zip("ABCDEFG", (12, 8, 20, 70, 8, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ngay-ky-niem-{year}.xlsx"'
    return response


class AnniversaryAPIView(APIView):
    """``/api/v1/anniversaries/?year=YYYY``: the year's round anniversaries, by date."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, required=False)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:  # noqa: ANN001
        from rest_framework.exceptions import PermissionDenied as Forbidden

        if not _may_view(request.user):
            raise Forbidden(_("You may not see the anniversary register."))
        year = parse_year(request.query_params.get("year"))
        if year is None:
            raise ValidationError(
                {
                    "detail": _("The year must be a number between %(min)s and %(max)s, e.g. 2027.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR}
                }
            )
        items = anniversaries(year, request.user)
        return Response({"year": year, "results": [i.as_dict() for i in items]})
