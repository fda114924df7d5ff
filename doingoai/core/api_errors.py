"""API errors in the user's language: DRF's handler, with the messages DRF and Django leave
untranslated (the CSRF refusal reasons) replaced by messages that say what to do."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):  # noqa: ANN001, ANN201
    """DRF's exception handler; a CSRF refusal (English text built by DRF from Django's
    reason constants) becomes a translated message."""
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(
            _(
                "The security check of the form failed (CSRF token missing or expired). Reload "
                "the page and try again; a program calling the API should use a token "
                "(Authorization: Token …) instead of the session."
            )
        )
    return drf_exception_handler(exc, context)
