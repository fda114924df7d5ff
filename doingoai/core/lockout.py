"""Lockout after failed logins (django-axes), by user name first.

A department sits behind one reverse proxy, so every user shares an address: locking an
address after five failures would lock everyone out. Axes counts failures per user name
(``AXES_LOCKOUT_PARAMETERS = ["username"]``, limit ``DOINGOAI_LOGIN_FAILURE_LIMIT``); this
handler adds a second, much higher limit per address (``DOINGOAI_LOGIN_FAILURE_LIMIT_IP``)
against a password spray across many names. An administrator unlocks a user from the Users
page (``unlock``)."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _recent(qs):  # noqa: ANN001, ANN202
    cool_off = get_cool_off()
    return qs.filter(attempt_time__gte=timezone.now() - cool_off) if cool_off else qs


def address_failures(ip_address: str | None) -> int:
    """Failed logins from ``ip_address`` (any user name) within the cool-off time."""
    if not ip_address:
        return 0
    qs = _recent(AccessAttempt.objects.filter(ip_address=ip_address))
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


def user_failures(username: str) -> int:
    """Failed logins for ``username`` within the cool-off time."""
    qs = _recent(AccessAttempt.objects.filter(username=username))
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


def is_user_locked(username: str) -> bool:
    return user_failures(username) >= settings.AXES_FAILURE_LIMIT


def locked_usernames() -> set[str]:
    """User names locked out now (for the Users page)."""
    qs = (
        _recent(AccessAttempt.objects.all())
        .values("username")
        .annotate(n=Sum("failures_since_start"))
    )
    return {row["username"] for row in qs if row["n"] >= settings.AXES_FAILURE_LIMIT}


def unlock(username: str) -> int:
    """Forget the failed logins of ``username`` (the administrator's unlock)."""
    count, _deleted = AccessAttempt.objects.filter(username=username).delete()
    return count


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit per address.

    Axes compares one failure count with one limit; when the address has reached its own
    limit, the count reported is the user-name limit, so the request is locked."""

    def get_failures(self, request, credentials: dict | None = None) -> int:  # noqa: ANN001
        by_username = super().get_failures(request, credentials)
        ip_limit = getattr(settings, "DOINGOAI_LOGIN_FAILURE_LIMIT_IP", 50)
        ip_address = getattr(request, "axes_ip_address", None)
        if ip_limit and address_failures(ip_address) >= ip_limit:
            return max(by_username, get_failure_limit(request, credentials))
        return by_username
