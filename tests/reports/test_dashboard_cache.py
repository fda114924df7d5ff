"""The dashboard's province-wide figures (this year's and last year's reports, the charts) are
computed once and reused by every worker (kept in the database, ``reports.kept.kept_today``)
and in each process, per day and language, until a change is committed or the time limit
passes; so the dashboard does not rebuild two annual reports and the chart series per worker.

A "second worker" is simulated by forgetting this process's layer (``kept._today``). Ordinary
tests run inside a transaction that never commits: their writes are made "committed" by running
the on-commit callbacks; the tests at the end run on a database that really commits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from doingoai.core import roles as R
from doingoai.reports import dashboard, kept
from doingoai.reports.models import FiguresChange, KeptFigures
from tests.border.factories import IncidentFactory

TODAY = date.today()
SECONDS = 600


@pytest.fixture
def keeping(settings):  # noqa: ANN001, ANN201
    settings.DASHBOARD_FIGURES_SECONDS = SECONDS
    kept._today.clear()
    yield
    kept._today.clear()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):  # noqa: ANN001, ANN201
    """``with committing():`` runs the block's on-commit callbacks at its end, as a commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def asked(today: date = TODAY) -> tuple[dict[str, Any], int]:
    """(the dashboard's figures, queries they took)."""
    with CaptureQueriesContext(connection) as ctx:
        value = dashboard.province_figures(today)
    return value, len(ctx)


def incidents(figures: dict[str, Any]) -> int:
    return next(c["value"] for c in figures["kpis"] if c["indicator"] == "border.incidents")


def another_worker() -> None:
    kept._today.clear()


def kept_rows() -> list[tuple[date, str]]:
    rows = KeptFigures.objects.filter(sections=kept._fingerprint(dashboard.FIGURES_NAME))
    return sorted(rows.values_list("end", "language"))


