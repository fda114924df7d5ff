"""Template context shared by every page: the menu, the agency's name, the user's roles."""

from __future__ import annotations

from doingoai.core import roles as R
from doingoai.core.registry import registry


def shell(request) -> dict:  # noqa: ANN001
    """Computed once per request: a page that renders a part of itself separately (the list's
    table) asks for it again, and the settings row and the menu do not change within a
    request. The user's name and unread count are template tags (``user_name``,
    ``unread_badge``): a page kept for every user of the same rights holds placeholders for
    them (``core.page_cache``)."""
    kept = getattr(request, "_doingoai_shell", None)
    if kept is not None:
        return kept
    from doingoai.core.models import SiteSettings

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        context = {"site": SiteSettings.load()}
    else:
        roles = R.user_roles(user)
        context = {
            "menu": registry.menu(user),
            "site": SiteSettings.load(),
            "user_role_names": [R.GROUP_NAMES[r] for r in R.ROLE_ORDER if r in roles],
            "is_agency": R.is_agency_user(user),
        }
    if request is not None:
        request._doingoai_shell = context
    return context
