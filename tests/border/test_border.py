"""Border module: a marker's condition follows its latest inspection, a gate's status its
latest opening or closure, the incident workflow, and the report section against a hand
count for a fixture year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict

from doingoai.border import reports
from doingoai.border.models import BorderGate, BorderMarker, GateCrossing, GateStatusChange
from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.filters import filterset_for
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from tests.border.factories import (
    ExchangeFactory,
    GateFactory,
    IncidentFactory,
    InspectionFactory,
    MarkerFactory,
)

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def _inspect(marker, day, condition, user=None):  # noqa: ANN001, ANN202
    rt = registry.get("border.markerinspection")
    inspection = rt.model(marker=marker, inspected_on=day, condition=condition, inspector="Đồn BP")
    return services.record_save(rt=rt, obj=inspection, user=user)


def test_the_condition_follows_the_latest_inspection_by_date():
    marker = MarkerFactory()
    _inspect(marker, date(2025, 3, 1), "damaged")
    marker.refresh_from_db()
    assert (marker.condition, marker.last_inspected_on) == ("damaged", date(2025, 3, 1))
    _inspect(marker, date(2025, 6, 1), "repaired")
    _inspect(marker, date(2025, 1, 15), "intact")  # entered late: an older inspection
    marker.refresh_from_db()
    assert (marker.condition, marker.last_inspected_on) == ("repaired", date(2025, 6, 1))


def test_an_edit_of_the_marker_keeps_the_condition_of_its_inspections():
    marker = MarkerFactory()
    _inspect(marker, date(2025, 3, 1), "damaged")
    marker.refresh_from_db()
    marker.condition = "intact"
    marker.note = "Sửa ghi chú"
    services.record_save(rt=registry.get("border.bordermarker"), obj=marker, user=None)
    marker.refresh_from_db()
    assert marker.condition == "damaged"
    assert marker.history.first().condition == "damaged"


def test_the_gate_status_follows_its_latest_opening_or_closure():
    gate = GateFactory(status="open")
    GateStatusChange.objects.create(gate=gate, changed_on=date(2021, 1, 1), status="closed")
    GateStatusChange.objects.create(gate=gate, changed_on=date(2020, 1, 1), status="open")
    services.record_save(rt=registry.get("border.bordergate"), obj=gate, user=None)
    gate.refresh_from_db()
    assert gate.status == "closed"
    assert gate.history.first().status == "closed"


def test_an_incident_is_resolved_only_with_its_outcome(role_user):
    rt = registry.get("border.borderincident")
    incident = IncidentFactory()
    leader = role_user(R.LEADER)
    with pytest.raises(ValidationError):
        services.workflow_apply(rt=rt, obj=incident, transition_name="resolve", user=leader)
    incident.refresh_from_db()
    services.workflow_apply(
        rt=rt,
        obj=incident,
        transition_name="resolve",
        user=leader,
        values={"outcome": "Phía bạn đã trao trả tàu và 08 ngư dân."},
    )
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert incident.resolved_on is not None


@pytest.fixture
def fixture_year():  # noqa: ANN201
    """2025: four markers, inspections in and out of the year, two gates, incidents."""
    a, b, c, d = (MarkerFactory() for _ in range(4))
    InspectionFactory(marker=a, inspected_on=date(2025, 2, 1), condition="intact")
    InspectionFactory(marker=a, inspected_on=date(2025, 9, 1), condition="intact")
    InspectionFactory(marker=b, inspected_on=date(2025, 3, 1), condition="damaged")
    InspectionFactory(marker=b, inspected_on=date(2025, 8, 1), condition="repaired")
    InspectionFactory(marker=c, inspected_on=date(2025, 12, 31), condition="destroyed")
    InspectionFactory(marker=d, inspected_on=date(2024, 12, 31), condition="damaged")
    open_gate, closed_gate = GateFactory(status="open"), GateFactory(status="closed")
    GateStatusChange.objects.create(gate=closed_gate, changed_on=date(2025, 4, 1), status="closed")
    GateStatusChange.objects.create(gate=open_gate, changed_on=date(2024, 4, 1), status="open")
    IncidentFactory(kind="land", occurred_on=date(2025, 1, 1))
    IncidentFactory(kind="fishermen_held", occurred_on=date(2025, 5, 5), status="resolved")
    IncidentFactory(kind="fishermen_held", occurred_on=date(2025, 7, 5), status="handling")
    IncidentFactory(kind="iuu", occurred_on=date(2026, 1, 1))
    ExchangeFactory(held_on=date(2025, 6, 1))
    GateCrossing.objects.create(gate=open_gate, month=date(2025, 3, 1), people=1000, vehicles=250)
    GateCrossing.objects.create(
        gate=closed_gate, month=date(2025, 3, 20), people=500, goods_value_usd=Decimal("1500000")
    )
    GateCrossing.objects.create(gate=open_gate, month=date(2024, 12, 1), people=9999)
    ExchangeFactory(held_on=date(2024, 6, 1))


def test_report_figures_equal_the_hand_count(fixture_year):
    figures = reports.compute(YEAR)
    assert figures == {
        "markers_inspected": 3,  # a (twice), b, c; d was inspected in 2024
        "inspections": 5,
        "markers_damaged": 2,  # b (damaged), c (destroyed)
        "markers_repaired": 1,
        "gate_status_changes": 1,
        "gates_open": 1,
        "incidents": 3,
        "open_incidents": 2,
        "commune_activities": 1,
        "crossings": {"people": 1500, "vehicles": 250, "goods_value_usd": 1500000.0},
        "by_kind": [
            {"key": "fishermen_held", "label": figures["by_kind"][0]["label"], "incidents": 2},
            {"key": "land", "label": figures["by_kind"][1]["label"], "incidents": 1},
        ],
    }


@pytest.mark.parametrize(
    "path",
    [
        "markers_inspected",
        "inspections",
        "markers_damaged",
        "markers_repaired",
        "incidents",
        "by_kind.fishermen_held.incidents",
        "commune_activities",
    ],
)
def test_every_linked_figure_lists_exactly_its_records(fixture_year, path):
    figures = reports.compute(YEAR)
    url = reports.link(YEAR, path)
    base, _sep, query = url.partition("?")
    rt = next(rt for rt in registry.all() if rt.url("list") == base)
    rows = filterset_for(rt)(data=QueryDict(query), queryset=rt.model.objects.all()).qs.count()
    value = figures
    for part in path.split("."):
        value = (
            next(r for r in value if r["key"] == part) if isinstance(value, list) else value[part]
        )
    assert rows == value, path


def test_the_narrative_speaks_as_the_field_writes(fixture_year):
    text = " ".join(reports.narrative(reports.compute(YEAR)))
    assert "Phối hợp kiểm tra 03 mốc quốc giới (05 lượt kiểm tra)" in text
    assert "phát hiện 02 mốc bị hư hỏng; 01 mốc đã được sửa chữa, khôi phục" in text
    assert "Xảy ra 03 vụ việc, sự cố biên giới" in text
    assert "trong đó 02 vụ đang xử lý" in text
    assert "1.500 lượt người, 250 lượt phương tiện" in text
    empty = reports.narrative(reports.compute(Period(date(2000, 1, 1), date(2000, 12, 31))))
    assert "Trong kỳ không xảy ra sự cố biên giới." in empty


def test_a_marker_number_is_unique_per_neighbouring_country():
    MarkerFactory(number="123(2)", country_id="LA")
    MarkerFactory(number="123(2)", country_id="KH")
    with pytest.raises(IntegrityError), transaction.atomic():
        MarkerFactory(number="123(2)", country_id="LA")
    assert BorderMarker.objects.filter(number="123(2)").count() == 2


def test_the_map_of_markers_is_drawn_without_tiles(client_as):
    MarkerFactory(number="999(1)")
    client = client_as(R.READONLY)
    response = client.get(registry.get("border.bordermarker").url("map"))
    assert response.status_code == 200
    assert "999(1)" in response.content.decode()


def test_the_demo_seeds_the_nghe_an_gates_once(settings):
    import random

    from doingoai.border.demo import seed_border
    from doingoai.border.models import BorderGate, BorderIncident

    settings.PROVINCE_CODE = 40
    today = date(2026, 6, 30)
    seed_border(random.Random("doingoai-border"), 1, today)
    seed_border(random.Random("doingoai-border"), 1, today)
    gates = dict(BorderGate.objects.values_list("name", "level"))
    assert gates == {"Nậm Cắn": "international", "Thanh Thủy": "main"}
    assert BorderGate.objects.get(name="Nậm Cắn").status_changes.count() == 2
    assert BorderMarker.objects.count() == 36
    assert BorderMarker.objects.filter(last_inspected_on__isnull=True).count() == 0
    assert BorderIncident.objects.filter(kind="fishermen_held").count() == 3
    assert GateCrossing.objects.filter(month=date(2025, 3, 1)).count() == 2  # both gates
    assert BorderIncident.objects.exclude(latitude=None).count() == BorderIncident.objects.count()
    assert reports.compute(Period(date(2025, 1, 1), date(2025, 12, 31)))["markers_inspected"] == 36


def test_the_inbox_lists_damaged_markers_and_incidents_open_too_long(role_user):
    from doingoai.border.tasks import border_tasks

    damaged = MarkerFactory(condition="damaged")
    MarkerFactory(condition="repaired")
    old = IncidentFactory(occurred_on=date(2020, 1, 1), status="handling")
    IncidentFactory(occurred_on=date(2020, 1, 1), status="resolved")
    titles = {t.title for t in border_tasks(role_user(R.SPECIALIST))}
    assert titles == {str(damaged), str(old)}
    assert border_tasks(role_user(R.AGENCY)) == []


def test_the_inbox_reads_only_what_a_task_shows(role_user):
    """Links, notes and dates as before, one query per kind whatever the rows, and no join of
    the list's country and communes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.border.tasks import border_tasks

    user = role_user(R.SPECIALIST)
    damaged = [MarkerFactory(condition="damaged") for _ in range(3)]
    old = IncidentFactory(occurred_on=date(2020, 1, 1), status="handling")
    border_tasks(user)
    with CaptureQueriesContext(connection) as few:
        tasks = {t.title: t for t in border_tasks(user)}
    assert tasks[str(old)].url == old.get_absolute_url()
    assert tasks[str(old)].note == old.get_status_display()
    assert tasks[str(damaged[0])].url == damaged[0].get_absolute_url()
    assert tasks[str(damaged[0])].note == damaged[0].get_condition_display()
    for _ in range(5):
        MarkerFactory(condition="destroyed")
        IncidentFactory(occurred_on=date(2020, 1, 2), status="reported")
    with CaptureQueriesContext(connection) as many:
        assert len(border_tasks(user)) == 3 + 5 + 1 + 5
    assert len(many) == len(few)
    assert not [q for q in many.captured_queries if " JOIN " in q["sql"]]


