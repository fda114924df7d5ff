"""Roles: the groups created by migration, and what each may do with each record type.

Role keys, group names and who-is-who questions about a user: plain constants and helpers
that every layer may import (this module imports nothing of doingoai). The groups'
permissions are derived from the registry by ``core.groups``."""

from __future__ import annotations

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


def area_group_name(area_group: str) -> str:
    """The per-area specialist group (e.g. "Chuyên viên - Đoàn ra, đoàn vào") from the area's
    stable group name (``Area.group_name``, never its translatable label)."""
    return f"{SPECIALIST_AREA_PREFIX}{area_group}"


def user_roles(user) -> set[str]:
    """The role keys of ``user`` (a superuser is an administrator)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_doingoai_roles", None)
    if cached is not None:
        return cached
    names = {name: key for key, name in GROUP_NAMES.items()}
    groups = _group_names(user)
    roles = {names[g] for g in groups if g in names}
    if any(g.startswith(SPECIALIST_AREA_PREFIX) for g in groups):
        roles.add(SPECIALIST)
    if user.is_superuser:
        roles.add(ADMIN)
    user._doingoai_roles = roles
    return roles


_kept_groups = None


def _group_names(user) -> list[str]:  # noqa: ANN001
    """The names of ``user``'s groups, asked on every page: a worker keeps them per user while
    neither the groups nor the users' memberships are written (``core.kept``)."""
    global _kept_groups
    from doingoai.core.identity import real_user
    from doingoai.core.kept import Kept  # this module imports nothing of doingoai at load

    if _kept_groups is None:
        _kept_groups = Kept("user-groups", 60, most=1024)
    user = real_user(user)  # the groups are part of the rights pages are shared by
    field = user._meta.get_field("groups")
    tables = (field.related_model._meta.db_table, field.remote_field.through._meta.db_table)
    return _kept_groups.get((user.pk,), lambda: [g.name for g in user.groups.all()], tables=tables)


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
