"""The record contract, run over every registered record type: each new module is tested by
registering. Anonymous, no permission and permitted users here; every role, action and channel
against the golden file in test_permission_matrix.py (scoped agencies included); lossless
restore, strict optimistic locking, export, API, search and query budgets with more rows than a
page. Transaction bugs are hunted on a real database in test_transactions.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from doingoai.core import services, snapshots
from doingoai.core.kept import forget_everything
from doingoai.core.registry import registry
from tests.factories import CONTRACT_CHILDREN, CONTRACT_FACTORIES

TYPES = sorted(registry.all(), key=lambda rt: rt.key)
IDS = [rt.key for rt in TYPES]


def test_every_registered_type_has_a_contract_factory():
    missing = [rt.key for rt in TYPES if rt.key not in CONTRACT_FACTORIES]
    assert not missing, f"record types without a factory in tests/*/factories.py: {missing}"


def test_system_check_requires_registration():
    from doingoai.core.apps import check_record_models_registered

    assert check_record_models_registered() == []


def make(rt):
    return CONTRACT_FACTORIES[rt.key]()


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_anonymous_is_sent_to_login(client, rt):
    obj = make(rt)
    for url in (rt.url("list"), rt.url("detail", obj.pk), rt.url("add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert client.get(f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/").status_code in (
        401,
        403,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_user_without_permission_is_refused(client, django_user_model, rt):
    obj = make(rt)
    user = django_user_model.objects.create_user("nobody", password="Mat-khau-thu-2026")
    client.force_login(user)
    for url in (
        rt.url("list"),
        rt.url("detail", obj.pk),
        rt.url("add"),
        rt.url("export"),
        rt.url("edit", obj.pk),
        rt.url("delete", obj.pk),
        rt.url("history", obj.pk),
    ):
        assert client.get(url).status_code == 403, url
    api = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
    assert client.get(api).status_code == 403
    assert client.get(f"{api}{obj.pk}/").status_code == 403
    assert client.post(rt.url("delete", obj.pk)).status_code == 403
    assert rt.model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_permitted_user_sees_every_page(client_as, rt):
    obj = make(rt)
    client = client_as(R.ADMIN)
    for view in ("list", "add", "trash"):
        assert client.get(rt.url(view)).status_code == 200, view
    for view in ("import", "import-template"):
        assert client.get(rt.url(view)).status_code == (200 if rt.importable else 404), view
    for view in ("detail", "edit", "history", "delete"):
        assert client.get(rt.url(view, obj.pk)).status_code == 200, view
    xlsx = client.get(rt.url("export") + "?reason=kiem+thu")  # personal data needs a reason
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"
    csv_response = client.get(rt.url("export") + "?format=csv&reason=kiem+thu")
    assert csv_response.status_code == 200
    if rt.importable:
        assert client.get(rt.url("import-template")).content[:2] == b"PK"
    api = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
    listing = client.get(api)
    assert listing.status_code == 200 and listing.json()["count"] >= 1
    detail = client.get(f"{api}{obj.pk}/")
    assert detail.status_code == 200 and detail.json()["version"] == obj.version


def make_whole(rt):
    """A record with its links and, where the type has them, its child rows."""
    obj = make(rt)
    if rt.key in CONTRACT_CHILDREN:
        CONTRACT_CHILDREN[rt.key](obj)
    return rt.model._default_manager.get(pk=obj.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_delete_then_restore_brings_back_the_whole_record(role_user, client, rt):
    """Fields, many-to-many links and child rows deleted with it: all come back, and the
    restore's history line is in local time."""
    admin = role_user(R.ADMIN)
    obj = make_whole(rt)
    pk = obj.pk
    before = snapshots.serialize_record(obj)
    if rt.key in CONTRACT_CHILDREN:
        assert before["children"], "the type's children were not created"
    if rt.model._meta.many_to_many:
        assert any(before["fields"][f.name] for f in rt.model._meta.many_to_many) or (
            rt.key == "core.administrativeunit"
        )
    client.force_login(admin)
    response = client.post(rt.url("delete", pk), {"reason": "nhập nhầm", "version": obj.version})
    if rt.model._default_manager.filter(pk=pk).exists():
        # protected by related records: the refusal is explained, nothing is lost
        assert response.status_code == 302
        assert snapshots.serialize_record(rt.model._default_manager.get(pk=pk)) == before
        return
    entry = rt.model.history.filter(**{rt.model._meta.pk.attname: pk}, history_type="-").latest(
        "history_date"
    )
    assert entry.history_user == admin
    assert entry.history_change_reason == "nhập nhầm"
    trash = client.get(rt.url("trash"))
    assert str(obj) in trash.content.decode()
    response = client.post(rt.url("restore", entry.history_id))
    assert response.status_code == 302
    assert response.url == rt.url("detail", pk)
    restored = rt.model._default_manager.get(pk=pk)
    assert snapshots.serialize_record(restored) == before
    from django.utils import timezone

    latest = restored.history.order_by("-history_id").first()
    local = timezone.localtime(entry.history_date).strftime("%d/%m/%Y %H:%M")
    assert local in latest.history_change_reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rt", [rt for rt in TYPES if rt.model._meta.many_to_many], ids=lambda r: r.key
)
def test_restoring_an_older_version_brings_back_its_links(role_user, rt):
    """A live record restored to an older version gets that version's many-to-many links."""
    admin = role_user(R.ADMIN)
    obj = make_whole(rt)
    services.record_save(rt=rt, obj=obj, user=admin)  # a version with its links stamped
    old_entry = obj.history.order_by("-history_id").first()
    before = snapshots.serialize_record(obj)
    field = rt.model._meta.many_to_many[0]
    services.record_save(rt=rt, obj=obj, user=admin, m2m={field.name: []})
    assert snapshots.serialize_record(obj) != before or not before["fields"][field.name]
    services.record_restore(
        rt=rt, history_id=old_entry.history_id, user=admin, expected_version=obj.version
    )
    assert snapshots.serialize_record(rt.model._default_manager.get(pk=obj.pk)) == before


