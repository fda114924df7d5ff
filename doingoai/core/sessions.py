"""Sessions in the database, as Django keeps them, read once per worker while unwritten.

Every request reads its session: a worker keeps the row (its data and expiry) per session
key while no process has written the sessions' table (``core.kept``, ``core.stamps``). A
login, a logout, a refresh of the expiry (``SessionRefreshMiddleware``, once a minute) or the
clearing of expired sessions, in any worker, moves the table's stamp: the next request reads
the row again. The expiry is checked on every request, as Django's query does."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone

from doingoai.core.kept import Kept

_kept_sessions = Kept("sessions", 60, most=4096)


class SessionStore(db.SessionStore):
    """Django's database session store (``SESSION_ENGINE = "doingoai.core.sessions"``)."""

    def _get_session_from_db(self):  # noqa: ANN202
        key = self.session_key
        if not key:
            return super()._get_session_from_db()
        model = self.model

        def read() -> tuple | None:
            rows = model.objects.filter(session_key=key).values_list("session_data", "expire_date")
            return next(iter(rows[:1]), None)

        row = _kept_sessions.get((key,), read, tables=(model._meta.db_table,))
        if row is None or row[1] <= timezone.now():
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0], expire_date=row[1])
