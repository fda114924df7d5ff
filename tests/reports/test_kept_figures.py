"""A finished period's figures are computed once and kept (shared by the server's workers,
in the database); any committed change dated on or before the period's end forgets them, a
change dated after it does not, a rolled-back change forgets nothing and never leaves wrong
figures kept (doingoai/reports/kept.py).

Ordinary tests run inside a transaction that never commits: their writes are made "committed"
by running the on-commit callbacks (``django_capture_on_commit_callbacks(execute=True)``)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import Country
from doingoai.core.registry import registry
from doingoai.core.sections import build_report, compute_figures, section_figures
from doingoai.reports.models import FiguresChange, KeptFigures
from doingoai.reports.periods import make_period
from tests.border.factories import IncidentFactory

TODAY = date.today()
YEAR = TODAY.year - 2  # finished
LATER = TODAY.year - 1  # finished too, after YEAR
EARLIER = TODAY.year - 3
INCIDENTS = "border.borderincident"


def period(year: int):  # noqa: ANN201
    return make_period("year", year).period


def incidents(year: int) -> int:
    return section_figures(period(year))["border"]["incidents"]


def queries(year: int) -> tuple[int, int]:
    """(incidents counted in ``year``, queries it took)."""
    with CaptureQueriesContext(connection) as ctx:
        value = incidents(year)
    return value, len(ctx)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):  # noqa: ANN001, ANN201
    """``with committing():`` runs the block's on-commit callbacks at its end, as a commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_a_finished_year_is_computed_once_and_reused(committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory.create_batch(3, occurred_on=date(YEAR, 3, 1))
        IncidentFactory(occurred_on=date(LATER, 3, 1))
    value, first = queries(YEAR)
    assert value == 3
    again, second = queries(YEAR)
    assert again == 3
    assert second <= 2 < first  # the latest stamp, the kept figures
    assert KeptFigures.objects.count() == 1
    # the API's JSON and the assembled report read the same kept figures
    with CaptureQueriesContext(connection) as ctx:
        report = build_report(period(YEAR))
    assert len(ctx) <= 2
    assert report["sections"] == compute_figures(period(YEAR))


