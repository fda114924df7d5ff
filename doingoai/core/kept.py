"""Values a worker keeps for a while instead of reading them on every page: a big table's count
and every table's estimated size (``paging``), a filter's list of related records
(``filters``), the planner's list of big tables (``fulltext``). One process's memory, no
shared cache: another worker sees a change when its copy's time is up; a write in this
process forgets the written model's values at once when the keeper is told to
(``forget_on_write``: its keys start with the model's ``label_lower``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

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
        self._values: dict[Hashable, tuple[float, Any]] = {}
        _KEEPERS.append(self)
        if forget_on_write:
            post_save.connect(self._written, weak=False, dispatch_uid=f"doingoai-kept-{name}-save")
            post_delete.connect(
                self._written, weak=False, dispatch_uid=f"doingoai-kept-{name}-delete"
            )

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        found = self._values.get(key)
        if found is not None and now - found[0] < self.seconds:
            return found[1]
        value = compute()
        self.put(key, value)
        return value

    def peek(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None (never kept, or its time is up)."""
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < self.seconds:
            return found[1]
        return None

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key`` from now."""
        if key not in self._values and len(self._values) >= self.most:
            self._values.clear()
        self._values[key] = (time.monotonic(), value)

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
