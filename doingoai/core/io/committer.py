"""Committing an import: the dry run's rows written in one transaction, all or nothing (or,
by the user's choice, the valid rows only); new records without links in bulk with their
history rows (``services.record_bulk_create``), the others through ``services.record_save``
so that every hook, check and permission runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doingoai.core import services
from doingoai.core.io.planner import Problem, plan_holds, plan_import

if TYPE_CHECKING:
    from doingoai.core.io.planner import ImportPlan
    from doingoai.core.registry import RecordType


class ImportRefused(Exception):
    """All-or-nothing import with errors: nothing was written."""


@dataclass
class ImportResult:
    """What a committed import did."""

    created: int
    updated: int
    unchanged: int
    rejected: int


def commit_import(
    rt: RecordType,
    data: bytes,
    user,  # noqa: ANN001
    *,
    valid_only: bool = False,
    progress=None,  # noqa: ANN001
    name: str = "",
    plan: ImportPlan | None = None,
) -> tuple[ImportResult, ImportPlan]:
    """Write the rows of ``data`` in one transaction. With errors and not ``valid_only``,
    nothing is written and ImportRefused is raised. ``plan`` is the dry run the user just
    confirmed (kept with the staged file): it is written as it is when nothing it depends on
    changed since (``planner.plan_holds``: the same file, user and language, and its reads of
    the records give the same answers), else the file is planned again. A plan is used by
    one commit only."""
    with transaction.atomic():
        reuse = plan is not None and plan_holds(plan, rt, data, user, name)
        if plan is not None:
            plan.basis = None  # its records are about to be written: never reused again
        if plan is None or not reuse:
            plan = plan_import(rt, data, user, progress=progress, name=name)
        if plan.errors and not valid_only:
            raise ImportRefused(plan)
        if any(p.level == "error" and p.row == 1 for p in plan.file_problems):
            raise ImportRefused(plan)
        #: Shared by the rows of this import: a type's hooks keep there what the records were
        #: before the import (e.g. a delegation's members, so that completing an imported trip
        #: row by row is not an amendment).
        batch: dict[Any, Any] = {}
        to_write = plan.valid_rows
        if not plan.errors and services.bulk_creatable(rt):
            # new records without links are written in bulk (with their history rows)
            fresh = [p for p in to_write if p.action == "create" and not any(p.m2m.values())]
            for start in range(0, len(fresh), 1000):
                chunk = fresh[start : start + 1000]
                services.record_bulk_create(
                    rt=rt,
                    objs=[p.obj for p in chunk],
                    user=user,
                    reason=_("imported from a spreadsheet"),
                )
                if progress is not None:
                    progress("commit", start + len(chunk), len(to_write))
            done = {id(p) for p in fresh}
            to_write = [p for p in to_write if id(p) not in done]
        for index, planned in enumerate(to_write, start=1):
            if progress is not None and index % 100 == 0:
                progress("commit", index, len(to_write))
            if planned.action == "unchanged":
                continue
            planned.obj._import_batch = batch
            try:
                services.record_save(
                    rt=rt,
                    obj=planned.obj,
                    user=user,
                    reason=_("imported from a spreadsheet"),
                    m2m=planned.m2m,
                )
            except ValidationError as exc:  # a check across rows (e.g. two rows that clash)
                planned.errors.extend(Problem(planned.row, "", message) for message in exc.messages)
            except PermissionDenied as exc:  # the record's owner or state refuses this user
                planned.errors.append(Problem(planned.row, "", str(exc)))
        if plan.errors and not valid_only:
            raise ImportRefused(plan)
    return ImportResult(
        plan.count("create"), plan.count("update"), plan.count("unchanged"), len(plan.rejected_rows)
    ), plan