@pytest.mark.django_db
def test_the_current_period_is_never_kept(committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory(occurred_on=TODAY - timedelta(days=1))
    current = make_period("year", TODAY.year).period
    with CaptureQueriesContext(connection) as first:
        section_figures(current)
    with CaptureQueriesContext(connection) as second:
        section_figures(current)
    assert len(second) == len(first) > 2
    # a period that ends today has not ended either
    section_figures(make_period("custom", YEAR, start=date(YEAR, 1, 1), end=TODAY).period)
    assert not KeptFigures.objects.exists()


@pytest.mark.django_db
def test_changes_through_the_services_change_the_kept_figures(committing, role_user) -> None:  # noqa: ANN001
    admin = role_user(R.ADMIN)
    rt = registry.get(INCIDENTS)
    with committing():
        kept = IncidentFactory(occurred_on=date(YEAR, 2, 1))
    assert incidents(YEAR) == 1
    value, count = queries(YEAR)
    assert (value, count <= 2) == (1, True)

    # create: seen inside the transaction (computed afresh, not kept), then after the commit
    with committing():
        new = IncidentFactory.build(occurred_on=date(YEAR, 5, 1))
        services.record_save(rt=rt, obj=new, user=admin)
        assert incidents(YEAR) == 2
    assert incidents(YEAR) == 2

    # edit: moved to the next year, both years change
    assert incidents(LATER) == 0
    with committing():
        new.refresh_from_db()
        new.occurred_on = date(LATER, 5, 1)
        services.record_save(rt=rt, obj=new, user=admin)
    assert (incidents(YEAR), incidents(LATER)) == (1, 1)

    # delete, then restore
    with committing():
        kept.refresh_from_db()
        services.record_delete(rt=rt, obj=kept, user=admin)
    assert incidents(YEAR) == 0
    entry = rt.model.history.filter(id=kept.pk).order_by("-history_id").first()
    with committing():
        services.record_restore(rt=rt, history_id=entry.history_id, user=admin)
    assert incidents(YEAR) == 1
    assert section_figures(period(YEAR)) == compute_figures(period(YEAR))


@pytest.mark.django_db
def test_a_bulk_import_changes_the_kept_figures(committing, role_user) -> None:  # noqa: ANN001
    admin = role_user(R.ADMIN)
    rt = registry.get(INCIDENTS)
    assert services.bulk_creatable(rt)
    assert incidents(YEAR) == 0
    assert queries(YEAR)[1] <= 2
    rows = [IncidentFactory.build(occurred_on=date(YEAR, 1 + n, 10)) for n in range(4)]
    with committing():
        services.record_bulk_create(rt=rt, objs=rows, user=admin, reason="nhập từ tệp")
    assert incidents(YEAR) == 4


@pytest.mark.django_db
def test_a_change_dated_after_the_period_keeps_it_one_dated_before_forgets_it(committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory(occurred_on=date(YEAR, 6, 1))
    assert queries(YEAR)[0] == 1
    with committing():
        IncidentFactory(occurred_on=date(LATER, 1, 1))
    value, count = queries(YEAR)
    assert (value, count <= 2) == (1, True)  # still kept
    # a change dated before the period may count in it (a state at its end): forgotten
    with committing():
        IncidentFactory(occurred_on=date(EARLIER, 12, 31))
    value, count = queries(YEAR)
    assert value == 1 and count > 2


@pytest.mark.django_db
def test_a_change_without_a_date_forgets_every_finished_period(committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory(occurred_on=date(LATER, 6, 1))
    assert queries(LATER)[0] == 1
    assert queries(LATER)[1] <= 2
    with committing():
        laos = Country.objects.get(code="LA")
        laos.name_vi = "Lào (đổi tên thử)"
        laos.save()
    assert queries(LATER)[1] > 2


@pytest.mark.django_db
def test_a_rolled_back_savepoint_forgets_nothing_it_did_not_do(committing) -> None:  # noqa: ANN001
    with committing():
        IncidentFactory(occurred_on=date(YEAR, 6, 1))
    assert queries(YEAR)[0] == 1
    stamps = list(FiguresChange.objects.values_list("month", "stamp"))
    try:
        with transaction.atomic():
            IncidentFactory(occurred_on=date(YEAR, 7, 1))
            assert incidents(YEAR) == 2  # inside: the change is seen
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    value, count = queries(YEAR)
    assert (value, count <= 2) == (1, True)
    assert list(FiguresChange.objects.values_list("month", "stamp")) == stamps


# --- on a database that really commits ------------------------------------------------------
@pytest.fixture
def committed(transactional_db, settings):  # noqa: ANN001, ANN201
    from doingoai.core.reference_data import load_countries

    settings.AXES_ENABLED = False
    load_countries()
    return True


def test_forgotten_on_commit_and_never_by_a_rollback(committed) -> None:  # noqa: ANN001
    IncidentFactory(occurred_on=date(YEAR, 6, 1))
    assert incidents(YEAR) == 1
    assert queries(YEAR)[1] <= 2
    stamp = FiguresChange.objects.filter(month__lte=date(YEAR, 12, 31)).order_by("-stamp")[0]

    # rolled back: the kept figures stay, and stay right
    with pytest.raises(RuntimeError), transaction.atomic():
        IncidentFactory(occurred_on=date(YEAR, 7, 1))
        assert incidents(YEAR) == 2
        raise RuntimeError("rolled back")
    value, count = queries(YEAR)
    assert (value, count <= 2) == (1, True)

    # committed: nothing is stamped before the commit, the figures change after it
    with transaction.atomic():
        IncidentFactory(occurred_on=date(YEAR, 8, 1))
        latest = FiguresChange.objects.filter(month__lte=date(YEAR, 12, 31)).order_by("-stamp")
        assert latest[0].stamp == stamp.stamp
    assert incidents(YEAR) == 2
    assert queries(YEAR)[1] <= 2


def test_figures_computed_before_a_commit_are_not_reused_after_it(committed) -> None:  # noqa: ANN001
    """Another worker computes the figures while a change is written but not yet committed:
    they carry the stamp it read before, so once the commit stamps the month they no longer
    answer."""
    import pickle

    from django.utils.translation import get_language

    from doingoai.reports import kept

    IncidentFactory(occurred_on=date(YEAR, 6, 1))
    end = date(YEAR, 12, 31)
    stale_stamp = kept._latest_stamp(end, "default")  # the worker reads the stamp,
    stale = compute_figures(period(YEAR))  # computes without the change...
    IncidentFactory(occurred_on=date(YEAR, 7, 1))  # ...which commits meanwhile,
    KeptFigures.objects.create(  # and the worker keeps what it computed
        start=date(YEAR, 1, 1),
        end=end,
        language=get_language() or "",
        sections=kept._fingerprint(),
        stamp=stale_stamp,
        data=pickle.dumps(stale),
    )
    assert stale["border"]["incidents"] == 1
    assert incidents(YEAR) == 2


@pytest.mark.django_db
def test_figures_not_computed_lately_are_dropped() -> None:
    from datetime import datetime

    old = KeptFigures.objects.create(
        start=date(2001, 1, 1), end=date(2001, 12, 31), language="vi", sections="x", stamp=0
    )
    KeptFigures.objects.filter(pk=old.pk).update(computed_at=datetime(2001, 1, 1, tzinfo=UTC))
    section_figures(period(YEAR))
    assert list(KeptFigures.objects.values_list("end", flat=True)) == [date(YEAR, 12, 31)]


@pytest.mark.django_db
def test_an_empty_date_that_may_mean_since_ever_forgets_every_period(committing) -> None:  # noqa: ANN001
    """An association whose founding date is unknown stands in every period up to its
    dissolution: removing it changes a year before its only date."""
    from tests.diaspora.factories import AssociationFactory

    with committing():
        association = AssociationFactory(founded_on=None, dissolved_on=date(LATER, 6, 1))

    def standing() -> int:
        return section_figures(period(YEAR))["diaspora"]["associations"]

    assert standing() == 1
    with committing():
        association.delete()
    assert standing() == 0


@pytest.mark.django_db
def test_any_answer_about_a_finished_period_is_kept_like_the_figures(committing) -> None:  # noqa: ANN001
    """``kept_value`` (the dashboard's last-year chart series): computed once, reused, and
    forgotten by a change dated in the period; never kept for the current period."""
    from doingoai.reports.kept import kept_value

    calls: list[int] = []

    def series() -> dict[str, int]:
        calls.append(1)
        return {"03": incidents(YEAR)}

    with committing():
        IncidentFactory(occurred_on=date(YEAR, 3, 1))
    assert kept_value(period(YEAR), "test-series", series) == {"03": 1}
    assert kept_value(period(YEAR), "test-series", series) == {"03": 1}
    assert len(calls) == 1
    assert kept_value(period(YEAR), "other-series", series) == {"03": 1}  # its own name
    assert len(calls) == 2
    with committing():
        IncidentFactory(occurred_on=date(YEAR, 6, 1))
    assert kept_value(period(YEAR), "test-series", series) == {"03": 2}
    current = make_period("year", TODAY.year).period
    kept_value(current, "test-series", series)
    kept_value(current, "test-series", series)
    assert len(calls) == 5


@pytest.mark.django_db
def test_a_new_person_keeps_the_figures_an_edited_one_forgets_them(committing) -> None:  # noqa: ANN001
    """A person is counted only through the records that refer to it (a delegation's
    members, a case's persons): a person just created is referred to by nothing and changes
    no figure, so it keeps every finished period (at a million persons, forgetting them on
    each new person recomputed a term's report for every page that showed one). An edit or
    a deletion may change what the referring records count: it still forgets."""
    from doingoai.core.models import Person

    with committing():
        IncidentFactory(occurred_on=date(LATER, 6, 1))
    assert queries(LATER)[0] == 1
    assert queries(LATER)[1] <= 2
    with committing():
        person = Person.objects.create(full_name="Nguyễn Văn Mới", sex="M")
        Person.objects.bulk_create([Person(full_name="Trần Thị Hàng Loạt", sex="F")])
    assert queries(LATER)[1] <= 2
    with committing():
        person.full_name = "Nguyễn Văn Đã Sửa"
        person.save()
    assert queries(LATER)[1] > 2


@pytest.mark.django_db
def test_no_section_counts_persons_themselves() -> None:
    """``Person.counted_through_references`` holds only while no section reads persons as
    the records it counts (a join from the records that refer to them is fine)."""
    from doingoai.core.models import Person

    assert Person.counted_through_references
    with CaptureQueriesContext(connection) as ctx:
        compute_figures(period(YEAR))
    table = Person._meta.db_table
    direct = [q["sql"] for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert direct == []
