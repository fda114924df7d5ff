"""The task inbox registry: modules register providers of the items a user must act on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class Task:
    """One thing a user must do, with the page to do it on."""

    kind: str | Promise
    title: str
    url: str
    due: date | None = None
    overdue: bool = False
    #: What the user needs to know to act (e.g. why a request was sent back).
    note: str = ""


_PROVIDERS: list[Callable[[object], Iterable[Task]]] = []


def register_task_provider(provider: Callable[[object], Iterable[Task]]) -> None:
    _PROVIDERS.append(provider)


def tasks_for(user) -> list[Task]:
    """Every provider's tasks for ``user``, soonest due first."""
    items: list[Task] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max))
