"""The border map in a real Chromium with no network at all (every request that is not to
the application at 127.0.0.1 is aborted): the demo markers of Nghệ An, coloured by their
condition, with the gates, the incidents and the province's approximate outline on a plain
background; filtered to the damaged markers; a marker's popup opens its page. Also the
generic markers map (core) with the same colours, following the list's filter."""

from __future__ import annotations

import random
from datetime import date
from urllib.parse import urlparse

from doingoai.border.demo import seed_border
from doingoai.border.mapstyle import MARKER_COLOURS
from doingoai.border.models import BorderGate, BorderIncident, BorderMarker
from doingoai.core import roles as R
from doingoai.core.registry import registry
from tests.factories import make_user

MARKER = "path.map-point-marker"


def _offline(page, site):  # noqa: ANN001, ANN202
    """Abort every request that does not go to the live server on 127.0.0.1."""
    outside: list[str] = []
    host = urlparse(site.url).hostname

    def route(route):  # noqa: ANN001, ANN202
        if urlparse(route.request.url).hostname in (host, "127.0.0.1"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", route)
    return outside


def _seed(settings) -> None:  # noqa: ANN001
    settings.PROVINCE_CODE = 40
    settings.MAP_TILES_URL = ""
    settings.MAP_OUTLINE_PATH = ""
    seed_border(random.Random("doingoai-border"), 1, date(2026, 6, 30))


def test_border_map_offline_filter_to_damaged_and_open_a_marker(
    page, site, login, artifacts, settings
):
    _seed(settings)
    outside = _offline(page, site)
    login(make_user(R.SPECIALIST, username="cv-bien-gioi"), "/border/map/")
    page.wait_for_selector(MARKER)
    located = BorderMarker.objects.exclude(latitude=None)
    assert page.locator(MARKER).count() == located.count() == 36
    assert page.locator("path.map-point-gate").count() == BorderGate.objects.count() == 2
    assert page.locator("path.map-point-incident").count() == BorderIncident.objects.count()
    assert page.locator("path.map-outline").count() == 1  # the province, without tiles
    legend = page.locator("#map-legend").inner_text()
    assert legend.splitlines()[:2] == ["Mốc: nguyên vẹn", "Mốc: hư hỏng"], legend
    assert "Cửa khẩu: đang hoạt động" in legend and "Vụ việc đang xử lý" in legend, legend
    assert "gần đúng" in page.locator("#outline-note").inner_text()
    assert "Bản đồ biên giới" in page.locator("h1").inner_text()
    page.screenshot(path=artifacts / "border-map.png", full_page=True)

    damaged = BorderMarker.objects.filter(condition="damaged")
    assert damaged.exists()
    page.select_option("#id_condition", "damaged")
    page.click("#map-filter")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(MARKER)
    assert page.locator(MARKER).count() == damaged.count()
    colour = MARKER_COLOURS["damaged"]
    assert page.locator(f"{MARKER}[stroke='{colour}']").count() == damaged.count()
    assert "condition=damaged" in page.url
    page.screenshot(path=artifacts / "border-map-damaged.png", full_page=True)

    page.locator(MARKER).first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    assert "Tình trạng: hư hỏng" in popup.inner_text()
    popup.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "/border/markers/" in page.url
    opened = BorderMarker.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[-1])
    assert opened.condition == "damaged"
    assert page.locator("#inspections-table").is_visible()
    assert page.locator("#generate-marker-report").is_visible()
    page.screenshot(path=artifacts / "border-marker-detail.png", full_page=True)
    assert outside == []


def test_markers_map_of_the_list_is_coloured_and_follows_its_filter(
    page, site, login, artifacts, settings
):
    _seed(settings)
    outside = _offline(page, site)
    rt = registry.get("border.bordermarker")
    login(make_user(R.SPECIALIST, username="cv-bien-gioi-2"), f"{rt.url('map')}?condition=damaged")
    page.wait_for_selector(MARKER)
    damaged = BorderMarker.objects.filter(condition="damaged").count()
    assert page.locator(f"{MARKER}[stroke='{MARKER_COLOURS['damaged']}']").count() == damaged
    page.screenshot(path=artifacts / "border-markers-map.png", full_page=True)

    # the other border pages as a civil servant sees them
    gate = BorderGate.objects.get(name="Nậm Cắn")
    incident = BorderIncident.objects.filter(kind="fishermen_held").order_by("occurred_on").first()
    pages = {
        "border-markers-list": rt.url("list") + "?condition=damaged",
        "border-gate-detail": gate.get_absolute_url(),
        "border-incident-detail": incident.get_absolute_url(),
        "border-incidents-list": registry.get("border.borderincident").url("list"),
    }
    for name, url in pages.items():
        page.goto(f"{site.url}{url}")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").is_visible(), name
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    page.goto(f"{site.url}{gate.get_absolute_url()}")
    assert "28/03/2020" in page.locator("#status-changes-table").inner_text()
    assert outside == []
