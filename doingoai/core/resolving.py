"""Where a path leads, remembered by each process.

Every module's pages are included at the site's root (``path("", include(...))``), so Django
tries the patterns in order, noting each one it tried (for its "not found" page), until one
matches: ~740 patterns, 0.1–3.5 ms of a core for every request, most for the pages at the end
(notifications, search, the import jobs). Where a path leads depends only on the path and the
URL configuration, so the root resolver remembers the last ``REMEMBERED`` paths it resolved
(a path that matches nothing is not remembered: it raises each time). A new configuration
(tests' ``override_settings(ROOT_URLCONF=...)``, ``clear_url_caches``) is a new resolver, which
starts empty."""

from __future__ import annotations

import functools

from django.core.exceptions import MiddlewareNotUsed
from django.urls import URLResolver, get_resolver

#: Paths remembered per process (a record's pages each have their own path).
REMEMBERED = 4096


def remember_resolutions(resolver: URLResolver | None = None) -> URLResolver:
    """``resolver`` (the root one by default) answering a path it has resolved before from
    memory; the same ``ResolverMatch`` is returned again (Django and the views read it)."""
    resolver = resolver or get_resolver()
    if not getattr(resolver, "_doingoai_remembered", False):
        resolver.resolve = functools.lru_cache(maxsize=REMEMBERED)(resolver.resolve)
        resolver._doingoai_remembered = True
    return resolver


class RememberResolutionsMiddleware:
    """Installs the memory on the root resolver when the server loads its middleware (after
    every module has registered its record types and so its pages), then steps aside."""

    def __init__(self, get_response) -> None:  # noqa: ANN001
        remember_resolutions()
        raise MiddlewareNotUsed
