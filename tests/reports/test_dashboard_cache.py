"""The dashboard's province-wide figures are computed once per minute per process and
forgotten by any write, so that the dashboard does not rebuild two annual reports and the
chart series on every request."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.reports import dashboard
from tests.delegations.factories import OutboundFactory

pytestmark = pytest.mark.django_db


def test_figures_are_kept_then_forgotten_on_a_write(settings) -> None:  # noqa: ANN001
    settings.DASHBOARD_FIGURES_SECONDS = 60
    dashboard._figures.clear()
    today = date.today()
    first = dashboard.province_figures(today)
    with CaptureQueriesContext(connection) as again:
        assert dashboard.province_figures(today) is first
    assert len(again) == 0
    OutboundFactory(planned_departure=date(today.year, 1, 5), planned_return=date(today.year, 1, 9))
    with CaptureQueriesContext(connection) as fresh:
        assert dashboard.province_figures(today) is not first
    assert len(fresh) > 0
    dashboard._figures.clear()
