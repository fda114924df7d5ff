"""The REST API: one viewset per registered record type (same scoping, filters and services
as the UI), global search and the report JSON. OpenAPI at /api/v1/schema/."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from doingoai.core import field_policy, services
from doingoai.core.filters import filterset_for
from doingoai.core.forms import valid_keys
from doingoai.core.numbers import api_decimal_field
from doingoai.core.permissions import RecordPermission  # noqa: F401 (re-exported)
from doingoai.core.registry import registry
from doingoai.core.search import global_search
from doingoai.core.sections import Period, build_report

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType


class RecordKeyField(serializers.PrimaryKeyRelatedField):
    """A link to another record by its key. A value that cannot be a key of that table (a
    NUL byte, which PostgreSQL refuses; a number past the column) is a record that does not
    exist, as any other unknown key (``forms.valid_keys``, the UI's check)."""

    def to_internal_value(self, data: Any) -> Any:
        if (
            isinstance(data, (str, int))
            and not isinstance(data, bool)
            and data != ""
            and not valid_keys(self.get_queryset().model, [data])
        ):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class RecordSerializer(serializers.ModelSerializer):
    """Base serializer: ``version`` is read back and checked on update (no lost update)."""

    serializer_related_field = RecordKeyField
    version = serializers.IntegerField(required=False)
    #: decimals typed as the app prints them ("1.234.567", "100.000.000,50") on this channel too
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: api_decimal_field(),
    }

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        rt = registry.for_model(type(instance))
        request = self.context.get("request")
        return field_policy.mask_mapping(rt, getattr(request, "user", None), data)


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


@functools.cache
def serializer_for(rt: RecordType) -> type[serializers.Serializer]:
    """The serializer class of a record type (its own ``serializer_class`` or the generated
    one), built on first use and kept."""
    return rt.serializer_class or record_serializer_for(rt)


class Conflict(APIException):
    """The record changed since the client read it (optimistic lock)."""

    status_code = 409
    default_code = "conflict"


