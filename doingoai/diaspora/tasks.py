"""What the diaspora module puts in the task inbox: possible duplicates waiting for a
review (one item, with their number), for the users who may merge persons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from doingoai.core.inbox import Task, register_task_provider
from doingoai.core.registry import registry
from doingoai.core.text import format_number


def diaspora_tasks(user) -> list[Task]:  # noqa: ANN001
    from doingoai.diaspora.models import DuplicateCandidate

    rt = registry.get("diaspora.diasporaperson")
    if not (rt.can(user, "change") and rt.can(user, "delete")):
        return []
    waiting = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).count()
    if not waiting:
        return []
    return [
        Task(
            _("Possible duplicates of overseas Vietnamese"),
            f"{format_number(waiting)} cặp hồ sơ chờ xem xét",
            reverse("diaspora:duplicates"),
            None,
            False,
            "",
        )
    ]


def register() -> None:
    register_task_provider(diaspora_tasks)
