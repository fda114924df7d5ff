"""The base of every record view: the record type, the action's permission, the one object hook."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from doingoai.core.forms import valid_keys
from doingoai.core.registry import RecordType


class RecordView(View):
    """Base: resolves the record type, checks the action's permission, scopes objects."""

    record_type: RecordType
    action = "view"
    #: Import views answer only for types declared ``importable``.
    import_view = False

    def dispatch(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        if self.import_view and not self.record_type.importable:
            raise Http404
        if not self.record_type.can(request.user, self.action):
            raise PermissionDenied(_("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def queryset(self) -> models.QuerySet:
        return self.record_type.visible_to(self.request.user)

    def get_object(self, pk: Any) -> models.Model:
        """The record ``pk`` if visible, and only if ``can_object`` allows this view's
        action on it (403 otherwise): the one object-permission hook."""
        # an address typed by hand ("/core/persons/trash/", a number past the column, a NUL
        # byte) is not a record: 404
        keys = valid_keys(self.record_type.model, [pk])
        if not keys:
            raise Http404
        obj = get_object_or_404(self.queryset(), pk=keys[0])
        if not self.record_type.can_object(self.request.user, self.action, obj):
            raise PermissionDenied(_("You do not have permission to do this."))
        return obj

    def posted_version(self) -> int:
        """The version the user's page showed (every write form carries it)."""
        try:
            return int(self.request.POST["version"])
        except (KeyError, ValueError) as exc:
            raise ValidationError(
                _("The page you sent is out of date. Reload it and try again.")
            ) from exc

    def context(self, **extra: Any) -> dict[str, Any]:
        rt = self.record_type
        return {
            "rt": rt,
            "can_add": rt.can(self.request.user, "add"),
            "can_change": rt.can(self.request.user, "change"),
            "can_delete": rt.can(self.request.user, "delete"),
            **extra,
        }
