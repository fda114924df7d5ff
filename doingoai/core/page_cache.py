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
  *before* it was rendered, to the same session and user (or any user of the same rights, for
  a shared page: below), language, address and request headers
  that change a response (htmx, ``Accept``), the same day, within ``PAGE_CACHE_SECONDS`` (as
  long as the counts and choices each worker keeps), and never when messages wait to be shown.
- **Never kept**: anything but a ``GET`` of a signed-in session (no API token), a response
  other than a complete 200 HTML or JSON page, a response that sets a cookie, changes the
  session, adds a message or asks not to be stored, and a page whose rendering wrote anything
  but the access log's lines of the sensitive data it shows (``field_policy.log_read`` notes
  them with ``stamps.note_repeatable``): those are written again, for the user it is served
  to, each time the page is served, so every read is logged as if the page were rendered.
- The page's CSP nonce is replaced by a new one each time it is served; a page of the
  session's own keeps its CSRF token (the session's secret only changes at login, with a new
  session), a shared page gets a token of the serving request's secret.
- **Shared by users of the same rights**: while a page renders, ``request.user`` notes every
  read of *who* the user is (``core.identity.Watched``: the id, the name, the e-mail, a
  comparison, a query filtered by the user...) as opposed to *what the user may do*
  (permissions, roles, organisation: ``core.identity.RIGHTS``). A page that read nothing of
  who the user is depends only on the user's rights, so it is kept once for every user
  holding the same ones (same permissions, groups, organisation, administrator flag, second
  factor: :func:`rights`) and served to each with their own name, unread count and CSRF
  token put in place (the page shell writes them as placeholders: :func:`placeholder`). A
  page that read who the user is stays the session's own. A view that shows the user's own
  data without going through ``request.user`` calls :func:`personal`.

Pages are kept in each worker's memory (``PAGE_CACHE_ENTRIES`` pages and ``PAGE_CACHE_BYTES``
at most, the least recently used dropped first). ``PAGE_CACHE`` (``DOINGOAI_PAGE_CACHE``)
turns it off; the test settings do, and ``tests/core/test_page_cache.py`` turns it on.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import translation
from django.utils.formats import localize
from django.utils.functional import LazyObject, empty
from django.utils.html import escape, format_html

from doingoai.core import stamps
from doingoai.core.identity import Watched, real_user
from doingoai.core.kept import Kept

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


# --- pages shared by users of the same rights ------------------------------------------------
def personal(request: Any) -> None:
    """Says that the page being rendered shows something of the user's own that it did not
    read through ``request.user``: it is then kept for the session only."""
    seen = getattr(request, "_doingoai_seen", None)
    if seen is not None:
        seen.append("personal")


_kept_rights = Kept("rights", 60, most=1024)


def rights(user: Any) -> str:
    """What decides what ``user`` may see and do: users with the same share pages. Kept per
    user (and second factor) while the accounts' tables are unwritten."""
    verified = getattr(user, "is_verified", None)
    verified = verified() if callable(verified) else None
    return _kept_rights.get(
        (user.pk, verified),
        lambda: _rights(user, verified),
        tables=_account_tables_sorted(),
    )


@functools.cache
def _account_tables_sorted() -> tuple[str, ...]:
    return tuple(sorted(_account_tables()))


def _rights(user: Any, verified: bool | None) -> str:
    from doingoai.core import roles

    parts = (
        user.is_superuser,
        user.is_staff,
        getattr(user, "organisation_id", None),
        getattr(user, "must_change_password", None),
        verified,
        sorted(roles.user_roles(user)),
        sorted(roles._group_names(user)),
        sorted(user.get_all_permissions()),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


#: The placeholders a shared page holds for the parts of the page shell that are the user's
#: own (never in a page sent: every response rendered with them has them put in place).
_MARK = b"\x1edoingoai:"
_MARKS = {
    "user": b"\x1edoingoai:user\x1e",
    "unread": b"\x1edoingoai:unread\x1e",
    "csrf": b"\x1edoingoai:csrf\x1e",
}
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)


def placeholder(request: Any, part: str) -> str | None:
    """The placeholder the page shell writes for ``part`` ("user", "unread") while the page
    renders to be shared, or None: then the shell writes the part itself."""
    if request is None or getattr(request, "_doingoai_seen", None) is None:
        return None
    return _MARKS[part].decode()


