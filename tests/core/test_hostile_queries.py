"""Every page and API address answers a hostile or mistyped query string (a bookmarked link
edited by hand, a crawler, a pasted address) with a page or a clear refusal, never a server
error: years and dates at the ends of the calendar, reversed or malformed ranges, pages and
sorts that do not exist, a NUL byte, a very long search."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from doingoai.core import roles as R
from doingoai.core.registry import registry

#: Addresses left out: logging out, switching the language, the session's end, files.
SKIPPED = ("accounts/logout/", "i18n/", "static/", "media/", "bench-admin/", "admin/")

QUERIES = [
    "year=9999&month=12&number=4&from=9999-12-31&to=9999-12-31&start=31/12/9999&end=31/12/9999"
    "&page=-1&sort=-zzz&per_page=0&format=exe&q=%00",
    "year=1&month=1&from=0001-01-01&to=0001-01-01&start=01/01/0001&end=01/01/0001&kind=term"
    "&page=99999999999999999999999&sort=__class__&q=" + "Nguy%E1%BB%85n+" * 300,
    "year=abc&month=%00&from=31/02/2025&to=abc&start=99/99/9999&end=2025-02-30&kind=zzz"
    "&page=abc&sort=--pk&q=%27%3B+DROP+TABLE+core_person%3B--&status=%3Cscript%3E",
    "year=-5&month=0&end_year=99999999999999999999&from=2025-12-31&to=2025-01-01&kind=custom",
    # a NUL byte in every usual parameter: PostgreSQL refuses it in a text parameter
    "q=a%00b&country=%00&nationality=%00&status=%00&kind=%00&type=%00&sort=%00&page=%00"
    "&format=%00&year=%00&from=%00&start=%00&indicator=%00&dimension=%00&agency=%00",
]


def _paths(patterns, prefix: str = "") -> list[str]:  # noqa: ANN001
    found: list[str] = []
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if "<" in route or "(" in route or "\\" in route:
            continue  # takes a record's key or a file name
        if isinstance(entry, URLResolver):
            found += _paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append("/" + route)
    found += [reverse("lookup", args=[rt.key]) for rt in registry.all()]  # autocompletes
    return sorted({p for p in found if not any(p[1:].startswith(s) for s in SKIPPED)})


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_address_fails_on_a_hostile_query_string(client_as, method):  # noqa: ANN001
    """Each address asked with each query string (GET), or sent it as a form (POST)."""
    from django.http import QueryDict

    client = client_as(R.ADMIN)
    paths = _paths(get_resolver().url_patterns)
    assert len(paths) > 50 and "/delegations/calendar/" in paths and "/api/v1/reports/" in paths
    failed = []
    for path in paths:
        for query in QUERIES:
            try:
                if method == "get":
                    response = client.get(f"{path}?{query}")
                else:
                    response = client.post(path, QueryDict(query).dict())
            except Exception as exc:  # noqa: BLE001 - every failure is listed at once
                failed.append(f"{path}?{query[:60]}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                failed.append(f"{path}?{query[:60]}: {response.status_code}")
            elif response.status_code == 302 and "/accounts/login/" in response["Location"]:
                failed.append(f"{path}?{query[:60]}: signed out")  # the rest would prove nothing
    assert failed == [], "\n".join(failed)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "\x00", "-1", "99999999999999999999", "1\x00"])
def test_no_record_form_fails_on_a_hostile_value(client_as, value):  # noqa: ANN001
    """Every field of every type's form sent with a value it cannot take (a key that is not
    a number, a NUL byte, a number past any column): the form comes back with its errors
    (400) and nothing is written, on both databases; and the same values in an address that
    prefills a new record's form (``/add/?field=…``) open the form."""
    from doingoai.core.forms import form_for

    client = client_as(R.ADMIN)
    failed = []
    for rt in registry.all():
        if not rt.can(client.user, "add"):
            continue
        fields = [n for n in form_for(rt).base_fields if n != "version"]
        before = rt.model._default_manager.count()
        for method, address, data in (
            ("post", rt.url("add"), dict.fromkeys(fields, value)),
            ("get", rt.url("add"), dict.fromkeys(fields, value)),
        ):
            try:
                response = getattr(client, method)(address, data)
            except Exception as exc:  # noqa: BLE001 - every failure is listed at once
                failed.append(f"{method} {address}: {type(exc).__name__}: {exc}")
                continue
            expected = 400 if method == "post" else 200
            if response.status_code != expected:
                failed.append(f"{method} {address}: {response.status_code}")
        if rt.model._default_manager.count() != before:
            failed.append(f"{rt.key}: a record was written")
    assert failed == [], "\n".join(failed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value, big",
    [
        ("abc", False),
        ("\x00", False),
        ("-1", False),
        ("99999999999999999999", False),
        ("31/02/2025", False),
        # as if every related table were big (its records not listed, only the chosen ones)
        ("99999999999999999999", True),
        ("\x00", True),
    ],
)
def test_no_list_fails_on_a_hostile_filter_value(client_as, monkeypatch, value, big):  # noqa: ANN001
    """Every filter of every type's list page, export and API list given a value it cannot
    take: the list answers (the filter says what is wrong, or matches nothing)."""
    from doingoai.core import filters
    from doingoai.core.filters import filterset_for

    if big:
        monkeypatch.setattr(filters, "BIG_CHOICES", -1)
    client = client_as(R.ADMIN)
    failed = []
    for rt in registry.all():
        names = list(filterset_for(rt).base_filters)
        params = dict.fromkeys(names, value)
        # a date range's two boxes, as the list's form sends them
        params |= {f"{name}_{end}": value for name in names for end in ("from", "to", "after")}
        addresses = [
            rt.url("list"),
            rt.url("export") + "?format=csv",
            f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/",
        ]
        for address in addresses:
            try:
                response = client.get(address, params)
            except Exception as exc:  # noqa: BLE001 - every failure is listed at once
                failed.append(f"{address}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                failed.append(f"{address}: {response.status_code}")
    assert failed == [], "\n".join(failed)


@pytest.mark.django_db
def test_no_records_address_fails_on_a_hostile_key_or_form(client_as):  # noqa: ANN001
    """A record's pages asked with a key that is no record's ("abc", a NUL byte, a number
    past any column) answer 404; its actions (moves, documents, links, merge, delete,
    attachments) posted with values they cannot take answer with a refusal, never a server
    error."""
    from tests.factories import CONTRACT_FACTORIES

    client = client_as(R.ADMIN)
    failed = []

    def ask(method: str, address: str, data: dict | None = None) -> int | None:
        try:
            return getattr(client, method)(address, data or {}).status_code
        except Exception as exc:  # noqa: BLE001 - every failure is listed at once
            failed.append(f"{method} {address}: {type(exc).__name__}: {exc}")
            return None

    hostile = {
        "version": "abc",
        "name": "\x00",
        "document": "99999999999999999999",
        "target": "abc",
        "target_type": "\x00",
        "other": "99999999999999999999",
        "kind": "zzz",
        "note": "\x00",
        "reason": "\x00",
        "file": "",
    }
    for rt in registry.all():
        for key in ("abc", "\x00", "99999999999999999999", "-1"):
            for view in ("detail", "edit", "history", "delete"):
                status = ask("get", rt.url(view, key))
                if status is not None and status != 404:
                    failed.append(f"get {rt.url(view, key)!r}: {status}")
        if rt.key not in CONTRACT_FACTORIES:
            continue
        pk = CONTRACT_FACTORIES[rt.key]().pk
        for view in ("attach", "link-document", "link", "merge", "delete"):
            status = ask("post", rt.url(view, pk), hostile)
            if status is not None and status >= 500:
                failed.append(f"post {rt.url(view, pk)}: {status}")
        status = ask("post", rt.url("transition", pk, "zzz"), hostile)
        if status is not None and status >= 500:
            failed.append(f"post {rt.url('transition', pk, 'zzz')}: {status}")
        status = ask("post", rt.url("edit", pk), hostile)
        if status is not None and status >= 500:
            failed.append(f"post {rt.url('edit', pk)}: {status}")
    assert failed == [], "\n".join(failed)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "\x00", 99999999999999999999, -1, ["\x00"]])