@pytest.mark.django_db
@pytest.mark.parametrize("rt", [rt for rt in TYPES if rt.searchable], ids=lambda rt: rt.key)
def test_record_is_found_by_global_search(role_user, rt):
    from doingoai.core.search import global_search
    from doingoai.core.text import fold

    obj = make(rt)
    words = fold(obj.search_text).split(" ")
    query = " ".join(words[:2])
    hits = global_search(role_user(R.ADMIN), query, limit=500, per_type=500)
    assert any(h.type == rt.key and str(h.id) == str(obj.pk) for h in hits), query


def _shape(sql: str) -> str:
    """A query with its literals replaced: the same shape repeated is a query per row."""
    import re

    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def assert_no_query_per_row(queries, *, rows: int) -> None:
    shapes: dict[str, int] = {}
    for q in queries:
        shapes[_shape(q["sql"])] = shapes.get(_shape(q["sql"]), 0) + 1
    repeated = {sql: n for sql, n in shapes.items() if n >= min(rows, 5)}
    assert not repeated, f"a query per row: {repeated}"


PAGE_ROWS = 26  # more than a list page (25) and than a typical first screen


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_list_page_query_count_does_not_grow_with_rows(client_as, rt):
    """With more rows than a page of this type's own records (filtered to them by the search
    box, so that preloaded reference data cannot hide a query per row)."""
    client = client_as(R.ADMIN)
    first = make(rt)
    token = " ".join(first.search_text.split(" ")[:1])
    url = rt.url("list") + (f"?q={token}" if rt.searchable else "")
    client.get(url)  # warm caches (content types, site settings)
    # a filter's related records and the tables' sizes are kept a while and forgotten when
    # one is written (as ``make`` does below): both pages are measured with them read
    forget_everything()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(PAGE_ROWS):
        make(rt)
    forget_everything()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]
    assert_no_query_per_row(many.captured_queries, rows=PAGE_ROWS)


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_stale_edit_is_refused(role_user, rt):
    """Optimistic locking: saving with an old version raises a conflict, nothing is lost."""
    obj = make(rt)
    user = role_user(R.ADMIN)
    stale = obj.version
    services.record_save(rt=rt, obj=obj, user=user, expected_version=stale)
    with pytest.raises(services.ConflictError):
        services.record_save(
            rt=rt, obj=rt.model._default_manager.get(pk=obj.pk), user=user, expected_version=stale
        )


@pytest.mark.django_db
def test_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(R.GROUP_NAMES.values()) <= names


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_api_list_query_count_does_not_grow_with_rows(client_as, rt):
    client = client_as(R.ADMIN)
    api = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
    make(rt)
    client.get(api)
    forget_everything()  # kept values (tables' sizes) read by both pages alike
    with CaptureQueriesContext(connection) as few:
        assert client.get(api).status_code == 200
    for _ in range(PAGE_ROWS * 2):
        make(rt)
    forget_everything()
    with CaptureQueriesContext(connection) as many:
        response = client.get(api)
        assert response.status_code == 200
    assert len(response.json()["results"]) >= PAGE_ROWS
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]
    assert_no_query_per_row(many.captured_queries, rows=PAGE_ROWS)
