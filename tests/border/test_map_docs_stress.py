"""Border module, issue 16 remainder: the map (points coloured by condition and status,
incidents, filters by segment and condition, the province's outline without tiles), the
Decree 30 documents, report figures after a deletion and a restoration, stress data, and
links to citizen-protection cases by key."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from doingoai.border import reports
from doingoai.border.documents import damage_report_docx, incident_report_docx
from doingoai.border.models import BorderIncident, BorderMarker, MarkerInspection
from doingoai.core import places, services
from doingoai.core import roles as R
from doingoai.core.places import format_dms as dms
from doingoai.core.places import parse_coordinate
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from tests.border.factories import GateFactory, IncidentFactory, MarkerFactory

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
MARKERS = registry.get("border.bordermarker")


def _inspect(marker, day, condition, user=None):  # noqa: ANN001, ANN202
    rt = registry.get("border.markerinspection")
    inspection = rt.model(marker=marker, inspected_on=day, condition=condition, inspector="Đồn BP")
    return services.record_save(rt=rt, obj=inspection, user=user)


# --- the map -------------------------------------------------------------------------------


def test_map_points_are_coloured_by_condition_and_status():
    intact = MarkerFactory(condition="intact")
    damaged = MarkerFactory(condition="damaged")
    points = {p["title"]: p for p in places.map_points(MARKERS, BorderMarker.objects.all())}
    assert points[str(intact)]["color"] != points[str(damaged)]["color"]
    assert points[str(damaged)]["kind"] == "marker"
    assert points[str(damaged)]["category"] == "Mốc: hư hỏng"
    gates = registry.get("border.bordergate")
    open_gate, closed = GateFactory(status="open"), GateFactory(status="closed")
    gate_points = {p["title"]: p for p in places.map_points(gates, gates.model.objects.all())}
    assert gate_points[str(open_gate)]["color"] != gate_points[str(closed)]["color"]
    assert gate_points[str(closed)]["category"] == "Cửa khẩu: tạm dừng hoạt động"


def test_a_type_without_the_hook_keeps_the_plain_point():
    from tests.contract_app.factories import TrialActivityFactory

    rt = registry.get("contract_app.trialactivity")
    TrialActivityFactory(latitude=Decimal("19.1"), longitude=Decimal("104.2"))
    [point] = places.map_points(rt, rt.model.objects.all())
    assert set(point) == {"lat", "lon", "title", "url"}


def _json(page: str, element: str):  # noqa: ANN202
    """The data of a json_script element of the page (None when absent)."""
    if f'id="{element}"' not in page:
        return None
    start = page.index(f'id="{element}"')
    return json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])


def _map(client, **query):  # noqa: ANN001, ANN003, ANN202
    response = client.get("/border/map/", query)
    assert response.status_code == 200
    page = response.content.decode()
    return page, _json(page, "map-points")


def test_the_border_map_shows_markers_gates_and_incidents_filtered(client_as, settings):
    settings.PROVINCE_CODE = 40
    settings.MAP_OUTLINE_PATH = ""
    a = MarkerFactory(segment="Đoạn A", condition="damaged")
    MarkerFactory(segment="Đoạn A", condition="intact")
    c = MarkerFactory(segment="Đoạn B", condition="destroyed")
    MarkerFactory(segment="Đoạn B", latitude=None, longitude=None)  # not located: not drawn
    GateFactory(status="restricted")
    IncidentFactory(latitude=Decimal("19.2"), longitude=Decimal("105.9"), status="handling")
    IncidentFactory(latitude=None, longitude=None)
    client = client_as(R.READONLY)
    page, points = _map(client)
    kinds = [p["kind"] for p in points]
    assert (kinds.count("marker"), kinds.count("gate"), kinds.count("incident")) == (3, 1, 1)
    assert _json(page, "map-outline")["features"][0]["properties"]["name"] == "Tỉnh Nghệ An"
    assert "gần đúng" in page  # the shipped outline says it is approximate
    _page, points = _map(client, segment="Đoạn A", condition="damaged", show="markers")
    assert [p["title"] for p in points] == [str(a)]
    _page, points = _map(client, condition="needs_repair", show="markers")
    assert {p["title"] for p in points} == {str(a), str(c)}
    _page, points = _map(client, show=["gates", "incidents"], incidents="open")
    assert sorted(p["kind"] for p in points) == ["gate", "incident"]
    _page, points = _map(client, segment="Đoạn B", condition="damaged", show="markers")
    assert points == []


def test_the_border_map_says_when_a_layer_is_cut(client_as, monkeypatch):
    from doingoai.border import views

    monkeypatch.setattr(views, "POINTS_PER_LAYER", 2)
    for _ in range(3):
        MarkerFactory()
    page, points = _map(client_as(R.READONLY), show="markers")
    assert len(points) == 2
    assert 'id="capped-note"' in page and "Chỉ vẽ 2 điểm đầu tiên" in page


def test_the_border_map_needs_the_permission_and_the_module(client_as, role_user, settings):
    assert client_as(R.AGENCY).get("/border/map/").status_code == 403
    user = role_user(R.SPECIALIST)
    items = [i["url"] for e in registry.menu(user) for i in e["items"]]
    assert "/border/map/" in items
    settings.BORDER_ENABLED = False
    items = [i["url"] for e in registry.menu(user) for i in e["items"]]
    assert "/border/map/" not in items


def test_the_outline_is_read_from_the_configured_file(settings, tmp_path, client_as):
    outline = {"type": "Feature", "properties": {"name": "Tỉnh Thử"}, "geometry": None}
    path = tmp_path / "outline.geojson"
    path.write_text(json.dumps(outline), encoding="utf-8")
    settings.MAP_OUTLINE_PATH = str(path)
    assert places.map_outline() == outline
    page = client_as(R.READONLY).get(MARKERS.url("map")).content.decode()
    assert _json(page, "map-outline") == outline  # the generic map draws it too
    path.write_text("not json", encoding="utf-8")
    settings.MAP_OUTLINE_PATH = str(tmp_path / "missing.geojson")
    assert places.map_outline() is None
    settings.MAP_OUTLINE_PATH = ""
    assert places.map_outline() is None  # no outline on a generic map unless configured
    settings.PROVINCE_CODE = 1
    from doingoai.border.views import province_outline

    assert province_outline() is None  # the shipped outline is Nghệ An's only


def test_the_shipped_outline_holds_the_demo_points(settings):
    """The approximate outline of Nghệ An contains every demo marker and gate."""
    from doingoai.border.demo import GATES, MARKERS_PER_COMMUNE, NGHE_AN_BORDER
    from doingoai.border.views import DEMO_OUTLINE

    ring = json.loads(DEMO_OUTLINE.read_text())["features"][0]["geometry"]["coordinates"][0]

    def inside(x: float, y: float) -> bool:
        result = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                result = not result
        return result

    for _name, lat, lon in NGHE_AN_BORDER:
        for k in range(MARKERS_PER_COMMUNE):
            assert inside(float(lon) + (k * 22 - 33) / 1000, float(lat) + (k * 30 - 45) / 1000)
    for *_rest, lat, lon in GATES:
        assert inside(float(lon), float(lat))


# --- DMS as the documents write it ----------------------------------------------------------


@hsettings(deadline=None)
@given(
    axis=st.sampled_from(["lat", "lon"]),
    value=st.decimals(min_value=-80, max_value=80, places=6, allow_nan=False),
)
def test_the_written_dms_reads_back_to_the_same_point(axis, value):
    """Within half a second of arc (about 15 m): the precision of written seconds."""
    back = parse_coordinate(dms(value, axis), axis)
    assert abs(back - value) <= Decimal(1) / 7200 + Decimal("0.000001")


# --- documents -----------------------------------------------------------------------------


def _text(data: bytes) -> str:
    import io

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_damaged_marker_report_in_the_national_format():
    marker = MarkerFactory(
        number="123(2)", latitude=Decimal("19.415"), longitude=Decimal("104.003889")
    )
    _inspect(marker, date(2025, 3, 1), "damaged")
    marker.refresh_from_db()
    name, data = damage_report_docx(marker)
    text = _text(data)
    assert name.startswith("bao-cao-moc-123")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO" in text and "mốc quốc giới số 123(2)" in text
    assert "19°24'54\" B, 104°00'14\" Đ" in text
    assert "01/03/2025" in text and "Hư hỏng" in text
    assert "khôi phục mốc quốc giới" in text
    assert "Nơi nhận:" in text


def test_the_incident_report_names_the_vessel_and_crew():
    incident = IncidentFactory(
        title="Tàu cá NA-90123-TS bị bắt giữ",
        kind="fishermen_held",
        vessel_name="NA-90123-TS",
        crew_count=8,
        held_by_id="CN",
        handling="Phối hợp cơ quan đại diện bảo hộ ngư dân",
        occurred_on=date(2025, 4, 2),
    )
    text = _text(incident_report_docx(incident)[1])
    assert "Về vụ việc: Tàu cá NA-90123-TS bị bắt giữ" in text
    assert "08" in text or "8 người" in text
    assert "02/04/2025" in text and "bảo hộ ngư dân" in text


def test_generating_a_document_attaches_it(client_as):
    from doingoai.core.models import Attachment

    marker = MarkerFactory(condition="damaged")
    incident = IncidentFactory()
    client = client_as(R.SPECIALIST)
    detail = client.get(MARKERS.url("detail", marker.pk)).content.decode()
    assert "generate-marker-report" in detail
    assert client.post(f"/border/documents/marker-damage/{marker.pk}/").status_code == 302
    assert client.post(f"/border/documents/incident/{incident.pk}/").status_code == 302
    assert Attachment.objects.count() == 2
    readonly = client_as(R.READONLY)
    assert readonly.post(f"/border/documents/incident/{incident.pk}/").status_code == 403
    assert client.post(f"/border/documents/other/{incident.pk}/").status_code == 403


# --- deletion and restoration ----------------------------------------------------------------


def test_report_figures_follow_a_deletion_and_a_restoration(role_user):
    admin = role_user(R.ADMIN)
    a, b = MarkerFactory(), MarkerFactory()
    _inspect(a, date(2025, 2, 1), "intact")
    wrong = _inspect(a, date(2025, 5, 1), "damaged", admin)
    _inspect(b, date(2025, 3, 1), "repaired")
    incident = IncidentFactory(kind="iuu", occurred_on=date(2025, 6, 1))
    IncidentFactory(kind="land", occurred_on=date(2025, 7, 1))
    before = reports.compute(YEAR)
    assert (before["markers_damaged"], before["inspections"], before["incidents"]) == (1, 3, 2)
    a.refresh_from_db()
    assert a.condition == "damaged"

    inspections = registry.get("border.markerinspection")
    services.record_delete(rt=inspections, obj=wrong, user=admin)
    services.record_delete(rt=registry.get("border.borderincident"), obj=incident, user=admin)
    after = reports.compute(YEAR)
    assert (after["markers_damaged"], after["inspections"], after["incidents"]) == (0, 2, 1)
    assert [r["key"] for r in after["by_kind"]] == ["land"]
    a.refresh_from_db()
    assert (a.condition, a.last_inspected_on) == ("intact", date(2025, 2, 1))

    for rt, pk in ((inspections, wrong.pk), (registry.get("border.borderincident"), incident.pk)):
        entry = rt.model.history.filter(id=pk).order_by("-history_id").first()
        services.record_restore(rt=rt, history_id=entry.history_id, user=admin)
    assert reports.compute(YEAR) == before
    a.refresh_from_db()
    assert (a.condition, a.last_inspected_on) == ("damaged", date(2025, 5, 1))


def test_a_deleted_marker_comes_back_with_its_inspections(role_user):
    admin = role_user(R.ADMIN)
    marker = MarkerFactory()
    _inspect(marker, date(2025, 2, 1), "destroyed")
    _inspect(marker, date(2025, 4, 1), "repaired")
    before = reports.compute(YEAR)
    marker.refresh_from_db()
    services.record_delete(rt=MARKERS, obj=marker, user=admin)
    assert reports.compute(YEAR)["markers_inspected"] == 0
    entry = BorderMarker.history.filter(id=marker.pk).order_by("-history_id").first()
    services.record_restore(rt=MARKERS, history_id=entry.history_id, user=admin)
    assert reports.compute(YEAR) == before
    assert BorderMarker.objects.get(pk=marker.pk).condition == "repaired"


# --- stress data ------------------------------------------------------------------------------


def test_the_stress_generator_writes_consistent_rows_in_bulk(django_assert_max_num_queries):
    from doingoai.border.stress import generate
    from doingoai.core.stress import stress_generators

    assert "border" in {g.name for g in stress_generators()}
    with django_assert_max_num_queries(40):
        written = generate(random.Random(1), 0.01)
    assert written["border.bordermarker"] == 50
    assert written["border.markerinspection"] == 500
    assert written["border.borderincident"] == 200
    assert MarkerInspection.objects.count() == 500
    for marker in BorderMarker.objects.all()[:10]:
        latest = marker.inspections.order_by("-inspected_on").first()
        assert (marker.condition, marker.last_inspected_on) == (
            latest.condition,
            latest.inspected_on,
        )
    assert BorderIncident.objects.exclude(search_text="").count() == 200
    assert reports.compute(Period(date(2016, 1, 1), date(2026, 12, 31)))["incidents"] == 200


# --- links to citizen-protection cases --------------------------------------------------------


def test_incidents_link_to_protection_cases_by_key_by_key():
    from doingoai.core.checks import check_record_type_declarations
    from doingoai.core.links import may_link

    incidents = registry.get("border.borderincident")
    assert "consular.consularcase" in incidents.links_to

    class Case:  # what the consular module will register, seen through its key only
        key = "consular.consularcase"
        links_to: list[str] = []

    assert may_link(incidents, Case()) and may_link(Case(), incidents)
    problems = [e for e in check_record_type_declarations() if "consular.consularcase" in e.msg]
    assert all(e.level < 40 for e in problems)  # a warning at most, never an error


def test_the_incident_page_explains_the_protection_link(client_as):
    incident = IncidentFactory(kind="fishermen_held")
    page = client_as(R.SPECIALIST).get(incident.get_absolute_url()).content.decode()
    assert 'id="protection-note"' in page and "generate-incident-report" in page


def test_a_marker_page_shows_its_coordinates_whole_and_in_dms(client_as):
    """Not rounded to two decimals (about a kilometre): six decimals and the DMS."""
    marker = MarkerFactory(latitude=Decimal("19.415"), longitude=Decimal("104.003889"))
    page = client_as(R.READONLY).get(MARKERS.url("detail", marker.pk)).content.decode()
    assert "19,415000 (19°24&#x27;54&quot; B)" in page or "19,415000 (19°24'54\" B)" in page
    assert "104,003889" in page


def test_the_marker_page_counts_each_inspections_photos_without_a_query_per_row(client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    marker = MarkerFactory()
    first = _inspect(marker, date(2025, 2, 1), "damaged")
    services.attachment_add_bytes(obj=first, name="anh-moc-1.jpg", data=b"x", user=None)
    services.attachment_add_bytes(obj=first, name="anh-moc-2.jpg", data=b"y", user=None)
    client = client_as(R.READONLY)
    url = MARKERS.url("detail", marker.pk)
    client.get(url)  # first request: session, settings row, caches
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert 'bi-paperclip"></i> 2' in page
    for month in range(3, 12):
        _inspect(marker, date(2025, month, 1), "intact")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
