"""Values a worker keeps instead of reading them on every page: a big table's count and every
table's estimated size (``paging``), a filter's list of related records (``filters``), the
planner's list of big tables (``fulltext``), and what every page shows around its content:
the settings row, the user's roles and unread notifications. One process's memory, no shared
cache. A value is dropped

- when its time is up (``seconds``): another worker's write is then seen;
- when this process writes its model, if the keeper is told to (``forget_on_write``: its
  keys start with the model's ``label_lower``);
- when any process has written one of the tables it was read from, if it is asked with them
  (``get(..., tables=...)``: checked against the stamps the request read, ``core.stamps``),
  and then it is never kept from inside a transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from doingoai.core import stamps

#: Every keeper of the process (``forget_everything``: the tests start each from nothing).
_KEEPERS: list[Kept] = []


def forget_everything() -> None:
    """Drop every keeper's values (a test's records are not the previous test's)."""
    for keeper in _KEEPERS:
        keeper.clear()


class Kept:
    """A value per key, computed by the caller on first use and kept ``seconds``; at most
    ``most`` keys (past that, all are dropped and computed again)."""

    def __init__(
        self, name: str, seconds: float, *, most: int = 256, forget_on_write: bool = False
    ) -> None:
        self.seconds = seconds
        self.most = most
        self._values: dict[Hashable, tuple[float, Any, tuple | None]] = {}
        _KEEPERS.append(self)
        if forget_on_write:
            post_save.connect(self._written, weak=False, dispatch_uid=f"doingoai-kept-{name}-save")
            post_delete.connect(
                self._written, weak=False, dispatch_uid=f"doingoai-kept-{name}-delete"
            )

    def get(self, key: Hashable, compute: Callable[[], Any], tables: tuple[str, ...] = ()) -> Any:
        """The value kept for ``key``, else ``compute()`` kept. With ``tables`` (the tables
        ``compute`` reads), only while none of them has been written since."""
        if tables and stamps.in_transaction():
            return compute()
        seen = stamps.token(tables) if tables else None
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < self.seconds and found[2] == seen:
            return found[1]
        value = compute()
        self.put(key, value, seen)
        return value

    def peek(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None (never kept, or its time is up)."""
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < self.seconds and found[2] is None:
            return found[1]
        return None

    def put(self, key: Hashable, value: Any, seen: tuple | None = None) -> None:
        """Keep ``value`` for ``key`` from now (``seen``: its tables' token, ``get``)."""
        if key not in self._values and len(self._values) >= self.most:
            self._values.clear()
        self._values[key] = (time.monotonic(), value, seen)

    def forget(self, model: type[models.Model]) -> None:
        """Drop the values of ``model`` (keys whose first part is its ``label_lower``)."""
        label = model._meta.label_lower
        for key in [k for k in self._values if isinstance(k, tuple) and k and k[0] == label]:
            self._values.pop(key, None)

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def _written(self, sender: type[models.Model], **kwargs: Any) -> None:
        self.forget(sender)
