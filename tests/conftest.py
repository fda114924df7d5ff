"""Shared fixtures: reference data loaded once per test database, users per role, clients."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from doingoai.core import roles as R

# Import every module's factories so the contract registry is complete: found by their path
# (tests/<app>/factories.py, tests/<app>/<sub>/factories.py), whatever the folder holds.
for _path in sorted(Path(__file__).parent.glob("**/factories.py")):
    _parts = _path.relative_to(Path(__file__).parent.parent).with_suffix("").parts
    importlib.import_module(".".join(_parts))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """Countries and the configured province's units, loaded once into the test database."""
    from django.conf import settings

    from doingoai.core.reference_data import load_admin_units, load_countries

    with django_db_blocker.unblock():
        load_countries()
        load_admin_units(settings.PROVINCE_CODE)


@pytest.fixture(autouse=True)
def _nothing_kept_from_the_last_test():  # noqa: ANN202
    """Values a process keeps (counts, table sizes, filter choices) describe the records of
    the test that read them, which the next test does not have."""
    from doingoai.core.kept import forget_everything

    forget_everything()
    yield
    forget_everything()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DATA_DIR = tmp_path
    settings.AXES_ENABLED = False
    settings.TWO_FACTOR_ROLES = []  # tests of two-factor authentication turn it on


@pytest.fixture
def role_user(db):  # noqa: ANN001, ANN201
    """``role_user(role, **kw)`` → a new user of that role."""
    from tests.factories import make_user

    return make_user


@pytest.fixture
def client_as(client, role_user):  # noqa: ANN001, ANN201
    """``client_as(role)`` → the test client logged in as a new user of that role."""

    def login(role: str, **kwargs):  # noqa: ANN003, ANN202
        user = role_user(role, **kwargs)
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture
def admin_client_(client_as):  # noqa: ANN001, ANN201
    return client_as(R.ADMIN)


@pytest.fixture
def most_parameters():  # noqa: ANN201
    """``with most_parameters("table") as seen:`` … ``seen[0]``: the most parameters one
    statement of the block that names ``table`` (any, if empty) carried. A report that sends
    the keys of every record of a period back as a list (``pk IN (…)``) grows with the rows:
    SQLite plans such a list badly once joined (11 s for a term's agreements at the stress
    scale) and PostgreSQL takes at most 65,535; the records are selected again by a
    subquery instead."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def watching(table: str = ""):  # noqa: ANN202
        seen = [0]

        def wrapper(execute, sql, params, many, context):  # noqa: ANN001, ANN202
            if params and not many and table in sql:
                seen[0] = max(seen[0], len(params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            yield seen

    return watching