@contextmanager
def service_errors():
    """A service's refusals as API answers: a stale version → 409, a validation error → 400
    (by field when it has fields), a permission refusal → 403, each with its message."""
    try:
        yield
    except services.ConflictError as exc:
        raise Conflict(" ".join(exc.messages)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class PreconditionRequired(APIException):
    """A write without the version the client read (``version`` or ``If-Match``)."""

    status_code = 428
    default_code = "precondition_required"


def _if_match(request) -> int | None:  # noqa: ANN001
    """The version named by an ``If-Match: "N"`` (or ``W/"N"``) header, if any."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationError({"detail": _("If-Match must be the record's ETag.")}) from exc


TRANSITION_REQUEST = inline_serializer(
    "TransitionRequest",
    fields={
        "comment": serializers.CharField(required=False, allow_blank=True),
        "version": serializers.IntegerField(required=False),
        "values": serializers.DictField(required=False),
    },
)


def _keys_only(rt: RecordType, qs: models.QuerySet) -> models.QuerySet:
    """``qs`` as the generated serializer reads it: a link is written as its key, which a
    foreign key's column already holds, and a many-to-many link as the keys of the linked
    records, fetched in one query each, in their own order, without their other columns.
    The list's joins (``list_select_related``) and full linked records built a model
    instance per link that only gave its key: a quarter of an API page (aid items at the
    stress scale, ~300 instances a page)."""
    from django.db.models import Prefetch

    names = set(rt.get_api_fields())
    qs = qs.select_related(None).prefetch_related(None)
    links = [
        Prefetch(
            f.name,
            queryset=f.related_model._default_manager.only(f.related_model._meta.pk.name).order_by(
                *f.related_model._meta.ordering
            ),
        )
        for f in rt.model._meta.many_to_many
        if f.name in names
    ]
    return qs.prefetch_related(*links) if links else qs


class RecordViewSet(viewsets.ModelViewSet):
    """CRUD for one record type through the same services as the UI. Writes need the
    version the client read (``version`` in the body or ``If-Match``); reads send ``ETag``."""

    record_type: RecordType

    _ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "DELETE": "delete"}

    def get_queryset(self):  # noqa: ANN201
        """Scoped by ``visible_to``; links the serializer shows are fetched in one query
        each, never one per row."""
        rt = self.record_type
        qs = rt.visible_to(self.request.user)
        if rt.serializer_class is None:
            return _keys_only(rt, qs)
        names = set(rt.get_api_fields())
        m2m = [f.name for f in rt.model._meta.many_to_many if f.name in names]
        fks = [
            f.name
            for f in rt.model._meta.concrete_fields
            if f.is_relation and f.name in names and f.name not in rt.list_select_related
        ]
        if m2m:
            qs = qs.prefetch_related(*m2m)
        return qs.select_related(*fks) if fks else qs

    def get_object(self):  # noqa: ANN201
        """A key that cannot be one of this table's (a NUL byte, a number past the column)
        is no record: 404, as for any unknown key."""
        key = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if not valid_keys(self.record_type.model, [key]):
            raise NotFound(_("No such record."))
        return super().get_object()

    def check_object_permissions(self, request, obj) -> None:  # noqa: ANN001
        super().check_object_permissions(request, obj)
        action = self._ACTIONS.get(request.method, "change")
        if not self.record_type.can_object(request.user, action, obj):
            self.permission_denied(request, message=_("You do not have permission to do this."))

    def _expected_version(self, data: dict[str, Any]) -> int:
        header = _if_match(self.request)
        body = data.pop("version", None)
        if header is None and body is None:
            raise PreconditionRequired(
                _(
                    "Send the version you read: the “version” field, or an If-Match header "
                    "with the record's ETag."
                )
            )
        if header is not None and body is not None and int(header) != int(body):
            raise ValidationError({"version": _("The version and If-Match disagree.")})
        return int(header if header is not None else body)

    def _save(self, serializer, *, creating: bool) -> None:  # noqa: ANN001
        rt = self.record_type
        data = field_policy.drop_masked(rt, dict(serializer.validated_data))
        expected = None if creating else self._expected_version(data)
        data.pop("version", None)
        m2m = {k: data.pop(k) for k in list(data) if rt.model._meta.get_field(k).many_to_many}
        obj = serializer.instance if not creating else rt.model()
        for key, value in data.items():
            setattr(obj, key, value)
        if creating and rt.workflow:
            setattr(obj, rt.workflow.field, rt.workflow.initial)
        with service_errors():
            obj.full_clean(exclude=[f.name for f in rt.model._meta.fields if not f.editable])
            services.record_save(
                rt=rt,
                obj=obj,
                user=self.request.user,
                expected_version=None if creating else expected,
                m2m=m2m,
            )
        serializer.instance = obj

    def perform_create(self, serializer) -> None:  # noqa: ANN001
        self._save(serializer, creating=True)

    def perform_update(self, serializer) -> None:  # noqa: ANN001
        self._save(serializer, creating=False)

    def perform_destroy(self, instance) -> None:  # noqa: ANN001
        with service_errors():
            services.record_delete(
                rt=self.record_type,
                obj=instance,
                user=self.request.user,
                expected_version=_if_match(self.request),
            )

    def finalize_response(self, request, response, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            self.detail
            and isinstance(data, dict)
            and "version" in data
            and response.status_code < 300
        ):
            response["ETag"] = f'"{data["version"]}"'
        return response

    @extend_schema(
        request=TRANSITION_REQUEST,
        responses={200: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
        description="Một bước xử lý (chuyển trạng thái) với ý kiến và các trường của bước.",
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transitions(self, request, pk=None, name=None):  # noqa: ANN001, ANN201
        """Apply the workflow move ``name`` (permission-checked like the UI)."""
        rt = self.record_type
        if rt.workflow is None:
            raise NotFound(_("This record has no workflow."))
        obj = self.get_object()
        body = request.data if isinstance(request.data, dict) else {}
        values = body.get("values") or {}
        if not isinstance(values, dict):
            raise ValidationError({"values": _("Must be an object of field values.")})
        with service_errors():
            parsed = services.transition_values(rt, name, values, request.user)
            step = services.workflow_apply(
                rt=rt,
                obj=obj,
                transition_name=name,
                user=request.user,
                comment=str(body.get("comment", "")),
                expected_version=self._expected_version(dict(body)),
                values=parsed,
            )
        fresh = rt.visible_to(request.user).get(pk=obj.pk)
        data = self.get_serializer(fresh).data
        # the answer carries the whole record: a read of its sensitive values, logged
        field_policy.log_read(user=request.user, rt=rt, action="view", channel="api", obj=fresh)
        return Response(
            {"transition": step.transition, "from": step.from_state, "to": step.to_state, **data}
        )

    def retrieve(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        response = super().retrieve(request, *args, **kwargs)
        field_policy.log_read(
            user=request.user,
            rt=self.record_type,
            action="view",
            channel="api",
            ids=[kwargs.get(self.lookup_url_kwarg or self.lookup_field)],
        )
        return response

    def list(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        pk_name = self.record_type.model._meta.pk.name
        field_policy.log_read(
            user=request.user,
            rt=self.record_type,
            action="list",
            channel="api",
            ids=[row.get(pk_name) for row in rows],
        )
        return response


def viewset_for(rt: RecordType) -> type[RecordViewSet]:
    return type(
        f"{rt.model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "record_type": rt,
            "serializer_class": serializer_for(rt),
            "filterset_class": filterset_for(rt),
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


def _record_ref(ref: str, user, action: str = "view"):  # noqa: ANN001, ANN202
    """``app.model:pk`` → the record, if ``user`` may see it (404 otherwise)."""
    key, _sep, pk = (ref or "").rpartition(":")
    try:
        rt = registry.get(key)
    except KeyError as exc:
        raise ValidationError(
            {"detail": _("Unknown record type “%(key)s”.") % {"key": key}}
        ) from exc
    obj = rt.visible_to(user).filter(pk=pk).first() if pk else None
    if obj is None:
        raise NotFound(_("No such record."))
    return rt, obj


LINK_ITEM = inline_serializer(
    "RecordLinkItem",
    fields={
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "direction": serializers.CharField(),
        "label": serializers.CharField(),
        "record": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(allow_null=True),
        "deleted": serializers.BooleanField(),
        "note": serializers.CharField(),
    },
)


class RecordLinksAPIView(APIView):
    """``/api/v1/links/?record=app.model:pk``: a record's links both ways; ``POST`` adds one
    (``source``, ``target`` as ``app.model:pk``, ``kind``, ``note``); ``DELETE
    /api/v1/links/<id>/`` removes one."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("record", OpenApiTypes.STR, required=True)],
        responses={200: inline_serializer("RecordLinks", fields={"results": LINK_ITEM})},
    )
    def get(self, request) -> Response:  # noqa: ANN001
        from doingoai.core.links import links_of

        _rt, obj = _record_ref(request.query_params.get("record", ""), request.user)
        results = []
        for shown in links_of(obj, request.user):
            link = shown.link
            outgoing = str(link.source_id) == str(
                obj.pk
            ) and link.source_type.model_class() is type(obj)
            other_ct, other_id = (
                (link.target_type, link.target_id)
                if outgoing
                else (link.source_type, link.source_id)
            )
            results.append(
                {
                    "id": link.pk,
                    "kind": link.kind,
                    "direction": "out" if outgoing else "in",
                    "label": shown.label,
                    "record": f"{other_ct.app_label}.{other_ct.model}:{other_id}",
                    "title": shown.title,
                    "url": shown.url,
                    "deleted": shown.deleted,
                    "note": link.note,
                }
            )
        return Response({"results": results})

    @extend_schema(
        request=inline_serializer(
            "RecordLinkCreate",
            fields={
                "source": serializers.CharField(),
                "target": serializers.CharField(),
                "kind": serializers.CharField(),
                "note": serializers.CharField(required=False, allow_blank=True),
            },
        ),
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request) -> Response:  # noqa: ANN001
        from doingoai.core.links import link_add

        body = request.data if isinstance(request.data, dict) else {}
        _srt, source = _record_ref(str(body.get("source", "")), request.user)
        _trt, target = _record_ref(str(body.get("target", "")), request.user)
        try:
            link = link_add(
                source=source,
                target=target,
                kind=str(body.get("kind", "related")),
                user=request.user,
                note=str(body.get("note", ""))[:300],
            )
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response({"id": link.pk, "kind": link.kind}, status=status.HTTP_201_CREATED)


class RecordLinkDeleteAPIView(APIView):
    """``DELETE /api/v1/links/<id>/``."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int) -> Response:  # noqa: ANN001
        from doingoai.core.links import link_remove
        from doingoai.core.models import RecordLink

        link = RecordLink.objects.filter(pk=pk).first()
        if link is None:
            raise NotFound(_("No such record."))
        try:
            link_remove(link=link, user=request.user)
        except DjangoPermissionDenied as exc:
            raise NotFound(_("No such record.")) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        path("links/", RecordLinksAPIView.as_view(), name="api-links"),
        path("links/<int:pk>/", RecordLinkDeleteAPIView.as_view(), name="api-link"),
        path("reports/", ReportAPIView.as_view(), name="api-reports"),
        *router.urls,
    ]
