"""Pages of the diaspora module beyond the generic record pages: the review of possible
duplicates (side by side, merge through core), a person's requests about their data (a copy
of everything, erasure), the contact list of persons who consent to be contacted, and the
statistics with the world map of the community."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from doingoai.core import field_policy
from doingoai.core.filters import filterset_for
from doingoai.core.registry import registry
from doingoai.diaspora import services
from doingoai.diaspora.geo import CENTROIDS
from doingoai.diaspora.models import (
    Association,
    DataRequest,
    DiasporaPerson,
    DuplicateCandidate,
    Expertise,
    Investment,
    Sector,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPARED = [
    "code",
    "full_name",
    "former_names",
    "sex",
    "birth_date",
    "birth_year",
    "home_unit",
    "country",
    "city",
    "occupation",
    "phone",
    "email",
    "passport_number",
    "source",
    "recorded_on",
]


def _rt():  # noqa: ANN202
    return registry.get(services.PERSON)


def _require(request, action: str) -> None:  # noqa: ANN001
    if not _rt().can(request.user, action):
        raise PermissionDenied


# --- duplicates -----------------------------------------------------------------------------
@login_required
def duplicates(request):  # noqa: ANN001, ANN201
    """Open candidates, best score first; "find" looks for new ones (changers only)."""
    _require(request, "view")
    rt = _rt()
    if request.method == "POST":
        _require(request, "change")
        found = services.find_candidates()
        messages.success(request, _("%(n)d new possible duplicates found.") % {"n": found})
        return redirect("diaspora:duplicates")
    open_pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
    page = Paginator(open_pairs.order_by("-score", "id"), 50).get_page(request.GET.get("page"))
    ids = {c.first_id for c in page} | {c.second_id for c in page}
    people = rt.visible_to(request.user).in_bulk(list(ids))
    rows = [
        {
            "candidate": c,
            "first": people.get(c.first_id),
            "second": people.get(c.second_id),
            "reasons": services.reason_text(c),
        }
        for c in page
    ]
    return render(
        request,
        "diaspora/duplicates.html",
        {
            "rt": rt,
            "rows": rows,
            "page": page,
            "can_change": rt.can(request.user, "change"),
        },
    )


def _shown(rt, user, person: DiasporaPerson | None, name: str) -> Any:  # noqa: ANN001
    if person is None:
        return ""
    field = DiasporaPerson._meta.get_field(name)
    value = getattr(person, name)
    if field.choices and value:
        value = getattr(person, f"get_{name}_display")()
    elif name == "birth_year" and value:
        value = str(value)  # a year is written 1972, not 1.972
    return field_policy.shown(rt, user, name, value)


@login_required
def duplicate_detail(request, pk: int):  # noqa: ANN001, ANN201
    """The two persons side by side, what each has attached, and the decision."""
    from doingoai.core.merge import merge_plan

    _require(request, "view")
    rt = _rt()
    candidate = get_object_or_404(DuplicateCandidate, pk=pk)
    visible = rt.visible_to(request.user)
    first = visible.filter(pk=candidate.first_id).first()
    second = visible.filter(pk=candidate.second_id).first()
    if request.method == "POST":
        if not (rt.can(request.user, "change") and rt.can(request.user, "delete")):
            raise PermissionDenied
        if "dismiss" in request.POST:
            services.dismiss_candidate(candidate=candidate, user=request.user)
            messages.success(request, _("Marked as two different persons."))
            return redirect("diaspora:duplicates")
        try:
            keep = int(request.POST.get("keep", ""))
            services.merge_candidate(
                candidate=candidate,
                keep_id=keep,
                user=request.user,
                reason=request.POST.get("reason", "").strip(),
            )
        except (ValueError, ValidationError) as exc:
            for message in getattr(exc, "messages", [_("Choose one of the two persons to keep.")]):
                messages.error(request, message)
            return redirect("diaspora:duplicate", pk=pk)
        messages.success(
            request,
            _(
                "Merged: every link of both entries is now on the kept person; the merge can "
                "be undone on its page."
            ),
        )
        return redirect(rt.url("detail", keep))
    for person in (first, second):
        if person is not None:
            field_policy.log_read(user=request.user, rt=rt, action="view", obj=person)
    rows = [
        {
            "label": str(DiasporaPerson._meta.get_field(name).verbose_name),
            "first": _shown(rt, request.user, first, name),
            "second": _shown(rt, request.user, second, name),
            "same": first is not None
            and second is not None
            and getattr(first, name) == getattr(second, name),
        }
        for name in COMPARED
    ]
    return render(
        request,
        "diaspora/duplicate_detail.html",
        {
            "rt": rt,
            "candidate": candidate,
            "first": first,
            "second": second,
            "rows": rows,
            "reasons": services.reason_text(candidate),
            "plans": [merge_plan(rt, p) if p else [] for p in (first, second)],
            "can_merge": rt.can(request.user, "change") and rt.can(request.user, "delete"),
        },
    )


# --- a person's requests about their data ----------------------------------------------------
def _request_input(request) -> tuple[services.RequestInput | None, list[str]]:  # noqa: ANN001
    errors = []
    received = _parse_day(request.POST.get("received_on", ""))
    if received is None:
        errors.append(_("Give the date the request was received (dd/mm/yyyy)."))
    channel = request.POST.get("channel", "").strip()
    reason = request.POST.get("reason", "").strip()
    if not channel:
        errors.append(_("Say how the request was received."))
    if not reason:
        errors.append(_("State the reason and basis of the request."))
    if errors:
        return None, errors
    return services.RequestInput(received, channel[:200], reason), []


@login_required
def person_request(request, pk: int):  # noqa: ANN001, ANN201
    """The person asks for a copy of all their data, or for its erasure."""
    rt = _rt()
    person = get_object_or_404(rt.visible_to(request.user), pk=pk)
    if not (
        rt.can_object(request.user, "change", person) and field_policy.can_see(rt, request.user)
    ):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        data, errors = _request_input(request)
        kind = request.POST.get("kind")
        if data is not None and kind == DataRequest.Kind.EXPORT:
            content = services.person_export_xlsx(person=person, user=request.user, request=data)
            response = HttpResponse(content, content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{pk}.xlsx"'
            return response
        if data is not None and kind == DataRequest.Kind.ERASE:
            if request.POST.get("confirm") != "yes":
                errors.append(_("Tick the box to confirm the erasure: it cannot be undone."))
            else:
                try:
                    services.erase_person(person=person, user=request.user, request=data)
                except ValidationError as exc:
                    errors.extend(exc.messages)
                else:
                    messages.success(
                        request,
                        _(
                            "The person's data was erased; the statistics and a record of the "
                            "request are kept."
                        ),
                    )
                    return redirect(rt.url("detail", pk))
        elif data is not None and kind not in DataRequest.Kind.values:
            errors.append(_("Choose what the person asks for."))
    return render(
        request,
        "diaspora/person_request.html",
        {
            "rt": rt,
            "obj": person,
            "errors": errors,
            "post": request.POST,
            "requests": DataRequest.objects.filter(person_id=pk).select_related("done_by"),
            "today": timezone.localdate(),
        },
    )


# --- contact list with consent ---------------------------------------------------------------
@login_required
def contacts(request):  # noqa: ANN001, ANN201
    """The contacts of the persons (the persons' list filters) who consent to be contacted,
    as XLSX, with a stated reason; logged."""
    rt = _rt()
    _require(request, "view")
    if not field_policy.can_see(rt, request.user):
        raise PermissionDenied
    params = request.GET.copy()
    reason = params.pop("reason", [""])[-1].strip()
    filterset = filterset_for(rt)(
        params or None, queryset=rt.visible_to(request.user), request=request
    )
    qs = (
        filterset.qs if filterset.is_bound and filterset.is_valid() else rt.visible_to(request.user)
    )
    if request.GET.get("export") and reason:
        import io

        from openpyxl import Workbook

        from doingoai.core.io_safety import safe_row

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Danh sách liên hệ")
        ws.append(
            [
                "Số hồ sơ",
                "Họ và tên",
                "Nước cư trú",
                "Thành phố",
                "Điện thoại",
                "Thư điện tử",
                "Địa chỉ ở nước ngoài",
            ]
        )
        ids = []
        for row in services.contact_rows(qs):
            ids.append(row[0])
            ws.append(safe_row(ws, row))
        field_policy.log_read(user=request.user, rt=rt, action="export", ids=ids, reason=reason)
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="lien-he-kieu-bao-{stamp}.xlsx"'
        return response
    consenting = qs.filter(contact_consent=True)
    return render(
        request,
        "diaspora/contacts.html",
        {
            "rt": rt,
            "filterset": filterset,
            "count": consenting.count(),
            "asked": bool(request.GET.get("export")),
            "query": params.urlencode(),
        },
    )


# --- statistics and map -----------------------------------------------------------------------
STATS_SECONDS = 600


def compute_statistics() -> dict[str, Any]:
    """The figures of the statistics page (grouped counts on indexed columns)."""
    from doingoai.core.models import AdministrativeUnit, Country

    by_country = list(
        DiasporaPerson.objects.values("country_id").annotate(n=Count("id")).order_by("-n")
    )
    names = dict(Country.objects.values_list("code", "name_vi"))
    by_home = list(
        DiasporaPerson.objects.exclude(home_unit=None)
        .values("home_unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:30]
    )
    units = {
        u.pk: u
        for u in AdministrativeUnit.objects.filter(
            pk__in=[r["home_unit_id"] for r in by_home]
        ).select_related("parent")
    }
    associations = list(
        Association.objects.values("country_id").annotate(n=Count("id")).order_by("-n")
    )
    sectors = dict(Sector.choices)
    investments = list(
        Investment.objects.values("sector")
        .annotate(n=Count("id"), usd=Sum("registered_usd"))
        .order_by("-n")
    )
    expertise = dict(Expertise.choices)
    by_expertise = list(
        DiasporaPerson.objects.exclude(expertise="")
        .values("expertise")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {
        "at": timezone.localtime(),
        "total": sum(r["n"] for r in by_country),
        "by_country": [
            {
                "code": r["country_id"],
                "name": names.get(r["country_id"], r["country_id"]),
                "n": r["n"],
            }
            for r in by_country
        ],
        "by_home": [
            {
                "id": r["home_unit_id"],
                "name": _unit_name(units.get(r["home_unit_id"])),
                "n": r["n"],
            }
            for r in by_home
        ],
        "associations": [
            {
                "code": r["country_id"],
                "name": names.get(r["country_id"], r["country_id"]),
                "n": r["n"],
            }
            for r in associations
        ],
        "investments": [
            {
                "key": r["sector"],
                "name": str(sectors.get(r["sector"], r["sector"])),
                "n": r["n"],
                "usd": r["usd"] or 0,
            }
            for r in investments
        ],
        "by_expertise": [
            {"key": r["expertise"], "name": str(expertise.get(r["expertise"], "")), "n": r["n"]}
            for r in by_expertise
        ],
    }


def _unit_name(unit) -> str:  # noqa: ANN001
    if unit is None:
        return "—"
    parent = unit.parent.name if unit.parent_id and unit.parent.level == "district" else ""
    return f"{unit.name} ({parent})" if parent else unit.name


@login_required
def statistics(request):  # noqa: ANN001, ANN201
    """Persons by country and home locality, associations by country, investments by
    sector, and the world map. At a million persons the figures are computed at most every
    ten minutes (the page says when); "refresh" computes them again."""
    _require(request, "view")
    rt = _rt()
    key = "diaspora:statistics"
    figures = None if request.GET.get("refresh") else cache.get(key)
    if figures is None:
        figures = compute_statistics()
        cache.set(key, figures, STATS_SECONDS)
    list_url = rt.url("list")
    for row in figures["by_country"]:
        row["url"] = f"{list_url}?country={row['code']}"
    for row in figures["by_home"]:
        row["url"] = f"{list_url}?home={row['id']}"
    points = []
    for row in figures["by_country"]:
        where = CENTROIDS.get(row["code"])
        if where:
            points.append(
                {
                    "lat": where[0],
                    "lon": where[1],
                    "title": f"{row['name']}: {_number(row['n'])} người",
                    "url": row["url"],
                }
            )
    from django.conf import settings

    return render(
        request,
        "diaspora/statistics.html",
        {
            "rt": rt,
            "figures": figures,
            "points": points,
            "tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
            "investments_url": registry.get("diaspora.investment").url("list"),
            "associations_url": registry.get("diaspora.association").url("list"),
            "refresh_url": reverse("diaspora:statistics") + "?refresh=1",
        },
    )


def _number(n: int) -> str:
    from doingoai.core.text import format_number

    return format_number(n)


def _parse_day(raw: str) -> date | None:
    """A day typed dd/mm/yyyy (or ISO from a date picker)."""
    from datetime import datetime

    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


class StatisticsAPIView(APIView):
    """``/api/v1/diaspora-statistics/``: persons by country, by home commune (30 largest) and
    by field of expertise, associations by country, investments by sector (cached for ten
    minutes like the page; ``computed_at`` says when)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request) -> Response:  # noqa: ANN001
        from rest_framework.exceptions import PermissionDenied as Forbidden

        if not _rt().can(request.user, "view"):
            raise Forbidden(_("You may not see the overseas Vietnamese statistics."))
        figures = cache.get("diaspora:statistics")
        if figures is None:
            figures = compute_statistics()
            cache.set("diaspora:statistics", figures, STATS_SECONDS)
        data = {key: value for key, value in figures.items() if key != "at"}
        for row in data["investments"]:
            row["usd"] = float(row["usd"])
        return Response({"computed_at": figures["at"].isoformat(), **data})
