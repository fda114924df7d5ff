"""Who the user is, as opposed to what the user may do: ``request.user`` watched while a page
renders (``core.page_cache`` shares a page between users of the same rights only when it read
nothing of who the user is). Imports nothing of doingoai: ``core.roles`` uses it."""

from __future__ import annotations

from typing import Any

from django.utils.functional import LazyObject

#: What ``request.user`` may be asked while a page renders without making the page the user's
#: own: what the user may do, all of it in ``core.page_cache.rights`` (the organisation
#: scopes an agency's records).
RIGHTS = frozenset(
    {
        *("is_authenticated", "is_anonymous", "is_active", "is_superuser", "is_staff"),
        *("has_perm", "has_perms", "has_module_perms", "get_all_permissions"),
        *("get_group_permissions", "get_user_permissions", "is_verified"),
        *("must_change_password", "organisation_id", "organisation"),
        *("_meta", "_state", "_doingoai_roles", "backend"),
    }
)


def _who(method: str):  # noqa: ANN202
    """A special method of :class:`Watched` (``str(user)``, ``user == other``...): it asks
    who the user is."""

    def proxy(self, *args):  # noqa: ANN001, ANN002, ANN202
        self._seen.append(method)
        return getattr(self._wrapped, method)(*args)

    return proxy


class Watched(LazyObject):
    """``request.user`` while a page renders to be shared: the user, noting in ``_seen`` every
    read that is not one of :data:`RIGHTS` (a read of who the user is)."""

    def __init__(self, user: Any, seen: list[str]) -> None:
        self.__dict__["_wrapped"] = user
        self.__dict__["_seen"] = seen

    def _setup(self) -> None:  # always set
        return None

    def __getattr__(self, name: str) -> Any:
        if name not in RIGHTS:
            self._seen.append(name)
        return getattr(self._wrapped, name)

    __str__ = _who("__str__")
    __repr__ = _who("__repr__")
    __bytes__ = _who("__bytes__")
    __eq__ = _who("__eq__")
    __ne__ = _who("__ne__")
    __lt__ = _who("__lt__")
    __gt__ = _who("__gt__")
    __hash__ = _who("__hash__")
    __reduce__ = _who("__reduce__")
    __dir__ = _who("__dir__")

    def __copy__(self) -> Any:
        self._seen.append("__copy__")
        return self._wrapped

    def __deepcopy__(self, memo: dict) -> Any:
        self._seen.append("__deepcopy__")
        return self._wrapped


def real_user(user: Any) -> Any:
    """The user behind :class:`Watched` (or ``user`` itself): for code that reads the user's
    id only to work out something ``core.page_cache.rights`` holds (the user's roles)."""
    return user._wrapped if isinstance(user, Watched) else user
