"""The explorer's totals (each record once, beside rows that may overlap), custom ranges and
XLSX; the dashboard's figures linked to their records, last year's and the charts' data."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from openpyxl import load_workbook

from doingoai.core import roles as R
from doingoai.reports.assembly import assemble
from doingoai.reports.dashboard import charts, dashboard, key_figures
from doingoai.reports.periods import make_period
from tests.delegations.factories import build_year_2025, trip
from tests.factories import PersonFactory

PERSON_TRIPS = {
    "indicator": "delegations.outbound.person_trips",
    "dimension": "country",
    "kind": "year",
    "year": "2025",
}


@pytest.mark.django_db
def test_explorer_total_counts_each_record_once(client_as):
    build_year_2025()
    client = client_as(R.SPECIALIST)
    page = client.get("/reports/explorer/", PERSON_TRIPS)
    x = page.context["x"]
    assert dict(x.rows) == {"Hàn Quốc": 5, "Nhật Bản": 2}
    assert (x.total, x.rows_total, x.overlapping) == (5, 7, True)
    html = page.content.decode()
    assert 'id="explorer-overlap"' in html and "Quốc gia" in html
    sheet = load_workbook(
        io.BytesIO(client.get("/reports/explorer/", {**PERSON_TRIPS, "format": "xlsx"}).content)
    ).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Đoàn ra, đoàn vào: lượt người đi nước ngoài", "năm 2025"]
    assert ["Hàn Quốc", 5] in rows and ["Tổng cộng", 5] in rows and rows[-1][1] == 7
    by_month = client.get("/reports/explorer/", {**PERSON_TRIPS, "dimension": "month"})
    assert by_month.context["x"].overlapping is False
    assert 'id="explorer-overlap"' not in by_month.content.decode()


@pytest.mark.django_db
def test_explorer_custom_range_and_wrong_input(client_as):
    build_year_2025()
    client = client_as(R.READONLY)
    params = {**PERSON_TRIPS, "dimension": "month", "kind": "custom"}
    march = client.get("/reports/explorer/", {**params, "start": "01/03/2025", "end": "31/03/2025"})
    x = march.context["x"]
    assert (x.period.label, dict(x.rows), x.total) == (
        "từ ngày 01/03/2025 đến ngày 31/03/2025",
        {"03/2025": 3},
        3,
    )
    reversed_range = client.get(
        "/reports/explorer/", {**params, "start": "31/03/2025", "end": "01/03/2025"}
    )
    assert reversed_range.status_code == 200
    assert "kết thúc sau bắt đầu" in reversed_range.content.decode()
    assert reversed_range.context["x"].rows == []
    unknown = client.get("/reports/explorer/", {**PERSON_TRIPS, "indicator": "nope.nothing"})
    assert unknown.context["x"].error and unknown.context["x"].rows == []
    xlsx = client.get("/reports/explorer/", {**params, "start": "x", "end": "y", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("text/html")  # no file for a wrong period


@pytest.mark.django_db
def test_dashboard_figures_link_to_their_records(role_user, client_as):
    this_year = date.today().year
    people = [PersonFactory() for _ in range(3)]
    trip(people=people, departure=date(this_year, 1, 15), status="decided", countries=["LA"])
    trip(people=people[:1], departure=date(this_year - 1, 6, 1), status="reported")
    client = client_as(R.LEADER)
    html = client.get("/").content.decode()
    found = re.findall(r'data-indicator="([^"]+)" href="([^"]+)">([\d.]+)<', html)
    links = {indicator: (unescape(url), int(value)) for indicator, url, value in found}
    url, value = links["delegations.outbound.person_trips"]
    assert value == 3
    assert client.get(url).context["table"].paginator.count == 3
    url, value = links["delegations.outbound.delegations"]
    assert value == 1 and client.get(url).context["table"].paginator.count == 1
    assert f"năm trước ({this_year - 1}): 1" in html


@pytest.mark.django_db
def test_dashboard_data_by_role(role_user):
    this_year = date.today().year
    trip(people=[PersonFactory()], departure=date(this_year, 2, 3), countries=["JP", "KR"])
    trip(people=[PersonFactory()], departure=date(this_year - 1, 2, 9), countries=["JP"])
    current = assemble(make_period("year", this_year))
    previous = assemble(make_period("year", this_year - 1))
    cards = {c["indicator"]: c for c in key_figures(current, previous)}
    outbound_card = cards["delegations.outbound.delegations"]
    assert (outbound_card["value"], outbound_card["previous"]) == (1, 1)
    data = charts(this_year, current)
    outbound = next(s for s in data["series"] if s["label"].endswith(str(this_year)))
    assert outbound["values"][1] == 1 and sum(outbound["values"]) == 1
    assert sorted(data["countries"]["labels"]) == ["Hàn Quốc", "Nhật Bản"]
    assert data["countries"]["label"].endswith(str(this_year))
    assert "kpis" in dashboard(role_user(R.READONLY), date.today())
    assert "kpis" not in dashboard(role_user(R.AGENCY), date.today())


@pytest.mark.django_db
def test_a_finished_years_exploration_is_kept_until_a_change_dated_in_it(
    client_as,
    django_capture_on_commit_callbacks,  # noqa: ANN001
):
    """A finished period's breakdown and total are computed once for every worker (kept with
    the report's figures) and computed again after a change dated in the period."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.core.models import SiteSettings

    with django_capture_on_commit_callbacks(execute=True):  # committed, as in the server
        build_year_2025()
        client = client_as(R.SPECIALIST)
        SiteSettings.load()  # made on first use: a change of no date, that forgets all
    assert client.get("/reports/explorer/", PERSON_TRIPS).context["x"].total == 5
    with CaptureQueriesContext(connection) as again:
        x = client.get("/reports/explorer/", PERSON_TRIPS).context["x"]
    assert (x.total, dict(x.rows)) == (5, {"Hàn Quốc": 5, "Nhật Bản": 2})
    counted = [q["sql"] for q in again if "delegations_outboundmember" in q["sql"]]
    assert not counted, counted
    with django_capture_on_commit_callbacks(execute=True):
        trip(people=[PersonFactory()], departure=date(2025, 11, 2), countries=("KR",))
    x = client.get("/reports/explorer/", PERSON_TRIPS).context["x"]
    assert x.total == 6 and dict(x.rows)["Hàn Quốc"] == 6
