"""API permission: Django model permissions, with ``view`` required for reads."""

from __future__ import annotations

from rest_framework import permissions


class RecordPermission(permissions.DjangoModelPermissions):
    """Model permissions including ``view`` for reads; objects are scoped by ``visible_to``."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return bool(request.user and request.user.is_authenticated)
        if getattr(view, "record_type", None) is None:
            return bool(request.user and request.user.is_authenticated)
        if getattr(view, "action", None) == "transitions":  # a move changes the record
            return view.record_type.can(request.user, "change")
        return super().has_permission(request, view)
