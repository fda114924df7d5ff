"""An active session's idle expiry moves forward at most once a minute, not with a write on
every request (``core.middleware.SessionRefreshMiddleware``)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import middleware
from doingoai.core import roles as R


def _session_writes(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_a_read_does_not_write_the_session_within_a_minute(client_as, monkeypatch):  # noqa: ANN001
    client = client_as(R.SPECIALIST)
    url = "/core/persons/"
    first = _session_writes(client, url)  # the first request after logging in may save it
    assert _session_writes(client, url) == 0
    assert _session_writes(client, url) == 0
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    # a minute later: saved again, the idle expiry moves forward
    clock = [middleware.time.time() + middleware.SESSION_REFRESH_SECONDS + 1]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    assert first <= 1
    assert _session_writes(client, url) == 1
    assert Session.objects.get(session_key=key).expire_date >= expiry
    assert _session_writes(client, url) == 0


def test_an_expired_session_still_logs_out(client_as, settings):  # noqa: ANN001
    client = client_as(R.SPECIALIST)
    key = client.session.session_key
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/core/persons/")
    assert response.status_code == 302 and "login" in response["Location"]
