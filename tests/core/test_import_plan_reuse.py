"""A commit reuses the dry run's plan of the same file while nothing it depends on changed
(issue 17: "the commit re-plans the whole file"), and plans again when the file, the user or a
record it read changed since; its queries do not grow with its rows. The view and the job
reuse the kept plan, on a database that really commits (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from doingoai.core import import_staging, jobs, services
from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.io import committer
from doingoai.core.models import ImportJob, Organisation, Person
from doingoai.core.registry import registry
from tests.factories import OrganisationFactory, make_user

PERSON = registry.get("core.person")


def persons_xlsx(n: int, *, prefix: str = "Người Dùng Lại", organisation: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "birth_date", "sex", "nationality", "organisation"])
    for i in range(n):
        sheet.append(
            [f"{prefix} {i}", f"{1 + i % 28:02d}/02/1980", "Nam", "Việt Nam", organisation]
        )
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.fixture
def committed(transactional_db, settings):  # noqa: ANN001, ANN201
    """A committing database with the reference data and roles a flush removed."""
    from doingoai.core.groups import sync_role_permissions
    from doingoai.core.reference_data import load_countries

    settings.AXES_ENABLED = False
    load_countries()
    sync_role_permissions()
    return True


@pytest.fixture
def plans(monkeypatch):  # noqa: ANN001, ANN201
    """The files the commit planned again (none when it reused the dry run's plan)."""
    planned: list[bytes] = []
    original = committer.plan_import

    def counting(rt, data, user, **kwargs):  # noqa: ANN001, ANN003, ANN202
        planned.append(data)
        return original(rt, data, user, **kwargs)

    monkeypatch.setattr(committer, "plan_import", counting)
    return planned


@pytest.mark.django_db
def test_commit_reuses_the_dry_run_when_nothing_changed(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    data = persons_xlsx(3)
    plan = record_io.plan_import(PERSON, data, admin)
    assert plan.basis is not None and plan.count("create") == 3
    result, used = record_io.commit_import(PERSON, data, admin, plan=plan)
    assert plans == [] and used is plan and result.created == 3
    # written as a re-planned commit writes them: each with its history row, who and why
    added = Person.history.filter(full_name__startswith="Người Dùng Lại", history_type="+")
    assert added.count() == 3 and {h.history_user for h in added} == {admin}
    # a plan is used once: committing it again plans the file again (and updates nothing)
    result, _plan = record_io.commit_import(PERSON, data, admin, plan=plan)
    assert len(plans) == 1 and (result.created, result.unchanged) == (0, 3)


@pytest.mark.django_db
def test_a_record_created_since_the_dry_run_is_seen(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    data = persons_xlsx(2)
    plan = record_io.plan_import(PERSON, data, admin)
    assert plan.count("create") == 2
    # someone else enters the first row's person before the commit
    other = Person(full_name="Người Dùng Lại 0", birth_date=plan.rows[0].obj.birth_date, sex="M")
    services.record_save(rt=PERSON, obj=other, user=make_user(R.SPECIALIST))
    result, _plan = record_io.commit_import(PERSON, data, admin, plan=plan)
    assert len(plans) == 1
    assert (result.created, result.updated + result.unchanged) == (1, 1)
    assert Person.objects.filter(full_name="Người Dùng Lại 0").count() == 1  # no duplicate


@pytest.mark.django_db
def test_a_referenced_record_deleted_since_the_dry_run_refuses_the_commit(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    organisation = OrganisationFactory(name="Sở Sắp Bị Xóa")
    data = persons_xlsx(2, organisation="Sở Sắp Bị Xóa")
    plan = record_io.plan_import(PERSON, data, admin)
    assert not plan.errors
    Organisation.objects.filter(pk=organisation.pk).delete()
    with pytest.raises(record_io.ImportRefused) as refused:
        record_io.commit_import(PERSON, data, admin, plan=plan)
    assert len(plans) == 1
    assert {p.row for p in refused.value.args[0].errors} == {2, 3}
    assert not Person.objects.filter(full_name__startswith="Người Dùng Lại").exists()


@pytest.mark.django_db
def test_another_file_or_user_plans_again(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    plan = record_io.plan_import(PERSON, persons_xlsx(2), admin)
    other_file = persons_xlsx(2, prefix="Tệp Khác")
    result, _plan = record_io.commit_import(PERSON, other_file, admin, plan=plan)
    assert plans == [other_file] and result.created == 2
    data = persons_xlsx(2)
    plan = record_io.plan_import(PERSON, data, admin)
    specialist = make_user(R.SPECIALIST)
    result, _plan = record_io.commit_import(PERSON, data, specialist, plan=plan)
    assert plans == [other_file, data] and result.created == 2


@pytest.mark.django_db
def test_queries_of_a_reused_commit_do_not_grow_with_its_rows() -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    counts = []
    for n, prefix in ((5, "Năm Dòng"), (60, "Sáu Mươi Dòng")):
        data = persons_xlsx(n, prefix=prefix)
        plan = record_io.plan_import(PERSON, data, admin)
        with CaptureQueriesContext(connection) as queries:
            result, used = record_io.commit_import(PERSON, data, admin, plan=plan)
        assert used is plan and result.created == n
        counts.append(len(queries))
    # the first commit also reads the user's permissions once
    assert counts[1] <= counts[0] <= 12, counts


def test_the_view_commits_the_plan_of_its_dry_run(committed, plans) -> None:  # noqa: ANN001
    client = Client()
    admin = make_user(R.ADMIN)
    client.force_login(admin)
    upload = io.BytesIO(persons_xlsx(4))
    upload.name = "nguoi.xlsx"
    page = client.post(PERSON.url("import"), {"step": "check", "file": upload})
    token = page.context["token"]
    assert import_staging.kept_plan(token, admin) is not None
    assert import_staging.kept_plan(token, make_user(R.ADMIN)) is None  # someone else's
    response = client.post(PERSON.url("import"), {"step": "commit", "token": token})
    assert response.status_code == 200 and plans == []
    assert Person.objects.filter(full_name__startswith="Người Dùng Lại").count() == 4
    assert not list(import_staging.staging_dir().glob(f"{token}.*"))  # the plan went too


def test_the_commit_job_uses_the_check_jobs_plan(committed, plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    token = import_staging.stage(persons_xlsx(5), admin)
    check = jobs.create_job(
        rt_key=PERSON.key, user=admin, token=token, filename="x.xlsx", action="check"
    )
    jobs.run_import_job.call(str(check.pk))
    commit = jobs.create_job(
        rt_key=PERSON.key, user=admin, token=token, filename="x.xlsx", action="commit"
    )
    jobs.run_import_job.call(str(commit.pk))
    commit.refresh_from_db()
    assert commit.status == ImportJob.Status.DONE and commit.result["created"] == 5
    assert plans == []


@pytest.mark.django_db
def test_an_unreadable_kept_plan_plans_again(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    data = persons_xlsx(2)
    token = import_staging.stage(data, admin)
    import_staging.keep_plan(token, record_io.plan_import(PERSON, data, admin))
    (import_staging.staging_dir() / f"{token}.plan").write_bytes(b"not a plan")
    kept = import_staging.kept_plan(token, admin)
    assert kept is None
    result, _plan = record_io.commit_import(PERSON, data, admin, plan=kept)
    assert len(plans) == 1 and result.created == 2


@pytest.mark.django_db
def test_a_record_edited_since_the_dry_run_is_seen(plans) -> None:  # noqa: ANN001
    admin = make_user(R.ADMIN)
    person = Person(full_name="Người Dùng Lại 0", birth_date=date(1980, 2, 1), sex="M")
    services.record_save(rt=PERSON, obj=person, user=admin)
    data = persons_xlsx(1)
    plan = record_io.plan_import(PERSON, data, admin)
    assert plan.count("update") == 1  # the nationality is new
    person.note = "sửa trong lúc chờ"
    services.record_save(rt=PERSON, obj=person, user=admin)
    result, _plan = record_io.commit_import(PERSON, data, admin, plan=plan)
    assert len(plans) == 1 and result.updated == 1
    person.refresh_from_db()
    assert person.note == "sửa trong lúc chờ" and person.nationality_id == "VN"


@pytest.mark.django_db
def test_a_plan_whose_checks_query_is_not_reused(plans, monkeypatch) -> None:  # noqa: ANN001
    """What a type's own checks read is not known: such a plan is planned again."""
    admin = make_user(R.ADMIN)
    clean = Person.clean

    def querying_clean(self):  # noqa: ANN001, ANN202
        Organisation.objects.exists()
        clean(self)

    monkeypatch.setattr(Person, "clean", querying_clean)
    data = persons_xlsx(2)
    plan = record_io.plan_import(PERSON, data, admin)
    assert plan.basis is None
    record_io.commit_import(PERSON, data, admin, plan=plan)
    assert len(plans) == 1


@pytest.mark.django_db
def test_an_update_by_id_is_planned_without_a_query_per_row_and_reused(plans) -> None:  # noqa: ANN001
    """The primary key is not checked for uniqueness row by row (a query per updated row)."""
    admin = make_user(R.ADMIN)
    people = [Person(full_name=f"Sửa Theo Mã {i}", sex="M") for i in range(6)]
    for person in people:
        services.record_save(rt=PERSON, obj=person, user=admin)
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã bản ghi (ID)", "full_name", "note"])
    for person in people:
        sheet.append([person.pk, person.full_name, "ghi chú mới"])
    data = io.BytesIO()
    book.save(data)
    with CaptureQueriesContext(connection) as queries:
        plan = record_io.plan_import(PERSON, data.getvalue(), admin)
    assert plan.count("update") == 6 and plan.basis is not None
    assert len(queries) <= 8, [q["sql"] for q in queries]
    result, used = record_io.commit_import(PERSON, data.getvalue(), admin, plan=plan)
    assert used is plan and plans == [] and result.updated == 6
    assert set(
        Person.objects.filter(pk__in=[p.pk for p in people]).values_list("note", flat=True)
    ) == {"ghi chú mới"}


@pytest.mark.django_db
def test_the_existing_records_are_looked_up_unordered_and_the_oldest_matches() -> None:
    """A lookup of a chunk's records by key or ID has no ORDER BY: the list's order made
    PostgreSQL sort, in parallel workers, the estimated matches of 500 names at a million
    persons (24 ms a chunk instead of 4). Of two records sharing a key, the oldest matches."""
    admin = make_user(R.ADMIN)
    born = date(1980, 2, 1)
    older = Person.objects.create(full_name="Người Dùng Lại 0", birth_date=born)
    Person.objects.create(full_name="Người Dùng Lại 0", birth_date=born)
    data = persons_xlsx(3)
    with CaptureQueriesContext(connection) as queries:
        plan = record_io.plan_import(PERSON, data, admin)
    lookups = [q["sql"] for q in queries if q["sql"].startswith('SELECT "core_person"')]
    assert lookups and not [sql for sql in lookups if "ORDER BY" in sql], lookups
    matched = [row for row in plan.rows if row.action == "update"]
    assert [row.obj.pk for row in matched] == [older.pk]