@pytest.mark.django_db
def test_computed_once_and_reused_by_every_worker(keeping, committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory(occurred_on=TODAY.replace(day=1))
    first, computing = asked()
    assert incidents(first) == 1 and computing > 5
    again, checking = asked()
    assert again is first and checking == 1  # the latest stamp only
    another_worker()
    other, reading = asked()
    assert other == first and other is not first and reading == 2  # + the kept figures
    assert kept_rows() == [(TODAY, translation.get_language())]


@pytest.mark.django_db
def test_the_same_figures_for_every_role_that_sees_them_and_none_for_an_agency(
    keeping,  # noqa: ANN001
    role_user,  # noqa: ANN001
) -> None:
    leader = dashboard.dashboard(role_user(R.LEADER), TODAY)
    readonly = dashboard.dashboard(role_user(R.READONLY), TODAY)
    assert readonly["kpis"] is leader["kpis"] and readonly["charts"] is leader["charts"]
    kept._today.clear()
    KeptFigures.objects.all().delete()
    agency = dashboard.dashboard(role_user(R.AGENCY), TODAY)
    assert "kpis" not in agency and "charts" not in agency
    assert not kept._today and kept_rows() == []  # nothing computed for it


@pytest.mark.django_db
def test_a_committed_change_of_any_date_recomputes_them(keeping, committing) -> None:  # noqa: ANN001
    first, _ = asked()
    assert incidents(first) == 0
    # inside the transaction that makes it, the change shows at once (computed, not kept)
    with committing():
        IncidentFactory(occurred_on=TODAY)
        inside, _ = asked()
        assert incidents(inside) == 1
        assert pickle_of_kept() == [0]
    # committed: this process and the others recompute
    after, computing = asked()
    assert incidents(after) == 1 and computing > 5
    assert asked()[1] == 1
    another_worker()
    assert incidents(asked()[0]) == 1
    # a change dated after this year (today's state may look ahead) recomputes them too
    with committing():
        IncidentFactory(occurred_on=date(TODAY.year + 1, 6, 1))
    assert asked()[1] > 5


def pickle_of_kept() -> list[int]:
    """The incidents of the figures kept in the database."""
    import pickle

    rows = KeptFigures.objects.filter(sections=kept._fingerprint(dashboard.FIGURES_NAME))
    return [incidents(pickle.loads(bytes(data))) for data in rows.values_list("data", flat=True)]  # noqa: S301


@pytest.mark.django_db
def test_the_time_limit(keeping, monkeypatch) -> None:  # noqa: ANN001
    import time

    first, _ = asked()
    now = time.time()
    monkeypatch.setattr(kept, "_clock", lambda: now + SECONDS - 5)
    assert asked() == (first, 1)
    # this process's are too old; the kept ones, computed by another worker later, answer
    monkeypatch.setattr(kept, "_clock", lambda: now + SECONDS + 1)
    again, reading = asked()
    assert again == first and again is not first and reading == 2
    # both too old: computed again
    later = KeptFigures.objects.get(sections=kept._fingerprint(dashboard.FIGURES_NAME))
    KeptFigures.objects.filter(pk=later.pk).update(
        computed_at=later.computed_at - timedelta(seconds=SECONDS + 1)
    )
    another_worker()
    assert asked()[1] > 5


@pytest.mark.django_db
def test_kept_per_day_and_language(keeping) -> None:  # noqa: ANN001
    language = translation.get_language()
    asked()
    with translation.override("en"):
        english, computing = asked()
        assert computing > 5
        assert asked() == (english, 1)
    assert asked()[1] == 1
    assert kept_rows() == sorted([(TODAY, language), (TODAY, "en")])
    # tomorrow computes them again and drops yesterday's
    tomorrow = TODAY + timedelta(days=1)
    assert asked(tomorrow)[1] > 5
    assert kept_rows() == [(tomorrow, language)]


@pytest.mark.django_db
def test_no_time_limit_computes_every_time(settings) -> None:  # noqa: ANN001
    settings.DASHBOARD_FIGURES_SECONDS = 0
    first, _ = asked()
    again, computing = asked()
    assert again == first and again is not first and computing > 5
    assert kept_rows() == []


# --- on a database that really commits ------------------------------------------------------
@pytest.fixture
def committed(transactional_db, settings):  # noqa: ANN001, ANN201
    from doingoai.core.reference_data import load_countries

    settings.AXES_ENABLED = False
    settings.DASHBOARD_FIGURES_SECONDS = SECONDS
    load_countries()
    kept._today.clear()
    yield True
    kept._today.clear()


def test_recomputed_after_a_commit_and_never_after_a_rollback(committed) -> None:  # noqa: ANN001
    first, _ = asked()
    assert incidents(first) == 0
    stamps = list(FiguresChange.objects.values_list("month", "stamp"))

    # rolled back: still reused, in this process and by the others
    with pytest.raises(RuntimeError), transaction.atomic():
        IncidentFactory(occurred_on=TODAY)
        assert incidents(asked()[0]) == 1  # seen inside, not kept
        raise RuntimeError("rolled back")
    assert asked() == (first, 1)
    another_worker()
    again, reading = asked()
    assert incidents(again) == 0 and reading == 2
    assert list(FiguresChange.objects.values_list("month", "stamp")) == stamps

    # committed: recomputed at once by the process that wrote and by the others
    with transaction.atomic():
        IncidentFactory(occurred_on=TODAY)
        assert list(FiguresChange.objects.values_list("month", "stamp")) == stamps
    after, computing = asked()
    assert incidents(after) == 1 and computing > 5
    assert asked() == (after, 1)
    another_worker()
    other, reading = asked()
    assert incidents(other) == 1 and reading == 2


def test_a_write_outside_a_transaction_shows_at_once(committed) -> None:  # noqa: ANN001
    asked()
    IncidentFactory(occurred_on=TODAY - timedelta(days=400))  # last year's, autocommit
    assert asked()[1] > 5
