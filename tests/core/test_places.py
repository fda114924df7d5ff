"""Places: coordinates typed as decimal degrees or degrees-minutes-seconds on every channel,
refused with a clear message when wrong, and drawn on a map page without internet."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.forms import form_for
from doingoai.core.places import parse_coordinate
from doingoai.core.registry import registry
from tests.contract_app.factories import TrialActivityFactory

TRIAL = registry.get("contract_app.trialactivity")


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("18.6796", "lat", "18.679600"),
        ("18,6796", "lat", "18.679600"),
        ("18°40'46\"N", "lat", "18.679444"),
        ("18° 40′ 46.5″ B", "lat", "18.679583"),
        ("105 41 30 Đ", "lon", "105.691667"),
        ("105°41'30\"E", "lon", "105.691667"),
        ("33°51'S", "lat", "-33.850000"),
        ("-74.0060", "lon", "-74.006000"),
    ],
)
def test_coordinates_are_read_as_typed(text, axis, expected):
    assert parse_coordinate(text, axis) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "axis"),
    [("91", "lat"), ("181", "lon"), ("18°75'N", "lat"), ("105°E", "lat"), ("phía bắc", "lat")],
)
def test_wrong_coordinates_are_refused_in_vietnamese(text, axis):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        parse_coordinate(text, axis)
    message = " ".join(refused.value.messages)
    assert "vĩ độ" in message or "kinh độ" in message or "phút" in message, message


@pytest.mark.django_db
def test_form_and_import_take_degrees_minutes_seconds(client_as):
    client = client_as(R.ADMIN)
    form = form_for(TRIAL)(
        data={
            "title": "Khảo sát mốc",
            "held_on": "01/07/2025",
            "amount": "0",
            "currency": "VND",
            "latitude": "18°40'46\"N",
            "longitude": "105 41 30 Đ",
        },
        user=client.user,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["latitude"], form.cleaned_data["longitude"]) == (
        Decimal("18.679444"),
        Decimal("105.691667"),
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Tiêu đề", "Ngày tổ chức", "Vĩ độ", "Kinh độ"])
    sheet.append(["Hoạt động A", "01/07/2025", "18°40'46\"N", "105.6813"])
    sheet.append(["Hoạt động B", "02/07/2025", "95°N", "105.6813"])
    data = io.BytesIO()
    book.save(data)
    plan = record_io.plan_import(TRIAL, data.getvalue(), client.user)
    assert plan.rows[0].errors == [] and plan.rows[0].obj.latitude == Decimal("18.679444")
    assert plan.rows[1].errors and plan.rows[1].errors[0].row == 3


@pytest.mark.django_db
def test_map_page_draws_the_filtered_records_without_tiles(client_as, settings):
    settings.MAP_TILES_URL = ""
    client = client_as(R.ADMIN)
    located = TrialActivityFactory(title="Mốc 405")
    TrialActivityFactory(title="Chưa định vị", latitude=None, longitude=None)
    page = client.get(TRIAL.url("map"))
    assert page.status_code == 200
    html = page.content.decode()
    points = json.loads(html.split('id="map-points" type="application/json">')[1].split("<")[0])
    assert [p["title"] for p in points] == ["Mốc 405"]
    assert points[0]["url"] == TRIAL.url("detail", located.pk)
    assert "leaflet/leaflet.js" in html and "tile" not in page["Content-Security-Policy"]
    assert client.get(registry.get("core.person").url("map")).status_code == 404
