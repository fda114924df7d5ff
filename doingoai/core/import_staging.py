"""Uploaded import files between the dry run and the commit (``DATA_DIR/imports``).

A staged file belongs to the user who uploaded it, is deleted once its import is committed,
and any staged file older than ``IMPORT_STAGING_HOURS`` is pruned on each upload and by
``manage.py prune_imports``. Beside it is kept its dry run's plan (``keep_plan``), which the
commit reuses while nothing it depends on changed (``core.io.freshness``)."""

from __future__ import annotations

import logging
import pickle
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

_HEX = set("0123456789abcdef")
_SUFFIXES = (".xlsx", ".owner", ".plan")
logger = logging.getLogger(__name__)


def staging_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _paths(token: str) -> tuple[Path, Path, Path] | None:
    if len(token) != 32 or not set(token) <= _HEX:
        return None
    base = staging_dir() / token
    return base.with_suffix(".xlsx"), base.with_suffix(".owner"), base.with_suffix(".plan")


def stage(data: bytes, user) -> str:  # noqa: ANN001
    """Keep ``data`` for ``user``'s next step; returns the token naming it."""
    prune()
    token = uuid.uuid4().hex
    data_path, owner_path, _plan_path = _paths(token)  # type: ignore[misc]
    data_path.write_bytes(data)
    owner_path.write_text(str(user.pk))
    return token


def load(token: str, user) -> bytes | None:  # noqa: ANN001
    """The staged bytes, or None when the token is unknown, expired or someone else's."""
    paths = _paths(token)
    if paths is None:
        return None
    data_path, owner_path, _plan_path = paths
    if not data_path.exists() or not owner_path.exists():
        return None
    if owner_path.read_text() != str(user.pk):
        return None
    return data_path.read_bytes()


def keep_plan(token: str, plan: Any) -> None:
    """Keep the dry run's plan of the staged file ``token`` for its commit (only a plan that
    may be reused: ``plan.basis`` set)."""
    paths = _paths(token)
    if paths is None or getattr(plan, "basis", None) is None:
        return
    paths[2].write_bytes(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))


def kept_plan(token: str, user) -> Any | None:  # noqa: ANN001
    """The plan kept for ``token`` (its owner's), or None: none kept, or unreadable (kept
    by another version of the program); the commit then plans the file again."""
    paths = _paths(token)
    if paths is None or load(token, user) is None or not paths[2].exists():
        return None
    try:
        return pickle.loads(paths[2].read_bytes())  # noqa: S301 (written by keep_plan only)
    except Exception:  # noqa: BLE001
        logger.warning("kept import plan %s unreadable; planning again", token)
        return None


def discard(token: str) -> None:
    """Delete a staged file (after its import was committed)."""
    paths = _paths(token)
    for path in paths or ():
        path.unlink(missing_ok=True)


def prune(max_age_hours: int | None = None) -> int:
    """Delete staged files older than ``max_age_hours``; returns how many were deleted."""
    hours = settings.IMPORT_STAGING_HOURS if max_age_hours is None else max_age_hours
    limit = time.time() - hours * 3600
    deleted = 0
    for path in staging_dir().iterdir():
        if path.suffix in _SUFFIXES and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            deleted += path.suffix == ".xlsx"
    return deleted