def unread_badge(user: Any) -> str:
    """The notifications button's count of unread notifications (nothing when none)."""
    from doingoai.core.notifications import unread_count

    count = unread_count(user)
    if not count:
        return ""
    return format_html(
        '<span class="position-absolute top-0 start-100 translate-middle badge rounded-pill '
        'text-bg-danger" id="notification-count">{}</span>',
        localize(count),
    )


def _own_parts(body: bytes, request: Any, user: Any) -> bytes:
    """``body`` with the user's own parts in place of the placeholders."""
    if _MARK not in body:
        return body
    body = body.replace(_MARKS["user"], escape(str(user)).encode())
    body = body.replace(_MARKS["unread"], unread_badge(user).encode())
    if _MARKS["csrf"] in body:
        body = body.replace(_MARKS["csrf"], get_token(request).encode())
    return body


def _csrf_to_placeholder(body: bytes, request: Any) -> bytes:
    """``body`` with the CSRF tokens of the request's secret replaced by a placeholder (a
    request without a secret has had no token written: ``get_token`` sets one)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body
    found = {m for m in _TOKEN.findall(body) if _unmask_cipher_token(m.decode()) == secret}
    for token in found:
        body = body.replace(token, _MARKS["csrf"])
    return body


# --- the kept pages --------------------------------------------------------------------------
@dataclass
class _Page:
    body: bytes
    headers: list[tuple[str, str]]
    stamps: dict[str, int]
    nonce: str | None
    day: date
    #: Kept for every user of the same rights: the user's own parts are placeholders.
    shared: bool = False
    #: Writes made again each time the page is served (``stamps.note_repeatable``: the
    #: access log's lines of the sensitive data it shows), for the user it is served to.
    repeat: tuple = ()
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


def _keys(request) -> tuple[tuple, tuple] | None:  # noqa: ANN001
    """The page's key for the session alone, and for every user of the same rights."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or not session.session_key:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return None  # they are shown by the next page rendered
    address = (
        translation.get_language(),
        request.get_full_path(),
        *(request.META.get(name, "") for name in _VARY),
    )
    return ("own", session.session_key, user.pk, *address), ("shared", rights(user), *address)


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
    if page.shared:
        body = _own_parts(body, request, request.user)
    for write in page.repeat:
        write(request.user)
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
        keys = _keys(request) if enabled() else None
        if keys is None:
            return self.get_response(request)
        own, shared = keys
        for key in (shared, own):
            with _lock:
                page = _pages.get(key)
            if page is None:
                continue
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
        user = request.user
        seen: list[str] = []
        request.user, request._doingoai_seen = Watched(real_user(_unwrap(user)), seen), seen
        try:
            with stamps.noting() as notes:
                response = self.get_response(request)
        finally:
            request.user, request._doingoai_seen = user, None
        marked = None
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            marked = response.content
            if _MARK in marked:
                response.content = _own_parts(marked, request, user)
        # a page whose only writes are to be made again each time it is shown (the access
        # log's lines) is kept with them; any other write: not kept
        repeat = tuple(write for _table, write in notes.repeat)
        repeated: dict[str, int] = {}
        for table, _write in notes.repeat:
            repeated[table] = repeated.get(table, 0) + 1
        if (
            (notes.wrote and notes.written != repeated)  # a statement that is not one of them
            or dict(request.session.items()) != session
            or not _keepable(request, response)
        ):
            return response
        reads = notes.reads
        tables = ({_base_table(name) for name in reads} | _account_tables()) - _NOT_SHOWN
        nonce = getattr(request, "_csp_nonce", None)
        if seen:
            body = None  # the session's own
        elif marked is None:
            body = response.content  # JSON: no token written in it
        else:
            body = _csrf_to_placeholder(marked, request)
        page = _Page(
            body=response.content if body is None else body,
            headers=[(k, v) for k, v in response.headers.items() if k != "Content-Length"],
            stamps={name: before.get(name, 0) for name in sorted(tables)},
            nonce=str(nonce) if nonce else None,
            day=date.today(),
            shared=body is not None,
            repeat=repeat,
        )
        _keep(own if body is None else shared, page)
        return response


def _unwrap(user: Any) -> Any:
    """The user behind ``request.user`` (Django's lazy object)."""
    if isinstance(user, LazyObject) and not isinstance(user, Watched):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user
