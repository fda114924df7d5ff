"""Whether a dry run's plan still holds when the user commits the same file (issue 17).

Planning a file is most of an import's cost, and the commit used to plan it a second time.
A plan depends on the file, on who planned it and in which language, and on what it read of
the database. So a dry run records its *basis* (the record type, a digest of the file's bytes
and whether it is read as CSV, the user with their organisation, groups and permissions, which
decide what they may see and change, and the language of its messages) and its *reads*: what
each reference cell resolved to (a record's ID, or the message of its error), and for each row
the existing record it matched (ID and version) or that none did. The commit reuses the kept
plan only when its basis is the same and the same reads, done again in bulk (one query per
reference column and per chunk of rows, as planning does them), give the same answers: a
record created with a row's key, a referenced record deleted, renamed or made ambiguous, a
matched record edited since, and the commit plans the file again. A plan whose checks read
anything else (a type's ``clean()`` or unique checks querying, links compared row by row) is
not reusable (``basis`` None)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language

from doingoai.core import roles as R

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

#: Bumped when a plan's pickled form changes: plans kept by an older version are not reused.
PLAN_FORMAT = 1


def _user_key(user) -> tuple:  # noqa: ANN001
    if user is None or not getattr(user, "is_authenticated", False):
        return (None,)
    return (
        user.pk,
        getattr(user, "organisation_id", None),
        user.is_active,
        user.is_superuser,
        tuple(sorted(user.get_all_permissions())),
        tuple(sorted(user.groups.values_list("pk", flat=True))),
        tuple(sorted(R.user_roles(user))),  # read here, kept on the user for the plan's checks
    )


def plan_basis(rt: RecordType, data: bytes, user, name: str = "") -> tuple[Any, ...]:  # noqa: ANN001
    """What a plan of ``data`` depends on besides the records it reads."""
    return (
        PLAN_FORMAT,
        rt.key,
        hashlib.sha256(data).hexdigest(),
        name.lower().endswith(".csv"),
        _user_key(user),
        get_language() or "",
    )


class QueryGuard:
    """Counts the queries of a plan that its reads do not account for (``allowed`` False):
    a plan that made any is not reusable."""

    def __init__(self) -> None:
        self.allowed = False
        self.unexpected = 0

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        if not self.allowed:
            self.unexpected += 1
        return execute(sql, params, many, context)
