"""The REST API: one viewset per registered record type (same scoping, filters and services
as the UI), global search and the report JSON. OpenAPI at /api/v1/schema/."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from doingoai.core import services
from doingoai.core.permissions import RecordPermission  # noqa: F401 (re-exported)
from doingoai.core.registry import registry
from doingoai.core.search import global_search
from doingoai.core.sections import Period, build_report

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType


class RecordSerializer(serializers.ModelSerializer):
    """Base serializer: ``version`` is read back and checked on update (no lost update)."""

    version = serializers.IntegerField(required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        rt = registry.for_model(type(instance))
        request = self.context.get("request")
        if rt.sensitive_fields and request and not rt.can_see_sensitive(request.user):
            for name in rt.sensitive_fields:
                if data.get(name):
                    data[name] = "***"
        return data


def record_serializer_for(rt: RecordType) -> type[serializers.ModelSerializer]:
    """The serializer of a record type from ``api_fields`` (or ``fields``)."""
    pk_name = rt.model._meta.pk.name
    fields = [pk_name, *[f for f in rt.get_api_fields() if f != pk_name], "version"]
    read_only = ["created_at", "updated_at"]
    if rt.workflow:
        read_only.append(rt.workflow.field)
        if rt.workflow.field not in fields:
            fields.append(rt.workflow.field)
    meta = type(
        "Meta",
        (),
        {"model": rt.model, "fields": [*fields, *read_only[:2]], "read_only_fields": read_only},
    )
    return type(f"{rt.model.__name__}Serializer", (RecordSerializer,), {"Meta": meta})


class RecordViewSet(viewsets.ModelViewSet):
    """CRUD for one record type through the same services as the UI."""

    record_type: RecordType

    def get_queryset(self):  # noqa: ANN201
        return self.record_type.visible_to(self.request.user)

    def _save(self, serializer, *, creating: bool) -> None:  # noqa: ANN001
        rt = self.record_type
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        m2m = {k: data.pop(k) for k in list(data) if rt.model._meta.get_field(k).many_to_many}
        obj = serializer.instance if not creating else rt.model()
        for key, value in data.items():
            setattr(obj, key, value)
        if creating and rt.workflow:
            setattr(obj, rt.workflow.field, rt.workflow.initial)
        try:
            obj.full_clean(exclude=[f.name for f in rt.model._meta.fields if not f.editable])
            services.record_save(
                rt=rt,
                obj=obj,
                user=self.request.user,
                expected_version=None if creating else expected,
                m2m=m2m,
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        serializer.instance = obj

    def perform_create(self, serializer) -> None:  # noqa: ANN001
        self._save(serializer, creating=True)

    def perform_update(self, serializer) -> None:  # noqa: ANN001
        self._save(serializer, creating=False)

    def perform_destroy(self, instance) -> None:  # noqa: ANN001
        try:
            services.record_delete(rt=self.record_type, obj=instance, user=self.request.user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    def retrieve(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        response = super().retrieve(request, *args, **kwargs)
        rt = self.record_type
        if rt.sensitive_fields and rt.can_see_sensitive(request.user):
            services.log_access(
                user=request.user, obj_or_model=self.get_object(), action="view", channel="api"
            )
        return response


def viewset_for(rt: RecordType) -> type[RecordViewSet]:
    return type(
        f"{rt.model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "record_type": rt,
            "serializer_class": rt.serializer,
            "filterset_class": rt.filterset,
            "queryset": rt.model._default_manager.none(),
        },
    )


SearchResult = inline_serializer(
    "SearchResponse",
    fields={
        "results": serializers.ListField(
            child=inline_serializer(
                "SearchResult",
                fields={
                    "type": serializers.CharField(),
                    "id": serializers.CharField(),
                    "title": serializers.CharField(),
                    "url": serializers.CharField(),
                },
            )
        )
    },
)


class SearchAPIView(APIView):
    """``/api/v1/search/?q=``: every registered type the user may see, ranked."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses=SearchResult,
    )
    def get(self, request) -> Response:  # noqa: ANN001
        hits = global_search(request.user, request.query_params.get("q", ""), limit=50)
        return Response(
            {
                "results": [
                    {"type": h.type, "id": str(h.id), "title": h.title, "url": h.url} for h in hits
                ]
            }
        )


def parse_period(params) -> Period:  # noqa: ANN001
    """Read ``from``/``to`` (YYYY-MM-DD) into a Period, with a Vietnamese error."""
    try:
        start = date.fromisoformat(params.get("from", ""))
        end = date.fromisoformat(params.get("to", ""))
    except ValueError as exc:
        raise ValidationError(
            {
                "detail": "Tham số from và to phải là ngày dạng YYYY-MM-DD, ví dụ "
                "?from=2025-01-01&to=2025-12-31."
            }
        ) from exc
    if end < start:
        raise ValidationError({"detail": "Ngày kết thúc (to) phải sau ngày bắt đầu (from)."})
    return Period(start, end)


class ReportAPIView(APIView):
    """``/api/v1/reports/?from=YYYY-MM-DD&to=YYYY-MM-DD``: every section's figures."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:  # noqa: ANN001
        from doingoai.core import roles as R

        if R.is_agency_user(request.user):
            raise PermissionDenied("Đơn vị đề nghị không xem được báo cáo tổng hợp.")
        return Response(build_report(parse_period(request.query_params)), status=status.HTTP_200_OK)


def api_urlpatterns() -> list:
    """URL patterns of /api/v1/: one route per registered type, plus search and reports."""
    router = DefaultRouter(trailing_slash=True)
    for rt in registry.all():
        prefix = f"{rt.model._meta.app_label}/{rt.url_slug}"
        router.register(prefix, viewset_for(rt), basename=rt.key.replace(".", "-"))
    return [
        path("search/", SearchAPIView.as_view(), name="api-search"),
        path("reports/", ReportAPIView.as_view(), name="api-reports"),
        *router.urls,
    ]
