"""A marker's coordinates typed in degrees-minutes-seconds and in decimal degrees give the
same point (property test); a wrong coordinate is refused with a Vietnamese message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.core.forms import form_for
from doingoai.core.registry import registry


def _fields():  # noqa: ANN202
    form = form_for(registry.get("border.bordermarker"))
    return form.base_fields["latitude"], form.base_fields["longitude"]


@settings(deadline=None)  # the first example builds the form class
@given(
    axis=st.sampled_from(["lat", "lon"]),
    degrees=st.integers(0, 89),
    minutes=st.integers(0, 59),
    seconds=st.integers(0, 59),
    letter=st.booleans(),
    style=st.sampled_from(["{d}°{m}'{s}\"{h}", "{d} {m} {s} {h}", "{d}°{m}′{s}″ {h}"]),
)
def test_dms_and_decimal_give_the_same_point(axis, degrees, minutes, seconds, letter, style):
    """Points of Vietnam's borders: north and east, written with the English or the
    Vietnamese letter (B = Bắc, Đ = Đông)."""
    latitude, longitude = _fields()
    field = latitude if axis == "lat" else longitude
    hemisphere = {("lat", False): "N", ("lat", True): "B", ("lon", False): "E", ("lon", True): "Đ"}
    dms = style.format(d=degrees, m=minutes, s=seconds, h=hemisphere[axis, letter])
    value = Decimal(degrees) + Decimal(minutes) / 60 + Decimal(seconds) / 3600
    decimal = f"{value:.6f}"
    assert field.clean(dms) == field.clean(decimal) == Decimal(decimal)


@pytest.mark.parametrize(
    ("text", "axis"), [("95°10'00\"N", "lat"), ("105°61'00\"E", "lon"), ("mốc 12", "lat")]
)
def test_a_wrong_coordinate_is_refused_in_vietnamese(text, axis):
    latitude, longitude = _fields()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        (latitude if axis == "lat" else longitude).clean(text)
    message = " ".join(refused.value.messages)
    assert "vĩ độ" in message or "kinh độ" in message or "phút" in message, message


def test_south_written_after_spaced_seconds_is_south():
    latitude, _longitude = _fields()
    assert latitude.clean("18 4 29 S") == Decimal("-18.074722")
