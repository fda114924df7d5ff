"""Administrative units by period: "k of N localities" for a period before or after
1/7/2025 whatever period the records' units belong to."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import units
from doingoai.core.models import AdministrativeUnit


def _merged_pair():  # noqa: ANN202
    """Two old communes merged into one new commune (from the loaded mapping)."""
    through = AdministrativeUnit.successors.through
    for new in AdministrativeUnit.objects.filter(period="current", level="commune"):
        olds = list(
            through.objects.filter(to_administrativeunit=new).values_list(
                "from_administrativeunit_id", flat=True
            )
        )
        if len(olds) >= 2:
            return new, olds[:2]
    pytest.skip("no merged commune in the loaded province")


@pytest.mark.django_db
def test_coverage_counts_in_the_units_of_the_period():
    new, (old_a, old_b) = _merged_pair()
    after = units.coverage([old_a, old_b], date(2026, 1, 1), date(2026, 12, 31))
    n_current = AdministrativeUnit.objects.filter(period="current", level="commune").count()
    assert (after.reached, after.total, after.period) == (1, n_current, "current")
    before = units.coverage([new.pk], date(2024, 1, 1), date(2024, 12, 31))
    n_legacy = AdministrativeUnit.objects.filter(period="legacy", level="commune").count()
    assert before.total == n_legacy and before.reached >= 2
    mixed = units.coverage([new.pk, old_a], date(2025, 1, 1), date(2025, 12, 31))
    assert mixed.reached == 1 and mixed.period == "current"
    assert units.period_of(date(2025, 6, 30)) == "legacy"
    assert units.period_of(date(2025, 7, 1)) == "current"


@pytest.mark.django_db
def test_every_locality_reached_is_all():
    every = AdministrativeUnit.objects.filter(period="current", level="commune")
    cover = units.coverage(every.values_list("pk", flat=True), date(2026, 1, 1), date(2026, 6, 30))
    assert cover.all and cover.reached == cover.total > 100