def test_no_api_fails_on_a_hostile_key_or_value(client_as, value):  # noqa: ANN001
    """The API: a record's address with a key that is no record's answers 404; a record
    created or changed with a value its fields cannot take (every field at once) answers
    400 with the fields' errors, and writes nothing."""
    from tests.factories import CONTRACT_FACTORIES

    client = client_as(R.ADMIN)
    failed = []
    for rt in registry.all():
        base = f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"
        payload = dict.fromkeys(rt.get_api_fields(), value)
        addresses = [("post", base)]
        if rt.key in CONTRACT_FACTORIES:
            addresses.append(("patch", f"{base}{CONTRACT_FACTORIES[rt.key]().pk}/"))
        if isinstance(value, str):
            addresses.append(("get", f"{base}{value}/"))
        before = rt.model._default_manager.count()
        for method, address in addresses:
            try:
                if method == "get":
                    response = client.get(address)
                else:
                    response = getattr(client, method)(
                        address, payload, content_type="application/json"
                    )
            except Exception as exc:  # noqa: BLE001 - every failure is listed at once
                failed.append(f"{method} {address!r}: {type(exc).__name__}: {exc}")
                continue
            expected = {"get": 404, "post": 400, "patch": 400}[method]
            if response.status_code != expected:
                failed.append(f"{method} {address!r}: {response.status_code}")
        if rt.model._default_manager.count() != before:
            failed.append(f"{rt.key}: a record was written")
    assert failed == [], "\n".join(failed)
