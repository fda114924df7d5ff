"""Where a path leads is remembered by the root resolver (``core/resolving.py``): a path seen
before does not walk the ~740 patterns again; a path that matches nothing is never
remembered."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from doingoai.core.resolving import remember_resolutions


def _root() -> URLResolver:
    return URLResolver(RegexPattern(r"^/"), settings.ROOT_URLCONF)


def _counting(monkeypatch) -> list[int]:  # noqa: ANN001
    tried = [0]
    original = URLPattern.resolve

    def resolve(self, path):  # noqa: ANN001, ANN202
        tried[0] += 1
        return original(self, path)

    monkeypatch.setattr(URLPattern, "resolve", resolve)
    return tried


def test_a_path_resolved_before_walks_no_pattern_again(monkeypatch):
    resolver = remember_resolutions(_root())
    tried = _counting(monkeypatch)
    first = resolver.resolve("/notifications/")
    walked = tried[0]
    assert walked > 100  # the core's own pages come after every module's
    again = resolver.resolve("/notifications/")
    assert tried[0] == walked
    assert again.url_name == first.url_name == "notifications"
    other = resolver.resolve("/search/")
    assert other.url_name == "search" and tried[0] > walked


def test_a_path_that_leads_nowhere_is_asked_each_time(monkeypatch):
    resolver = remember_resolutions(_root())
    tried = _counting(monkeypatch)
    for _ in range(2):
        with pytest.raises(Resolver404):
            resolver.resolve("/khong-co-trang-nay/")
    assert resolver.resolve.cache_info().currsize == 0
    assert tried[0] > 200  # walked twice


@pytest.mark.django_db
def test_the_server_installs_it_and_pages_answer_as_before(client_as):
    from doingoai.core import roles as R

    client = client_as(R.ADMIN)
    assert client.get("/notifications/").status_code == 200
    assert getattr(get_resolver(), "_doingoai_remembered", False)
    response = client.get("/notifications/")
    assert response.status_code == 200 and response.resolver_match.url_name == "notifications"
    assert client.get("/khong-co-trang-nay/").status_code == 404
