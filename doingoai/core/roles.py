"""Roles: the groups created by migration, and what each may do with each record type.

Permissions are declared, not clicked: ``sync_role_permissions`` derives every group's
permissions from the registry after each ``migrate``, so a permission matrix can be generated
from the same declarations (tests/core/test_permissions.py does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

ADMIN = "admin"
LEADER = "leader"
SPECIALIST = "specialist"
AGENCY = "agency"
READONLY = "readonly"

#: Group names as users see them; created by migration core/0002.
GROUP_NAMES: dict[str, str] = {
    ADMIN: "Quản trị hệ thống",
    LEADER: "Lãnh đạo",
    SPECIALIST: "Chuyên viên",
    AGENCY: "Đơn vị đề nghị",
    READONLY: "Chỉ xem",
}
ROLE_ORDER = [ADMIN, LEADER, SPECIALIST, AGENCY, READONLY]
SPECIALIST_AREA_PREFIX = "Chuyên viên - "
SENSITIVE_PERMISSION = "core.view_personal_data"

ALL_ACTIONS = ("view", "add", "change", "delete")


def area_group_name(area_label: str) -> str:
    """The per-area specialist group (e.g. "Chuyên viên - Đoàn ra, đoàn vào")."""
    return f"{SPECIALIST_AREA_PREFIX}{area_label}"


def user_roles(user) -> set[str]:
    """The role keys of ``user`` (a superuser is an administrator)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_doingoai_roles", None)
    if cached is not None:
        return cached
    names = {name: key for key, name in GROUP_NAMES.items()}
    groups = [g.name for g in user.groups.all()]
    roles = {names[g] for g in groups if g in names}
    if any(g.startswith(SPECIALIST_AREA_PREFIX) for g in groups):
        roles.add(SPECIALIST)
    if user.is_superuser:
        roles.add(ADMIN)
    user._doingoai_roles = roles
    return roles


def is_agency_user(user) -> bool:
    """True for a submitting agency's user: such a user sees only its organisation's records.

    The agency role always scopes, whatever other role the account also holds (a "read-only"
    role added to an agency's account must not open every agency's records); the user form
    warns when roles are combined so (``conflicting_roles``)."""
    return AGENCY in user_roles(user)


def current_user():  # noqa: ANN201
    """The user of the request being served (None outside a request): for messages built
    deep in model validation that must not reveal other agencies' records to an agency."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def conflicting_roles(roles: set[str]) -> set[str]:
    """The roles that the agency role overrides when both are given to one account."""
    return roles - {AGENCY} if AGENCY in roles else set()


def _codenames(rt: RecordType, actions) -> list[tuple[str, str]]:
    opts = rt.model._meta
    return [(opts.app_label, f"{action}_{opts.model_name}") for action in actions]


def declared_permissions() -> dict[str, set[tuple[str, str]]]:
    """Group name → the (app_label, codename) pairs it must hold, from the registry."""
    from doingoai.core.registry import registry

    grants: dict[str, set[tuple[str, str]]] = {name: set() for name in GROUP_NAMES.values()}
    for rt in registry.all():
        for role, actions in rt.role_actions().items():
            grants[GROUP_NAMES[role]].update(_codenames(rt, actions))
        with translation.override("vi"):  # group names are stored in Vietnamese
            area_group = area_group_name(str(rt.area.label))
        grants.setdefault(area_group, set()).update(_codenames(rt, rt.specialist_area_actions))
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
