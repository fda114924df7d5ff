"""The border markers map in a real Chromium with no network: the demo markers of Nghệ An
are drawn on a plain background, the map follows the list's filter (damaged markers), and a
marker's popup opens its page. Nothing is fetched from outside the application."""

from __future__ import annotations

import random
from datetime import date

from doingoai.border.demo import seed_border
from doingoai.border.models import BorderMarker
from doingoai.core import roles as R
from doingoai.core.registry import registry
from tests.factories import make_user

POINT = "path.leaflet-interactive"


def test_markers_map_offline_filter_and_popup(page, site, login, artifacts, settings):
    settings.PROVINCE_CODE = 40
    settings.MAP_TILES_URL = ""
    seed_border(random.Random("doingoai-border"), 1, date(2026, 6, 30))
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(site.url) else outside.append(request.url),
    )
    rt = registry.get("border.bordermarker")
    login(make_user(R.SPECIALIST, username="cv-bien-gioi"), rt.url("map"))
    page.wait_for_selector(POINT)
    total = BorderMarker.objects.exclude(latitude=None).count()
    assert page.locator(POINT).count() == total
    page.screenshot(path=artifacts / "border-markers-map.png", full_page=True)

    damaged = BorderMarker.objects.filter(condition="damaged")
    assert damaged.exists()
    page.goto(f"{site.url}{rt.url('map')}?condition=damaged")
    page.wait_for_selector(POINT)
    assert page.locator(POINT).count() == damaged.count()
    page.screenshot(path=artifacts / "border-markers-damaged.png", full_page=True)

    page.locator(POINT).first.click(force=True)
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_load_state("networkidle")
    assert "/border/markers/" in page.url
    opened = BorderMarker.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[-1])
    assert opened.condition == "damaged"
    assert page.locator("#inspections-table").is_visible()
    page.screenshot(path=artifacts / "border-marker-detail.png", full_page=True)
    assert outside == []
