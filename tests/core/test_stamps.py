"""``core.stamps`` and the values kept while their tables are unwritten (``Kept.get(...,
tables=...)``): every page shows the settings row, the user's roles and unread notifications;
a worker reads them once, then again only when a table they come from has been written, by
this process (at once) or by another one (its committed write moves the table's stamp, which
the next request reads). Transactional: outside a transaction, as the server runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import sessions, stamps
from doingoai.core.groups import sync_role_permissions
from doingoai.core.kept import Kept
from doingoai.core.models import Country, Notification, SiteSettings
from doingoai.core.reference_data import load_countries

#: What every request reads besides its page (the session, the user, their permissions) and
#: every page shows around its content: the tables they come from.
AROUND = (
    "django_session",
    "core_user",
    "auth_group",
    "auth_permission",
    "core_sitesettings",
    "core_notification",
)


@pytest.fixture
def ready(db):  # noqa: ANN001, ANN201
    if not Country.objects.exists():  # a transactional test starts from empty tables
        load_countries()
        sync_role_permissions()
    SiteSettings.load()


def _page(client, url: str = "/core/persons/") -> tuple[str, list[str]]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def _asked(sqls: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql or f" {table} " in sql for sql in sqls)


def _as_another_process(sql: str, params: list, table: str) -> None:
    """A write committed by another worker: the statement on a cursor this process does not
    watch (its own count of writes does not move), then the stamp that worker moves."""
    cursor = connection.create_cursor()
    try:
        cursor.execute(sql.replace("%s", "?") if connection.vendor == "sqlite" else sql, params)
    finally:
        cursor.close()
    stamps._bump(connection, [table])


@pytest.mark.django_db(transaction=True)
def test_the_settings_roles_and_unread_count_are_read_once_per_worker(ready, client_as):
    client = client_as(R.SPECIALIST)
    _page(client)  # its session's expiry is moved: a write of the sessions' table
    _page(client)
    _html, sqls = _page(client)
    for table in AROUND:
        assert not _asked(sqls, table), table
    assert sum("core_tablestamp" in sql for sql in sqls) == 1  # the request's one reading


@pytest.mark.django_db(transaction=True)
def test_another_workers_change_is_shown_by_the_next_page(ready, client_as):
    client = client_as(R.SPECIALIST)
    html, _ = _page(client)
    assert "Sở Ngoại vụ Mới" not in html
    table = SiteSettings._meta.db_table
    # a change without its stamp is not seen: the row is kept
    cursor = connection.create_cursor()
    mark = "?" if connection.vendor == "sqlite" else "%s"
    cursor.execute(f"UPDATE {table} SET agency_name = {mark}", ["Sở Ngoại vụ Mới"])
    cursor.close()
    html, _ = _page(client)
    assert "Sở Ngoại vụ Mới" not in html
    _as_another_process(f"UPDATE {table} SET agency_name = %s", ["Sở Ngoại vụ Mới"], table)
    html, sqls = _page(client)
    assert "Sở Ngoại vụ Mới" in html and _asked(sqls, table)


@pytest.mark.django_db(transaction=True)
def test_a_role_taken_away_by_another_worker_closes_the_next_page(ready, client_as):
    client = client_as(R.SPECIALIST)
    _page(client)
    assert R.user_roles(client.user) == {R.SPECIALIST}
    through = client.user.groups.through._meta.db_table
    _as_another_process(f"DELETE FROM {through} WHERE user_id = %s", [client.user.pk], through)
    assert client.get("/core/persons/").status_code == 403
    fresh = type(client.user).objects.get(pk=client.user.pk)
    assert R.user_roles(fresh) == set()


@pytest.mark.django_db(transaction=True)
def test_a_session_ended_by_another_worker_signs_the_next_request_out(ready, client_as):
    client = client_as(R.SPECIALIST)
    _page(client)
    key = client.cookies["sessionid"].value
    _as_another_process(
        "DELETE FROM django_session WHERE session_key = %s", [key], "django_session"
    )
    response = client.get("/core/persons/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_an_expired_session_is_not_served_from_memory(ready, client_as):
    client = client_as(R.SPECIALIST)
    _page(client)
    _page(client)
    key = client.cookies["sessionid"].value
    past = timezone.now() - timedelta(minutes=1)
    kept = sessions._kept_sessions._values[(key,)]
    sessions._kept_sessions._values[(key,)] = (kept[0], (kept[1][0], past), kept[2])
    response = client.get("/core/persons/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_this_workers_own_write_is_seen_at_once(ready, client_as):
    client = client_as(R.SPECIALIST)
    html, _ = _page(client)
    Notification.objects.create(user=client.user, text="Có hồ sơ mới", url="/")
    html, sqls = _page(client)
    assert _asked(sqls, "core_notification")
    assert 'id="notification-count">1<' in html
    assert R.user_roles(client.user) == {R.SPECIALIST}
    settings_row = SiteSettings.load()
    settings_row.agency_name = "Đổi mà không lưu"  # a copy: what is kept is not changed
    assert SiteSettings.load().agency_name != "Đổi mà không lưu"


@pytest.mark.django_db(transaction=True)
def test_the_stamps_are_read_on_a_connection_not_yet_open(ready):
    """The stamps' reading is a request's first statement: on a worker's new connection (or
    one closed as too old) it opens the connection itself."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.close()
    wrapper.__dict__.pop("_doingoai_stamps", None)  # as a new worker's connection
    if wrapper.connection is not None:
        pytest.skip("SQLite's in-memory test database is never closed")
    assert isinstance(stamps.read(), dict)


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_nothing_is_kept(ready):
    keeper = Kept("test-in-transaction", 60)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with transaction.atomic():
        keeper.get(("a",), compute, tables=("core_person",))
        keeper.get(("a",), compute, tables=("core_person",))
    assert len(calls) == 2 and len(keeper) == 0
    keeper.get(("a",), compute, tables=("core_person",))
    keeper.get(("a",), compute, tables=("core_person",))
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_a_lists_linked_countries_are_kept_until_a_country_is_written(ready, client_as):
    """The inbound delegations' countries column: the page reads the link table, the countries
    come from what the worker keeps (``core.tables.fill_kept_links``) until any process
    writes the countries' table; a country linked after it was kept is still shown."""
    from tests.factories import CONTRACT_FACTORIES

    delegation = CONTRACT_FACTORIES["delegations.inbounddelegation"]()
    delegation.countries.set([Country.objects.get(code="JP")])
    client = client_as(R.SPECIALIST)
    url = "/delegations/inbound/"
    _page(client, url)
    html, sqls = _page(client, url)
    assert "Nhật Bản" in html
    assert _asked(sqls, "delegations_inbounddelegation_countries")
    assert not _asked(sqls, "core_country")  # kept by the worker
    _as_another_process(
        "UPDATE core_country SET name_vi = %s WHERE code = %s",
        ["Nhật Bản Mới", "JP"],
        "core_country",
    )
    html, sqls = _page(client, url)
    assert "Nhật Bản Mới" in html and _asked(sqls, "core_country")
    # a link to a country the worker has not kept (added behind its back, no stamp moved)
    from doingoai.core.tables import _kept_records

    kept = _kept_records(Country)
    lao = Country.objects.get(code="LA")
    kept.pop(lao.pk)
    delegation.countries.add(lao)
    html, _sqls = _page(client, url)
    assert "Lào" in html and "Nhật Bản Mới" in html


