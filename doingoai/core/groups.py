"""Role groups and their permissions, derived from the registry's declarations.

Permissions are declared, not clicked: ``sync_role_permissions`` makes every group hold exactly
what ``declared_permissions`` derives from the registered record types after each ``migrate``,
so the permission matrix (tests/core/test_permission_matrix.py) follows the same declarations."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from doingoai.core.registry import RecordType, registry
from doingoai.core.roles import ADMIN, GROUP_NAMES, LEADER, area_group_name


def _codenames(rt: RecordType, actions) -> list[tuple[str, str]]:
    opts = rt.model._meta
    return [(opts.app_label, f"{action}_{opts.model_name}") for action in actions]


def declared_permissions() -> dict[str, set[tuple[str, str]]]:
    """Group name → the (app_label, codename) pairs it must hold, from the registry."""
    grants: dict[str, set[tuple[str, str]]] = {name: set() for name in GROUP_NAMES.values()}
    for rt in registry.all():
        for role, actions in rt.role_actions().items():
            grants[GROUP_NAMES[role]].update(_codenames(rt, actions))
        grants.setdefault(area_group_name(rt.area.group), set()).update(
            _codenames(rt, rt.specialist_area_actions)
        )
    for role in (ADMIN, LEADER):
        grants[GROUP_NAMES[role]].add(("core", "view_personal_data"))
    grants[GROUP_NAMES[ADMIN]].update(
        {
            ("core", "change_sitesettings"),
            ("core", "view_sitesettings"),
            ("core", "change_rule"),
            ("core", "view_rule"),
            ("core", "view_accesslog"),
            ("core", "view_user"),
            ("core", "add_user"),
            ("core", "change_user"),
        }
    )
    grants[GROUP_NAMES[LEADER]].update({("core", "view_rule"), ("core", "view_sitesettings")})
    for extra_group, perms in registry.extra_grants().items():
        grants.setdefault(GROUP_NAMES.get(extra_group, extra_group), set()).update(perms)
    return grants


def sync_role_permissions() -> None:
    """Make every role group hold exactly its declared permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    ContentType.objects.clear_cache()
    index = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type")
    }
    for group_name, pairs in declared_permissions().items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set([index[pair] for pair in sorted(pairs) if pair in index])
