"""Stress data of the partners module: registered with core's registry, deterministic,
written by bulk inserts with the derived columns the pages filter and search on."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core.stress import stress_generators
from doingoai.partners.models import Agreement, AnniversaryEvent, Partner

pytestmark = pytest.mark.django_db


def _run(factor: float) -> tuple[dict[str, int], int]:
    generator = next(g for g in stress_generators() if g.name == "partners")
    with CaptureQueriesContext(connection) as queries:
        written = generator.run(random.Random(13), factor)
    return written, len(queries)


def test_stress_rows_are_written_in_bulk_with_their_derived_columns(client_as):
    from doingoai.core import roles as R

    small, small_queries = _run(0.001)
    assert small == {
        "partners.partner": 10,
        "partners.agreement": 50,
        "partners.agreement_foreign_parties": small["partners.agreement_foreign_parties"],
        "partners.anniversaryevent": 2,
    }
    assert 50 <= small["partners.agreement_foreign_parties"] <= 150
    assert Partner.objects.count() == 10 and AnniversaryEvent.objects.count() >= 2
    # derived columns as save() computes them
    for agreement in Agreement.objects.filter(search_text__contains="thu tai")[:20]:
        due, window = agreement.report_due, agreement.consultation_due
        agreement.save()
        assert (agreement.report_due, agreement.consultation_due) == (due, window)
        assert agreement.agency_id == agreement.vietnamese_party_id
    assert not Partner.objects.filter(search_text="").exists()
    # bulk: ten times the rows, about the same queries
    _large, large_queries = _run(0.01)
    assert large_queries <= small_queries + 10
    html = client_as(R.SPECIALIST).get("/partners/agreements/", {"q": "thu tai so 7"}).content
    assert "thử tải số 7" in html.decode()
