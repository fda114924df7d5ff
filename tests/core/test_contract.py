"""The record contract, run over every registered record type: each new module is tested by
registering. Four ways (anonymous, no permission, permission, scoped), plus history/restore,
export, API, search and a query budget for the list page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.registry import registry
from tests.factories import CONTRACT_FACTORIES

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
    for view in ("list", "add", "import", "trash"):
        assert client.get(rt.url(view)).status_code == 200, view
    for view in ("detail", "edit", "history", "delete"):
        assert client.get(rt.url(view, obj.pk)).status_code == 200, view
    xlsx = client.get(rt.url("export"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv_response = client.get(rt.url("export") + "?format=csv")
    assert csv_response.status_code == 200
    assert client.get(rt.url("import-template")).content[:2] == b"PK"
    api = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
    listing = client.get(api)
    assert listing.status_code == 200 and listing.json()["count"] >= 1
    detail = client.get(f"{api}{obj.pk}/")
    assert detail.status_code == 200 and detail.json()["version"] == obj.version


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_delete_then_restore_from_history(role_user, client, rt):
    admin = role_user(R.ADMIN)
    obj = make(rt)
    pk, title = obj.pk, str(obj)
    client.force_login(admin)
    response = client.post(rt.url("delete", pk), {"reason": "nhập nhầm"})
    if not rt.model._default_manager.filter(pk=pk).exists():
        entry = rt.model.history.filter(**{rt.model._meta.pk.attname: pk}, history_type="-").latest(
            "history_date"
        )
        assert entry.history_user == admin
        assert entry.history_change_reason == "nhập nhầm"
        trash = client.get(rt.url("trash"))
        assert title in trash.content.decode()
        response = client.post(rt.url("restore", entry.history_id))
        assert response.status_code == 302
        restored = rt.model._default_manager.get(pk=pk)
        assert str(restored) == title
    else:  # protected by related records: the refusal is explained, nothing is lost
        assert response.status_code == 302


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


@pytest.mark.django_db
@pytest.mark.parametrize("rt", TYPES, ids=IDS)
def test_list_page_query_count_does_not_grow_with_rows(client_as, rt):
    client = client_as(R.ADMIN)
    make(rt)
    client.get(rt.url("list"))  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as few:
        assert client.get(rt.url("list")).status_code == 200
    for _ in range(12):
        make(rt)
    with CaptureQueriesContext(connection) as many:
        assert client.get(rt.url("list")).status_code == 200
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]


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
def test_permission_matrix_matches_declarations(role_user):
    """Every type × role × action: the groups hold exactly what the registry declares."""
    users = {role: role_user(role) for role in R.ROLE_ORDER}
    for rt in TYPES:
        declared = rt.role_actions()
        for role, user in users.items():
            allowed = set(declared.get(role, ()))
            if role == R.SPECIALIST:
                allowed |= set(rt.specialist_area_actions)
            for action in R.ALL_ACTIONS:
                assert rt.can(user, action) == (action in allowed), (rt.key, role, action)


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
    with CaptureQueriesContext(connection) as few:
        assert client.get(api).status_code == 200
    for _ in range(12):
        make(rt)
    with CaptureQueriesContext(connection) as many:
        assert client.get(api).status_code == 200
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]