@pytest.mark.django_db(transaction=True)
def test_a_lists_foreign_key_to_a_small_table_is_not_joined(ready, client_as):
    """The persons' nationality: no join of the countries on the list's page, the country
    from what the worker keeps (``core.tables.kept_relations``), shown renamed once another
    process writes the countries' table; a person without one shows the empty mark."""
    from tests.factories import CONTRACT_FACTORIES

    person = CONTRACT_FACTORIES["core.person"]()
    person.nationality = Country.objects.get(code="KR")
    person.save()
    CONTRACT_FACTORIES["core.person"](nationality=None)
    client = client_as(R.SPECIALIST)
    _page(client)
    html, sqls = _page(client)
    assert "Hàn Quốc" in html
    assert not _asked(sqls, "core_country")
    _as_another_process(
        "UPDATE core_country SET name_vi = %s WHERE code = %s",
        ["Đại Hàn Dân Quốc", "KR"],
        "core_country",
    )
    html, sqls = _page(client)
    assert "Đại Hàn Dân Quốc" in html
    assert sum("core_country" in sql for sql in sqls) == 1  # the table read again, no join
    # a country the worker has not kept (written behind its back, no stamp moved)
    from doingoai.core.tables import _kept_records

    _kept_records(Country).pop(Country.objects.get(code="KR").pk)
    html, _sqls = _page(client)
    assert "Đại Hàn Dân Quốc" in html
