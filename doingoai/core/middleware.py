"""The interface language: Vietnamese unless the user chose English with the language switch.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``: a computer set up in
English would get the interface in English. Here only the choice saved by the language switch
(the ``django_language`` cookie set by ``set_language``, kept for a year) counts; otherwise the
default ``LANGUAGE_CODE`` (``vi``)."""

from __future__ import annotations

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
