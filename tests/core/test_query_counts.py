"""Query counts of the hot pages do not grow with the rows: the API list of every type, the
detail page of every type, the global search, the dashboard and the report JSON, each with
more rows than a list page (the list pages themselves: tests/core/test_contract.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from doingoai.core.kept import forget_everything
from tests.core.test_contract import IDS, PAGE_ROWS, TYPES, assert_no_query_per_row, make

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> list[dict]:  # noqa: ANN001
    forget_everything()  # kept values (tables' sizes) read by every page measured alike
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return ctx.captured_queries


@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_api_list_query_count_does_not_grow_with_rows(client_as, rt) -> None:  # noqa: ANN001
    client = client_as(R.ADMIN)
    make(rt)
    url = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
    client.get(url)  # warm
    few = _count(client, url)
    for _ in range(PAGE_ROWS):
        make(rt)
    many = _count(client, url)
    assert len(many) <= len(few), [q["sql"] for q in many]
    assert_no_query_per_row(many, rows=PAGE_ROWS)


def test_search_dashboard_and_report_query_counts_do_not_grow(client_as) -> None:  # noqa: ANN001
    from datetime import date, timedelta

    from tests.delegations.factories import MemberFactory, OutboundFactory

    client = client_as(R.SPECIALIST)
    year = date.today().year
    urls = [
        "/api/v1/search/?q=doan",
        "/search/?q=doan",
        "/",
        f"/api/v1/reports/?from={year}-01-01&to={year}-12-31",
        f"/api/v1/reports/?from={year - 4}-01-01&to={year}-12-31",
    ]

    def trips(n: int) -> None:
        for i in range(n):
            trip = OutboundFactory(
                title=f"Đoàn công tác số {i}",
                planned_departure=date(year, 1, 1) + timedelta(days=3 * i),
                planned_return=date(year, 1, 2) + timedelta(days=3 * i),
                status="decided",
            )
            MemberFactory(delegation=trip)

    trips(1)
    for url in urls:
        client.get(url)  # warm
    few = {url: _count(client, url) for url in urls}
    trips(PAGE_ROWS)
    for url in urls:
        many = _count(client, url)
        assert len(many) <= len(few[url]), (url, [q["sql"][:120] for q in many])
        # a fixed number of lookups (rules by key) may repeat, a prefetch appears once there
        # are hits; a query per hit would repeat ten times (ten hits per type at most)
        before = _shapes(few[url])
        grown = {q: n for q, n in _shapes(many).items() if n > max(before.get(q, 0), 9)}
        assert not grown, (url, grown)


def _shapes(queries: list[dict]) -> dict[str, int]:
    from tests.core.test_contract import _shape

    shapes: dict[str, int] = {}
    for q in queries:
        shapes[_shape(q["sql"])] = shapes.get(_shape(q["sql"]), 0) + 1
    return shapes


@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_api_list_builds_no_linked_record_it_only_names(client_as, rt) -> None:  # noqa: ANN001
    """The generated serializer writes a link as its key: an API page reads a foreign key's
    column without joining its record, and a many-to-many link's keys without the linked
    records' other columns (they built ~300 model instances a page at the stress scale), and
    writes exactly what full records give."""
    import json

    from django.db.models.signals import post_init
    from django.test import RequestFactory

    from doingoai.core.api import serializer_for

    client = client_as(R.ADMIN)
    for _ in range(3):
        make(rt)
    links = {
        f.related_model: f.many_to_many
        for f in rt.model._meta.get_fields()
        if f.is_relation and f.concrete and f.name in set(rt.get_api_fields())
    }
    links.pop(rt.model, None)
    built: list[tuple[type, bool]] = []

    def seen(sender, instance, **kwargs) -> None:  # noqa: ANN001, ANN003
        if sender in links:
            built.append((sender, bool(instance.get_deferred_fields())))

    post_init.connect(seen, weak=False, dispatch_uid="api-links")
    try:
        response = client.get(f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/")
    finally:
        post_init.disconnect(dispatch_uid="api-links")
    assert response.status_code == 200
    whole = [model for model, deferred in built if not deferred]
    assert not whole, whole
    assert all(links[model] for model, _deferred in built)  # only many-to-many keys
    key = rt.model._meta.pk.name
    results = {row[key]: row for row in response.json()["results"]}
    request = RequestFactory().get("/")
    request.user = response.wsgi_request.user
    records = list(rt.base_queryset().filter(pk__in=list(results)))
    expected = serializer_for(rt)(records, many=True, context={"request": request}).data
    got = json.loads(json.dumps([results[row[key]] for row in expected], default=str))
    assert got == json.loads(json.dumps(expected, default=str))
