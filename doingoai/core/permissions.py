"""Permissions: the API's (Django model permissions, with ``view`` required for reads) and
the authentication backend that reads a user's permissions."""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from rest_framework import permissions

from doingoai.core.kept import Kept

#: A user's row and permissions, asked by every request: kept per user while no table they
#: come from has been written (a role, a membership, a password or an account closed anywhere
#: is seen by the next request).
_kept_users = Kept("users", 60, most=2048)
_kept_permissions = Kept("user-permissions", 60, most=2048)


@functools.cache
def _permission_tables(user_model: type) -> tuple[str, ...]:
    """The tables a user's permissions are read from (worked out once, not per request)."""
    from django.contrib.auth.models import Permission

    groups = user_model._meta.get_field("groups")
    own = user_model._meta.get_field("user_permissions")
    return (
        Permission._meta.db_table,
        Permission.content_type.field.related_model._meta.db_table,
        groups.remote_field.through._meta.db_table,
        own.remote_field.through._meta.db_table,
        Permission.group_set.rel.through._meta.db_table,
    )


class KeptPermissionsBackend(ModelBackend):
    """Django's model backend, whose user rows and permission sets a worker keeps per user
    (``core.kept``) instead of reading them on every request."""

    def get_user(self, user_id):  # noqa: ANN001, ANN201
        from django.contrib.auth import get_user_model

        model = get_user_model()
        fields = model._meta.concrete_fields

        def read() -> tuple | None:
            user = model._default_manager.filter(pk=user_id).first()
            return None if user is None else tuple(getattr(user, f.attname) for f in fields)

        row = _kept_users.get((user_id,), read, tables=(model._meta.db_table,))
        if row is None:
            return None
        user = model.from_db(model._default_manager.db, [f.attname for f in fields], list(row))
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):  # noqa: ANN001, ANN202
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            kept = _kept_permissions.get(
                (user_obj.pk, from_name, user_obj.is_superuser),
                lambda: frozenset(
                    super(KeptPermissionsBackend, self)._get_permissions(user_obj, obj, from_name)
                ),
                tables=_permission_tables(type(user_obj)),
            )
            setattr(user_obj, cache_name, set(kept))
        return getattr(user_obj, cache_name)


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