def test_a_commune_enters_its_own_activities_only(role_user):
    from tests.factories import OrganisationFactory

    rt = registry.get("border.communeexchange")
    commune_office = OrganisationFactory(name="UBND xã Nậm Cắn")
    user = role_user(R.AGENCY, organisation=commune_office)
    mine = ExchangeFactory(agency=commune_office)
    ExchangeFactory()
    assert list(rt.visible_to(user)) == [mine]


def test_a_gate_is_entered_with_its_openings_and_closures(client_as):
    """Through the page: the gate and two entries of its history in one form; the status
    follows the latest entry; the detail shows the history."""
    rt = registry.get("border.bordergate")
    client = client_as(R.ADMIN)
    assert client.get(rt.url("add")).status_code == 200
    prefix = "status_changes"
    response = client.post(
        rt.url("add"),
        {
            "name": "Cửa khẩu Thử",
            "level": "secondary",
            "country": "LA",
            "counterpart": "Cửa khẩu đối diện",
            "latitude": "19°24'54\"N",
            "longitude": "104 00 14 Đ",
            "status": "open",
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-changed_on": "28/03/2020",
            f"{prefix}-0-status": "closed",
            f"{prefix}-0-reason": "Phòng, chống dịch",
            f"{prefix}-1-changed_on": "01/07/2019",
            f"{prefix}-1-status": "open",
            "crossings-TOTAL_FORMS": "1",
            "crossings-INITIAL_FORMS": "0",
            "crossings-MIN_NUM_FORMS": "0",
            "crossings-MAX_NUM_FORMS": "1000",
            "crossings-0-month": "15/03/2025",
            "crossings-0-people": "1.234",
            "crossings-0-vehicles": "56",
            "crossings-0-goods_value_usd": "2.500.000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gate = BorderGate.objects.get(name="Cửa khẩu Thử")
    assert gate.status == "closed"
    assert gate.latitude == Decimal("19.415000")
    assert list(gate.status_changes.values_list("changed_on", flat=True)) == [
        date(2020, 3, 28),
        date(2019, 7, 1),
    ]
    crossing = gate.crossings.get()
    assert (crossing.month, crossing.people, crossing.goods_value_usd) == (
        date(2025, 3, 1),
        1234,
        Decimal("2500000"),
    )
    page = client.get(rt.url("detail", gate.pk)).content.decode()
    assert "28/03/2020" in page and "Phòng, chống dịch" in page
    assert "03/2025" in page and "1.234" in page


def test_the_add_inspection_link_names_the_marker(client_as):
    marker = MarkerFactory()
    client = client_as(R.ADMIN)
    page = client.get(registry.get("border.bordermarker").url("detail", marker.pk)).content
    add = registry.get("border.markerinspection").url("add") + f"?marker={marker.pk}"
    assert add in page.decode()
    form = client.get(add).content.decode()
    assert f'value="{marker.pk}" selected' in form


def test_turned_off_the_module_leaves_the_menu_and_the_inbox(role_user, settings):
    user = role_user(R.SPECIALIST)
    damaged = MarkerFactory(condition="damaged")
    from doingoai.border.tasks import border_tasks

    assert "border" in {entry["area"].slug for entry in registry.menu(user)}
    assert [t.title for t in border_tasks(user)] == [str(damaged)]
    settings.BORDER_ENABLED = False
    assert "border" not in {entry["area"].slug for entry in registry.menu(user)}
    assert border_tasks(user) == []


def test_the_report_shows_the_border_section_with_linked_figures(fixture_year, client_as):
    client = client_as(R.LEADER)
    html = client.get("/reports/builder/?kind=year&year=2025").content.decode()
    assert 'data-path="border.markers_inspected"' in html
    assert reports.link(YEAR, "markers_inspected").replace("&", "&amp;") in html
    assert "Phối hợp kiểm tra 03 mốc quốc giới" in html
    docx = client.get("/reports/builder/download/docx/?kind=year&year=2025")
    assert docx.status_code == 200


def test_the_section_takes_six_queries_whatever_the_rows(fixture_year, django_assert_num_queries):
    with django_assert_num_queries(6):
        reports.compute(YEAR)
    for _ in range(30):
        InspectionFactory(inspected_on=date(2025, 5, 5), condition="damaged")
        IncidentFactory(occurred_on=date(2025, 5, 5), kind="iuu")
        ExchangeFactory(held_on=date(2025, 5, 5))
    with django_assert_num_queries(6):
        figures = reports.compute(YEAR)
    assert figures["incidents"] == 33 and figures["markers_damaged"] == 32
