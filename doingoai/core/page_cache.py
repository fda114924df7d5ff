"""A signed-in user's recent pages, served again while nothing they show has changed.

Most requests are reads of a page the same user saw a moment ago: the list they came back to,
the record they reopened, the next and previous page. Rendering one costs 15–35 ms of a core
(templates, forms, tables); serving it again costs a lookup and one indexed query.

- **What a page depends on**: while a page is rendered, every table a statement reads from is
  noted (``core.stamps.noting``).
- **What changed**: every committed write moves its table's stamp (``core.stamps``); a page
  is kept with the stamps the request read before its data, so one rendered in between is
  kept with the older stamp.
- **Served again** only when every stamp of the tables the page read is still the one read
  *before* it was rendered, to the same session, user, language, address and request headers
  that change a response (htmx, ``Accept``), the same day, within ``PAGE_CACHE_SECONDS`` (as
  long as the counts and choices each worker keeps), and never when messages wait to be shown.
- **Never kept**: anything but a ``GET`` of a signed-in session (no API token), a response
  other than a complete 200 HTML or JSON page, a response that sets a cookie, changes the
  session, adds a message or asks not to be stored, and a page whose rendering wrote anything:
  a read of sensitive personal data writes its access-log line, so such a page is rendered,
  and logged, every time.
- The page's CSP nonce is replaced by a new one each time it is served; its CSRF token stays
  valid (the session's secret only changes at login, with a new session).

Pages are kept in each worker's memory (``PAGE_CACHE_ENTRIES`` pages and ``PAGE_CACHE_BYTES``
at most, the least recently used dropped first). ``PAGE_CACHE`` (``DOINGOAI_PAGE_CACHE``)
turns it off; the test settings do, and ``tests/core/test_page_cache.py`` turns it on.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from doingoai.core import stamps

#: Tables whose writes say nothing about what a page shows (a session's expiry is moved
#: once a minute).
_NOT_SHOWN = frozenset({stamps.STAMPS, "django_session"})
#: Request headers that change the response of the same address.
_VARY = ("HTTP_ACCEPT", "HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_BOOSTED")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


_DERIVED: dict[str, str] | None = None


def _base_table(name: str) -> str:
    """The table a full-text table indexes (its triggers write it with the table)."""
    global _DERIVED
    if _DERIVED is None:
        from django.apps import apps

        from doingoai.core import fulltext

        derived = {}
        for model in apps.get_models():
            table = model._meta.db_table
            derived[fulltext.fts_table(model)] = table
        _DERIVED = derived
    return _DERIVED.get(name, name)


_ACCOUNT: frozenset[str] | None = None


def _account_tables() -> frozenset[str]:
    """The user's record, groups and permissions: read by the sign-in steps before a page
    (so not always noted while it renders), yet a change to them must change what it shows."""
    global _ACCOUNT
    if _ACCOUNT is None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        user = get_user_model()
        tables = {user._meta.db_table, Group._meta.db_table, Permission._meta.db_table}
        for model in (user, Group):
            for m2m in model._meta.local_many_to_many:
                tables.add(m2m.remote_field.through._meta.db_table)
        _ACCOUNT = frozenset(tables)
    return _ACCOUNT


# --- the kept pages --------------------------------------------------------------------------
@dataclass
class _Page:
    body: bytes
    headers: list[tuple[str, str]]
    stamps: dict[str, int]
    nonce: str | None
    day: date
    at: float = field(default_factory=time.monotonic)


_pages: OrderedDict[tuple, _Page] = OrderedDict()
_size = [0]  # bytes of the kept bodies
_lock = threading.Lock()


def forget_all() -> None:
    with _lock:
        _pages.clear()
        _size[0] = 0


def _drop(key: tuple) -> None:
    page = _pages.pop(key, None)
    if page is not None:
        _size[0] -= len(page.body)


def _keep(key: tuple, page: _Page) -> None:
    if len(page.body) > settings.PAGE_CACHE_BYTES // 8:
        return  # a very long page would push out many others
    with _lock:
        _drop(key)
        _pages[key] = page
        _size[0] += len(page.body)
        while len(_pages) > settings.PAGE_CACHE_ENTRIES or _size[0] > settings.PAGE_CACHE_BYTES:
            _drop(next(iter(_pages)))


def _key(request) -> tuple | None:  # noqa: ANN001
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or not session.session_key:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return None  # they are shown by the next page rendered
    return (
        session.session_key,
        user.pk,
        translation.get_language(),
        request.get_full_path(),
        *(request.META.get(name, "") for name in _VARY),
    )


def _fresh(page: _Page) -> bool:
    if time.monotonic() - page.at > settings.PAGE_CACHE_SECONDS or page.day != date.today():
        return False
    tables = list(page.stamps)
    if not tables:
        return True
    current = stamps.read(tables)
    return all(current.get(name, 0) == n for name, n in page.stamps.items())


def _serve(request, page: _Page) -> HttpResponse:  # noqa: ANN001
    body = page.body
    fresh = getattr(request, "_csp_nonce", None)
    if page.nonce and fresh is not None:
        nonce = str(fresh)  # a new one, in the page and in its CSP header
        body = body.replace(page.nonce.encode(), nonce.encode())
    get_token(request)  # the CSRF cookie as the rendering would have set it
    response = HttpResponse(body)
    for name, value in page.headers:
        response.headers[name] = value
    return response


def _keepable(request, response) -> bool:  # noqa: ANN001
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(("text/html", "application/json")):
        return False
    if "no-store" in response.get("Cache-Control", "") or response.has_header(
        "Content-Disposition"
    ):
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and (messages.used or len(messages)))


class PageCacheMiddleware:
    """Serves a kept page again, or renders it and keeps it (the module's rules). Placed last:
    the sign-in, two-factor and password steps run before it on every request."""

    def __init__(self, get_response) -> None:  # noqa: ANN001
        self.get_response = get_response

    def __call__(self, request):  # noqa: ANN001, ANN204
        key = _key(request) if enabled() else None
        if key is None:
            return self.get_response(request)
        with _lock:
            page = _pages.get(key)
        if page is not None:
            if _fresh(page):
                with _lock:
                    if key in _pages:  # a threaded server's other request may have dropped it
                        _pages.move_to_end(key)
                return _serve(request, page)
            with _lock:
                _drop(key)
        # the request's stamps, read before the page's data: a later write moves one of them
        before = stamps.current()
        session = dict(request.session.items())  # the steps before may have changed it
        with stamps.noting() as notes:
            response = self.get_response(request)
        reads, wrote = notes.reads, notes.wrote
        if wrote or dict(request.session.items()) != session or not _keepable(request, response):
            return response
        tables = ({_base_table(name) for name in reads} | _account_tables()) - _NOT_SHOWN
        nonce = getattr(request, "_csp_nonce", None)
        page = _Page(
            body=response.content,
            headers=list(response.headers.items()),
            stamps={name: before.get(name, 0) for name in sorted(tables)},
            nonce=str(nonce) if nonce else None,
            day=date.today(),
        )
        _keep(key, page)
        return response
