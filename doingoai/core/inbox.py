"""The task inbox registry: modules register providers of the items a user must act on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
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


#: Tasks of one kind a provider lists at most (the dashboard shows the first 15 with the count;
#: every module's provider uses this one, which :func:`cut_at_limit` relies on).
LIMIT = 50

_PROVIDERS: list[Callable[[object], Iterable[Task]]] = []


def register_task_provider(provider: Callable[[object], Iterable[Task]]) -> None:
    _PROVIDERS.append(provider)


def record_tasks(
    rt,  # noqa: ANN001
    qs: QuerySet,
    kind: str | Promise,
    due_field: str,
    today: date,
    *,
    overdue: bool = False,
    title: str = "title",
    limit: int = LIMIT,
) -> list[Task]:
    """The first ``limit`` records of ``qs`` (in its order) as tasks due on ``due_field``,
    overdue when ``overdue`` or past ``today``: only the id, ``title`` (the field that is the
    record's ``str()``) and the date are read, and the link written by ``rt.url`` (model
    instances with the list's prefetched countries made 142 tasks cost 80 ms at the stress
    scale)."""
    rows = qs.prefetch_related(None).values_list("pk", title, due_field)[:limit]
    return [
        Task(
            kind,
            str(name),
            rt.url("detail", pk),
            due,
            overdue or (due is not None and due < today),
        )
        for pk, name, due in rows
    ]


def cut_at_limit(tasks: list[Task]) -> bool:
    """True when some kind holds :data:`LIMIT` tasks: its provider listed no more, so the
    number of ``tasks`` is a lower bound of what is waiting, not a total."""
    return any(n >= LIMIT for n in Counter(str(task.kind) for task in tasks).values())


def tasks_for(user) -> list[Task]:
    """Every provider's tasks for ``user``, soonest due first."""
    items: list[Task] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max))
