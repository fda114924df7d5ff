"""Query budgets: generating a year's report (preview, DOCX, XLSX, API), the dashboard and the
explorer issue a bounded number of queries, the same with 3 or 30 delegations."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from tests.delegations.factories import InboundFactory, trip
from tests.factories import PersonFactory

PAGES = {
    "preview": ("/reports/builder/?kind=year&year=2025", 30),
    "docx": ("/reports/builder/download/docx/?kind=year&year=2025", 30),
    "xlsx": ("/reports/builder/download/xlsx/?kind=year&year=2025", 25),
    "api": ("/api/v1/reports/?from=2025-01-01&to=2025-12-31", 25),
    "dashboard": ("/", 60),
    "explorer": (
        "/reports/explorer/?indicator=delegations.outbound.person_trips&dimension=country"
        "&kind=year&year=2025",
        30,
    ),
}


def other_sections_allowance(computations: int = 1) -> int:
    """The queries the other modules' report sections may add to a budget set with the
    delegations section alone: at most 8 per section and computation (each module proves its
    own section's queries do not grow with the rows)."""
    from doingoai.core.sections import sections

    return 8 * computations * sum(1 for s in sections() if s.key != "delegations")


COUNTRIES = ["KR", "JP", "LA", "TH", "CN", "US", "FR", "DE", "RU", "SG"]


def _add(n: int, start: int) -> None:
    people = [PersonFactory() for _ in range(3)]
    for i in range(start, start + n):
        trip(
            people=people[: 1 + i % 3],
            departure=date(2025, 1 + i % 12, 1 + i % 27),
            status="decided",
            countries=[COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 3) % len(COUNTRIES)]],
        )
        InboundFactory(planned_arrival=date(2025, 1 + i % 12, 2), status="permitted")


def _count(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_report_pages_issue_bounded_queries_whatever_the_rows(client_as):
    client = client_as(R.LEADER)
    _add(3, 0)
    for url, _budget in PAGES.values():
        client.get(url)  # warm the per-process caches (site settings, content types)
    few = {name: _count(client, url) for name, (url, _budget) in PAGES.items()}
    _add(27, 3)
    many = {name: _count(client, url) for name, (url, _budget) in PAGES.items()}
    assert many == few
    for name, (_url, budget) in PAGES.items():
        # the dashboard computes two years, charts by month and the modules' inbox and agenda
        allowance = other_sections_allowance(4 if name == "dashboard" else 1)
        assert many[name] <= budget + allowance, (name, many[name])
