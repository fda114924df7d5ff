"""Kept pages (core/page_cache.py): a signed-in session's page is served again only while no
table it read has been written, never to another session, never when it logged a read of
sensitive data, never over a waiting message; every write statement moves its table's stamp."""

from __future__ import annotations

import re
import threading

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from doingoai.core import page_cache
from doingoai.core import roles as R
from doingoai.core.groups import sync_role_permissions
from doingoai.core.kept import forget_everything
from doingoai.core.models import (
    AccessLog,
    Country,
    Notification,
    Person,
    SiteSettings,
    TableStamp,
)
from doingoai.core.reference_data import load_countries
from doingoai.core.sessions import SessionStore
from tests.core.test_personal_data import SENSITIVE_TYPES, _api, make_sensitive

#: A kept page served again: the session, the user and the stamps of the tables it read.
HIT_QUERIES = 4


@pytest.fixture
def kept(settings):  # noqa: ANN001, ANN201
    settings.PAGE_CACHE = True
    if not Country.objects.exists():  # a transactional test starts from empty tables
        load_countries()
        sync_role_permissions()
    SiteSettings.load()  # created by the first page otherwise (a write: that page not kept)
    page_cache.forget_all()
    yield
    page_cache.forget_all()


def _nonce(response) -> str:  # noqa: ANN001
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


_CSRF = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _same_page(first, second) -> bool:  # noqa: ANN001
    """The same page but for its nonce and the masks of its CSRF tokens (new each time)."""

    def bare(response) -> bytes:  # noqa: ANN001
        return _CSRF.sub(b"", response.content.replace(_nonce(response).encode(), b""))

    return bare(first) == bare(second)


