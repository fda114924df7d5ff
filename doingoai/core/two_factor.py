"""Two-factor authentication and the account rules of TCVN 11930 level 3.

- TOTP (an authenticator app) with static recovery codes, from django-otp; required for the
  roles in ``TWO_FACTOR_ROLES`` (administrators and leaders by default), optional for others.
- After the password, ``AccountSecurityMiddleware`` sends a user with a device to the code
  step, a user of a required role without one to the set-up page, and a user whose password
  an administrator reset to the password change, before any other page.
- ``NotTheOldPasswordValidator``: a new password may not equal the current one.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from doingoai.core import roles as R

RECOVERY_CODES = 10


def required_for(user) -> bool:  # noqa: ANN001
    """Must ``user`` use a second factor (its role is in ``TWO_FACTOR_ROLES``)?"""
    wanted = {r for r in getattr(settings, "TWO_FACTOR_ROLES", []) if r in R.GROUP_NAMES}
    return bool(wanted & R.user_roles(user))


def has_device(user) -> bool:  # noqa: ANN001
    """Has ``user`` a confirmed authenticator (TOTP) device?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user) -> TOTPDevice:  # noqa: ANN001
    """The unconfirmed TOTP device being set up (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def new_recovery_codes(user) -> list[str]:  # noqa: ANN001
    """Replace ``user``'s recovery codes by ten new ones (each usable once); returns them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remaining_recovery_codes(user) -> int:  # noqa: ANN001
    return StaticToken.objects.filter(device__user=user, device__name="recovery").count()


def remove_devices(user) -> None:  # noqa: ANN001
    """Forget every second factor of ``user`` (an administrator's reset, or the user's own
    when the role does not require one)."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


SESSION_KEY = "_doingoai_has_device"


def session_has_device(request, refresh: bool = False) -> bool:  # noqa: ANN001
    """Has the session's user a second factor? Asked once per session (not one query per
    page); the set-up, turning off and the code step refresh it."""
    cached = request.session.get(SESSION_KEY)
    if cached is None or refresh:
        cached = has_device(request.user)
        request.session[SESSION_KEY] = cached
    return cached


class AccountSecurityMiddleware:
    """Before any page: the two-factor step, the set-up for required roles, and the password
    change an administrator's reset demands. The API answers 403 instead of redirecting."""

    EXEMPT_NAMES = (
        "two-factor-verify",
        "two-factor-setup",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        "login",
    )

    def __init__(self, get_response) -> None:  # noqa: ANN001
        self.get_response = get_response

    def __call__(self, request):  # noqa: ANN001, ANN204
        user = request.user
        if user.is_authenticated:
            target = self._required_step(request, user)
            if target is not None and not self._exempt(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Finish logging in first.")}, status=403)
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _exempt(self, request) -> bool:  # noqa: ANN001
        if request.path.startswith(settings.STATIC_URL):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return True
        return match.url_name in self.EXEMPT_NAMES

    def _required_step(self, request, user) -> str | None:  # noqa: ANN001
        if not user.is_verified():
            if session_has_device(request):
                return reverse("two-factor-verify")
            if required_for(user):
                return reverse("two-factor-setup")
        if getattr(user, "must_change_password", False):
            return reverse("password_change")
        return None


class NotTheOldPasswordValidator:
    """A new password may not be the current one (an administrator's reset included)."""

    def validate(self, password: str, user=None) -> None:  # noqa: ANN001
        encoded = getattr(user, "password", "") or ""
        if encoded and check_password(password, encoded):
            raise ValidationError(
                _("The new password must differ from the current one."),
                code="password_unchanged",
            )

    def get_help_text(self) -> str:
        return _("Your new password must differ from the current one.")
