"""Issue 10 item 6: every registered type's import template has a sample row that passes its
own dry run (a test over every registered type)."""

from __future__ import annotations

import pytest

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.registry import registry
from tests.factories import CONTRACT_FACTORIES

IMPORTABLE = [rt.key for rt in registry.all() if rt.importable]


@pytest.fixture
def one_of_each(db):  # noqa: ANN001, ANN201
    """One record of every type, so that the samples' references have something to name."""
    for key in sorted(CONTRACT_FACTORIES):
        CONTRACT_FACTORIES[key]()


@pytest.mark.django_db
@pytest.mark.parametrize("key", IMPORTABLE)
def test_the_sample_row_passes_its_own_dry_run(key, one_of_each, role_user):
    rt = registry.get(key)
    plan = record_io.plan_import(rt, record_io.template_xlsx(rt), role_user(R.ADMIN))
    problems = [f"{p.column}: {p.message}" for p in plan.problems if p.level == "error"]
    assert problems == [], (key, problems)
    assert len(plan.rows) == 1


def test_every_importable_type_is_covered():
    assert IMPORTABLE and set(IMPORTABLE) <= set(CONTRACT_FACTORIES)
