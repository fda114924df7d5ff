"""A record map in a real Chromium, without internet: Leaflet served by the application draws
the located records of the list on a plain background; a point opens its record."""

from __future__ import annotations

from decimal import Decimal

from doingoai.core import roles as R
from doingoai.core.registry import registry
from tests.contract_app.factories import TrialActivityFactory
from tests.factories import make_user


def test_map_draws_points_and_links_to_records(page, site, login, artifacts):
    rt = registry.get("contract_app.trialactivity")
    TrialActivityFactory(title="Mốc 405", latitude=Decimal("19.3541"), longitude=Decimal("104.2"))
    TrialActivityFactory(
        title="Cửa khẩu Nậm Cắn", latitude=Decimal("19.42"), longitude=Decimal("104.14")
    )
    TrialActivityFactory(
        title="Cửa khẩu Thanh Thủy", latitude=Decimal("18.76"), longitude=Decimal("104.98")
    )
    login(make_user(R.SPECIALIST, username="cv-ban-do"), rt.url("map"))
    page.wait_for_selector(".leaflet-interactive")
    assert page.locator("path.leaflet-interactive[stroke='#0d6efd']").count() == 3
    assert "3 hồ sơ có tọa độ" in page.locator("#map-count").inner_text()
    page.screenshot(path=artifacts / "record-map.png", full_page=True)
    page.locator("path.leaflet-interactive[stroke='#0d6efd']").first.click(force=True)
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_load_state("networkidle")
    assert "/contract_app/trial-activities/" in page.url