def _get(client, url: str) -> tuple[object, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _rendered(client, url: str) -> None:  # noqa: ANN001
    """The page was rendered, not served kept (the values a worker keeps, such as a table's
    size, forgotten first: a rendered page reads them, a kept one does not)."""
    forget_everything()
    response, queries = _get(client, url)
    if response["Content-Type"].startswith("text/html"):
        assert response.templates  # a page served kept renders none
    else:
        assert queries > HIT_QUERIES


def _stamp(table: str) -> int:
    row = TableStamp.objects.filter(name=table).first()
    return row.n if row else 0


@pytest.mark.django_db(transaction=True)
def test_a_page_seen_again_is_served_kept_with_a_new_nonce(kept, client_as):
    client = client_as(R.SPECIALIST)
    Person.objects.create(full_name="Trần Thị Kế", sex="F")
    first, rendered = _get(client, "/core/persons/")
    second, served = _get(client, "/core/persons/")
    assert rendered > HIT_QUERIES and served <= HIT_QUERIES
    assert _nonce(first) != _nonce(second)
    assert f'nonce="{_nonce(second)}"'.encode() in second.content
    assert _nonce(first).encode() not in second.content
    assert _same_page(first, second)
    assert "Trần Thị Kế" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_to_a_table_the_page_read_renders_it_again(kept, client_as):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    _get(client, "/core/persons/")
    # each page below is told rendered by what it shows, which the kept page did not (its
    # statements do not tell: what the worker keeps makes a small page as short as a kept one)
    Person.objects.create(full_name="Lê Văn Mới", sex="M")  # the ORM, in this transaction
    response, _queries = _get(client, "/core/persons/")
    assert "Lê Văn Mới" in response.content.decode()
    Person.objects.filter(full_name="Lê Văn Mới").update(full_name="Lê Văn Đổi")  # UPDATE
    response, _queries = _get(client, "/core/persons/")
    assert "Lê Văn Đổi" in response.content.decode()
    with connection.cursor() as cursor:  # raw SQL is seen too
        cursor.execute("DELETE FROM core_person WHERE full_name = %s", ["Lê Văn Đổi"])
    response, _queries = _get(client, "/core/persons/")
    assert "Lê Văn Đổi" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_elsewhere_keeps_the_page(kept, client_as):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    # a table the persons' page does not read
    AccessLog.objects.create(content_type=ContentType.objects.get_for_model(Person), action="view")
    _, queries = _get(client, "/core/persons/")
    assert queries <= HIT_QUERIES


@pytest.mark.django_db(transaction=True)
def test_an_update_of_no_row_moves_no_stamp_an_insert_does(kept):
    before = _stamp("core_person")
    Person.objects.filter(full_name="không ai").update(full_name="vẫn không ai")
    assert _stamp("core_person") == before
    Person.objects.create(full_name="Một Người", sex="F")
    assert _stamp("core_person") == before + 1


def _signed_in(user, **kwargs) -> Client:  # noqa: ANN001, ANN003
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_page_is_shared_by_users_of_the_same_rights_each_with_their_own_parts(kept, role_user):
    """Kept once for every user of the same rights, served to each with their own name,
    unread count and CSRF token (signed in first: a sign-in writes the user's row)."""
    first_user = role_user(R.SPECIALIST, last_name="Nguyễn Văn", first_name="Một")
    second_user = role_user(R.SPECIALIST, last_name="Trần Thị", first_name="Hai")
    Notification.objects.create(user=second_user, text="Có hồ sơ mới")
    first = _signed_in(first_user)
    second = _signed_in(second_user, enforce_csrf_checks=True)
    same_user_other_session = _signed_in(first_user)
    for client in (first, second, same_user_other_session):
        client.get("/core/persons/add/")  # each session's CSRF cookie, as a browser has
    page_cache.forget_all()
    rendered, _ = _get(first, "/core/persons/add/")
    theirs, _ = _get(second, "/core/persons/add/")
    assert rendered.templates and not theirs.templates  # served kept: nothing rendered
    html = theirs.content.decode()
    assert "Trần Thị Hai" in html and "Nguyễn Văn Một" not in html
    assert 'id="notification-count">1<' in html
    assert "\x1e" not in html
    mine, _ = _get(first, "/core/persons/add/")
    assert not mine.templates
    assert "Nguyễn Văn Một" in mine.content.decode()
    assert "notification-count" not in mine.content.decode()
    again, _ = _get(same_user_other_session, "/core/persons/add/")
    assert not again.templates
    # the token in the page served to the second user is the second user's own
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(
        "/core/persons/add/",
        {"csrfmiddlewaretoken": token, "full_name": "Phạm Thị Chia", "sex": "F"},
    )
    assert response.status_code == 302
    created = Person.objects.get(full_name="Phạm Thị Chia")
    assert created.history.first().history_user == second_user


@pytest.mark.django_db(transaction=True)
def test_users_of_other_rights_never_get_the_page(kept, role_user):
    """Another role, another agency (each sees its own organisation's records), an extra
    permission: each is a page of its own."""
    specialist = _signed_in(role_user(R.SPECIALIST))
    readonly = _signed_in(role_user(R.READONLY))
    agency = _signed_in(role_user(R.AGENCY))
    other_agency = _signed_in(role_user(R.AGENCY))
    extra_user = role_user(R.SPECIALIST)
    extra_user.user_permissions.add(
        Permission.objects.get(codename="view_accesslog", content_type__app_label="core")
    )
    extra = _signed_in(extra_user)
    _get(specialist, "/core/organisations/")
    for client in (readonly, extra):
        _rendered(client, "/core/organisations/")
    _get(agency, "/delegations/outbound/")
    _rendered(other_agency, "/delegations/outbound/")


@pytest.mark.django_db(transaction=True)
def test_a_page_that_reads_who_the_user_is_stays_the_sessions_own(kept, role_user):
    """A view that reads the user's id, name or compares the user (here, filtering by the
    user) is kept for the session alone; so is one that says so (``personal``)."""
    users = [role_user(R.SPECIALIST) for _ in range(2)]
    views = {
        "/by-id": lambda request: HttpResponse(f"{request.user.pk}"),
        "/by-name": lambda request: HttpResponse(f"{request.user.username}"),
        "/by-filter": lambda request: HttpResponse(
            f"{Notification.objects.filter(user=request.user).count()}"
        ),
        "/said": lambda request: (page_cache.personal(request), HttpResponse("riêng"))[1],
        "/rights": lambda request: HttpResponse(f"{request.user.has_perm('core.view_person')}"),
    }
    for url, view in views.items():
        page_cache.forget_all()
        middleware = page_cache.PageCacheMiddleware(view)
        for user in users:
            request = RequestFactory().get(url)
            request.user = user
            request.session = SessionStore()
            request.session["k"] = 1
            request.session.save()
            middleware(request)
        kinds = [key[0] for key in page_cache._pages]
        expected = ["shared"] if url == "/rights" else ["own", "own"]
        assert kinds == expected, url


@pytest.mark.django_db(transaction=True)
def test_no_placeholder_is_ever_sent(kept, client_as):
    """Whatever the answer (a page kept or not, an error page), the user's own parts are in
    place."""
    client = client_as(R.SPECIALIST)
    for url in ("/core/persons/", "/core/persons/", "/", "/core/persons/999999/", "/search/?q=a"):
        response = client.get(url)
        assert b"\x1e" not in response.content, url


@pytest.mark.django_db(transaction=True)
def test_a_waiting_message_is_shown_not_a_kept_page(kept, client_as):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    # a message left by an action that wrote nothing, as the next page finds it
    request = RequestFactory().get("/")
    request.COOKIES = dict(client.cookies.items())
    left = HttpResponse()
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Thông báo thử nghiệm")
    storage.update(left)
    client.cookies[storage.cookie_name] = left.cookies[storage.cookie_name].value
    forget_everything()  # a rendered page reads what the worker keeps, a kept one does not
    response, queries = _get(client, "/core/persons/")
    assert queries > HIT_QUERIES
    assert "Thông báo thử nghiệm" in response.content.decode()
    again, queries = _get(client, "/core/persons/")  # the page kept before it, not that one
    assert queries <= HIT_QUERIES
    assert "Thông báo thử nghiệm" not in again.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rt", SENSITIVE_TYPES, ids=[rt.key for rt in SENSITIVE_TYPES])
def test_a_page_showing_sensitive_data_is_logged_every_time_for_its_reader(kept, role_user, rt):
    """Served kept or rendered, to its first reader or to another of the same rights, every
    read writes its access-log line, with the same records, for the user who read it."""
    obj = make_sensitive(rt)
    readers = [role_user(R.LEADER) for _ in range(2)]
    clients = [_signed_in(reader) for reader in readers]
    for url in (rt.url("detail", obj.pk), rt.url("list"), f"{_api(rt)}{obj.pk}/"):
        lines = []
        for client, reader in (
            (clients[0], readers[0]),
            (clients[0], readers[0]),
            (clients[1], readers[1]),
        ):
            before = AccessLog.objects.count()
            response = client.get(url)
            assert response.status_code == 200
            assert AccessLog.objects.count() == before + 1, url
            line = AccessLog.objects.order_by("-pk").first()
            assert line.user == reader
            lines.append(
                (line.content_type_id, line.object_id, line.record_ids, line.action, line.channel)
            )
        assert lines[0] == lines[1] == lines[2], url
        if url.startswith("/api/"):
            continue
        assert not response.templates, url  # the last one was served kept


@pytest.mark.django_db(transaction=True)
def test_a_page_is_kept_with_its_log_lines_only_when_they_are_all_it_wrote(kept, role_user):
    """An access-log line written beside ``log_read``'s (or any other write) would not be
    written again when the page is served: such a page is not kept."""
    from django.contrib.contenttypes.models import ContentType as CT

    from doingoai.core import field_policy

    rt = SENSITIVE_TYPES[0]
    obj = make_sensitive(rt)
    reader = role_user(R.LEADER)

    def logged(request):  # noqa: ANN001, ANN202
        field_policy.log_read(user=request.user, rt=rt, action="view", obj=obj)
        return HttpResponse("đã ghi")

    def logged_twice(request):  # noqa: ANN001, ANN202
        field_policy.log_read(user=request.user, rt=rt, action="view", obj=obj)
        AccessLog.objects.create(
            user=page_cache.real_user(request.user),
            content_type=CT.objects.get_for_model(rt.model),
            action="view",
        )
        return HttpResponse("ghi thêm")

    for view, kept_count in ((logged, 1), (logged_twice, 0)):
        page_cache.forget_all()
        request = RequestFactory().get("/")
        request.user = reader
        request.session = SessionStore()
        request.session["k"] = 1
        request.session.save()
        page_cache.PageCacheMiddleware(view)(request)
        assert len(page_cache._pages) == kept_count, view.__name__


@pytest.mark.django_db(transaction=True)
def test_a_masked_page_is_kept_for_a_role_that_may_not_see_the_values(kept, client_as):
    rt = SENSITIVE_TYPES[0]
    obj = make_sensitive(rt)
    client = client_as(R.SPECIALIST)
    if not rt.can_object(client.user, "view", obj):
        pytest.skip("this role does not see this record")
    _get(client, rt.url("detail", obj.pk))
    _, queries = _get(client, rt.url("detail", obj.pk))
    assert queries <= HIT_QUERIES
    assert not AccessLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_not_kept_past_its_seconds_nor_when_turned_off(kept, client_as, settings):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    settings.PAGE_CACHE_SECONDS = -1
    _rendered(client, "/core/persons/")
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE = False
    _get(client, "/core/persons/")
    _rendered(client, "/core/persons/")


@pytest.mark.django_db(transaction=True)
def test_the_api_with_a_token_is_never_kept(kept, client_as):
    from rest_framework.authtoken.models import Token

    client = client_as(R.SPECIALIST)
    token = Token.objects.create(user=client.user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    _get(api, "/api/v1/core/persons/")
    _rendered(api, "/api/v1/core/persons/")


@pytest.mark.django_db(transaction=True)
def test_a_form_served_kept_still_posts(kept, client_as):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_as(R.SPECIALIST).user)
    _get(client, "/core/persons/add/")
    form, queries = _get(client, "/core/persons/add/")
    assert queries <= HIT_QUERIES
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    response = client.post(
        "/core/persons/add/",
        {"csrfmiddlewaretoken": token.group(1), "full_name": "Phạm Thị Gửi", "sex": "F"},
    )
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Phạm Thị Gửi").exists()


@pytest.mark.django_db(transaction=True)
def test_stamps_move_with_the_commit_and_not_with_a_rollback(kept):
    """Outside a test transaction (PostgreSQL's row lock and visibility are real): a write
    and its stamp become visible to other connections together, a rolled-back one never."""
    before = _stamp("core_person")
    with pytest.raises(RuntimeError), transaction.atomic():
        Person.objects.create(full_name="Sẽ Huỷ", sex="F")
        raise RuntimeError
    assert _stamp("core_person") == before
    if connection.vendor != "postgresql":
        return  # SQLite's in-memory test database locks the table for the other connection
    seen: list[int] = []
    with transaction.atomic():
        Person.objects.create(full_name="Sẽ Giữ", sex="F")

        def other_connection() -> None:
            from django.db import connections

            try:
                seen.append(_stamp("core_person"))
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_connection)
        thread.start()
        thread.join()
    assert seen == [before]  # not yet committed: the other connection saw the old stamp
    assert _stamp("core_person") == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_does_not_hold_other_writes_of_its_tables(kept):
    """An import commits its rows in one transaction: other users' writes of the same table
    go on meanwhile (a stamp moved inside the transaction would lock its row until then)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time anyway")
    before = _stamp("core_person")
    errors: list[Exception] = []
    with transaction.atomic():
        Person.objects.create(full_name="Nhập Dài", sex="F")

        def other_writer() -> None:
            from django.db import connections

            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                    Person.objects.create(full_name="Người Khác", sex="M")
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
    assert errors == []
    assert _stamp("core_person") == before + 2


@pytest.mark.django_db(transaction=True)
def test_a_changed_role_is_never_answered_by_a_kept_page(kept, client_as):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    client.user.groups.clear()  # read by the sign-in steps, before the page is rendered
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/core/persons/")
    assert response.status_code == 403 and len(queries) > HIT_QUERIES


@pytest.mark.django_db(transaction=True)
def test_each_worker_keeps_a_bounded_number_of_pages(kept, client_as, settings):
    settings.PAGE_CACHE_ENTRIES = 1
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    _get(client, "/core/organisations/")  # pushes the persons' page out
    _rendered(client, "/core/persons/")
    settings.PAGE_CACHE_ENTRIES = 500
    settings.PAGE_CACHE_BYTES = 1000  # no page is that short: none kept
    _get(client, "/core/organisations/")
    _rendered(client, "/core/organisations/")


@pytest.mark.django_db(transaction=True)
def test_a_change_to_the_users_own_record_renders_the_page_again(kept, client_as):
    client = client_as(R.SPECIALIST)
    _get(client, "/core/persons/")
    client.user.first_name = "Tên Mới"  # the user is read before the page, by the sign-in
    client.user.save()
    _rendered(client, "/core/persons/")
