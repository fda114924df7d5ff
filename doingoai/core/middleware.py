"""The interface language: Vietnamese unless the user chose English with the language switch.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``: a computer set up in
English would get the interface in English. Here only the choice saved by the language switch
(the ``django_language`` cookie set by ``set_language``, kept for a year) counts; otherwise the
default ``LANGUAGE_CODE`` (``vi``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:  # noqa: ANN001
    """The language the user chose, or the default; never the browser's."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the chosen language for the request (replaces ``LocaleMiddleware``)."""

    def __init__(self, get_response) -> None:  # noqa: ANN001
        self.get_response = get_response

    def __call__(self, request):  # noqa: ANN001, ANN204
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


#: An active session's expiry moves forward at most this often: saving it on every request
#: (``SESSION_SAVE_EVERY_REQUEST``) made every page, even a read, a write transaction.
SESSION_REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """The idle expiry (``SESSION_COOKIE_AGE`` after the last request) kept within
    ``SESSION_REFRESH_SECONDS``: a session in use is saved again, with a new expiry, once that
    much time has passed since it was last saved. Placed right after ``SessionMiddleware``."""

    def __init__(self, get_response) -> None:  # noqa: ANN001
        self.get_response = get_response

    def __call__(self, request):  # noqa: ANN001, ANN204
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session (or logged out)
        now = int(time.time())
        if session.modified or now - session.get("_refreshed", 0) >= SESSION_REFRESH_SECONDS:
            session["_refreshed"] = now  # saved now, by SessionMiddleware, with a new expiry
        return response
