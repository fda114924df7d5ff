"""Places: coordinates in WGS84 decimal degrees, entered also as degrees-minutes-seconds
("18°40'46\"N", "105 41 30 Đ"), validated with a clear message, on every channel (forms,
imports, the API); and the points a map page draws (core/templates/core/record_map.html,
Leaflet served by the application, tiles only from ``DOINGOAI_MAP_TILES_URL`` when set).

A record type with a place declares two fields made by ``latitude_field`` and
``longitude_field`` and names them in ``RecordType.map_fields``; its list then has a map.
Optionally it defines ``map_point(self, obj) -> dict`` returning what styles the record's
point: ``color`` (CSS colour), ``category`` (the legend's label for that colour), ``kind``
(a short key, drawn as the point's CSS class ``map-point-<kind>``), ``radius``, ``rank`` (the
legend's order), ``detail`` (a line under the title in the popup) and ``label`` (the text of
the permanent label drawn when the map has few points; "" for none, the title on hover); a
type without it keeps the default blue point.

Maps also draw the province's outline when ``DOINGOAI_MAP_OUTLINE`` names a GeoJSON file
(``map_outline``), so that an intranet without tiles still shows where the points lie.
"""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_HEMISPHERES = {
    "N": 1,
    "B": 1,  # Bắc
    "S": -1,
    "NAM": -1,
    "E": 1,
    "Đ": 1,  # Đông
    "D": 1,
    "W": -1,
    "T": -1,  # Tây
}
_DMS = re.compile(
    r"^\s*(?P<deg>-?\d+(?:[.,]\d+)?)\s*(?:°|º|d|\s)\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*(?:'|′|\s)\s*)?"
    r"(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:\"|″|'')?\s*)?"
    r"(?P<hemi>[NSEWBĐDT]|NAM)?\s*$",
    re.IGNORECASE,
)


def parse_coordinate(value: Any, axis: str) -> Decimal | None:
    """A latitude (``axis="lat"``) or longitude (``"lon"``) from decimal degrees ("18.6796",
    "18,6796") or degrees-minutes-seconds; None for an empty value; ValidationError in
    Vietnamese otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    limit = 90 if axis == "lat" else 180
    name = _("latitude") if axis == "lat" else _("longitude")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = str(value).strip().upper().replace("Đ", "Đ")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            match = _DMS.match(text)
            if not match:
                raise ValidationError(
                    _(
                        "“%(value)s” is not a %(name)s: write decimal degrees (18.6796) or "
                        "degrees, minutes, seconds (18°40'46\"N)."
                    )
                    % {"value": value, "name": name}
                ) from None
            parts = [Decimal((match[g] or "0").replace(",", ".")) for g in ("deg", "min", "sec")]
            if parts[1] >= 60 or parts[2] >= 60:
                raise ValidationError(
                    _("“%(value)s”: minutes and seconds are below 60.") % {"value": value}
                ) from None
            sign = -1 if parts[0] < 0 else 1
            number = abs(parts[0]) + parts[1] / 60 + parts[2] / 3600
            hemi = (match["hemi"] or "").upper()
            if hemi:
                if (axis == "lat") != (hemi in ("N", "S", "B", "NAM")):
                    raise ValidationError(
                        _("“%(value)s”: that direction does not fit a %(name)s.")
                        % {"value": value, "name": name}
                    ) from None
                sign = _HEMISPHERES[hemi]
            number = sign * number
    if not -limit <= number <= limit:
        raise ValidationError(
            _("A %(name)s lies between -%(limit)s and %(limit)s degrees; “%(value)s” does not.")
            % {"name": name, "limit": limit, "value": value}
        )
    return number.quantize(Decimal("0.000001"))


class CoordinateFormField(forms.CharField):
    """A text input that reads decimal degrees or degrees-minutes-seconds."""

    def __init__(self, *, axis: str, **kwargs: Any) -> None:
        self.axis = axis
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "18.679600 / 18°40'46\"N")

    def to_python(self, value: Any) -> Decimal | None:
        return parse_coordinate(value, self.axis)

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else str(value)


class CoordinateField(models.DecimalField):
    """A latitude or longitude in decimal degrees (WGS84), 6 decimals (about 0.1 m)."""

    def __init__(self, *args: Any, axis: str = "lat", **kwargs: Any) -> None:
        self.axis = axis
        limit = 90 if axis == "lat" else 180
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MinValueValidator(-limit), MaxValueValidator(limit)])
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # noqa: ANN201
        name, path, args, kwargs = super().deconstruct()
        kwargs["axis"] = self.axis
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            return parse_coordinate(value, self.axis)
        return super().to_python(value)

    def import_value(self, value: Any) -> Decimal | None:
        """A spreadsheet cell, as typed (decimal degrees or degrees-minutes-seconds)."""
        return parse_coordinate(value, self.axis)

    def formfield(self, **kwargs: Any) -> forms.Field:
        kwargs["form_class"] = CoordinateFormField
        kwargs["axis"] = self.axis
        return models.Field.formfield(self, **kwargs)


def latitude_field(verbose_name: Any = None, **kwargs: Any) -> CoordinateField:
    return CoordinateField(verbose_name or gettext_lazy("latitude"), axis="lat", **kwargs)


def longitude_field(verbose_name: Any = None, **kwargs: Any) -> CoordinateField:
    return CoordinateField(verbose_name or gettext_lazy("longitude"), axis="lon", **kwargs)


def format_dms(value: Decimal | float | None, axis: str) -> str:
    """Degrees-minutes-seconds with the Vietnamese direction letter, as the field writes a
    point ("19°24'54\" B", "104°00'14\" Đ"; south "Nam", since "N" would read as north);
    ``parse_coordinate`` reads it back to within half a second."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    letter = ("B" if value >= 0 else "Nam") if axis == "lat" else ("Đ" if value >= 0 else "T")
    total = round(abs(value) * 3600)
    degrees, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{degrees}°{minutes:02d}'{seconds:02d}\" {letter}"


def display_coordinate(value: Decimal | None, axis: str) -> str:
    """A stored coordinate on a record's page: all six decimals (a Vietnamese decimal comma)
    and the degrees-minutes-seconds ("19,415000 (19°24'54\" B)")."""
    if value is None:
        return "—"
    return f"{Decimal(value):.6f}".replace(".", ",") + f" ({format_dms(value, axis)})"


def map_points(rt: Any, qs: models.QuerySet, limit: int = 5000) -> list[dict[str, Any]]:
    """The located records of ``qs`` as points (title, link, coordinates), at most ``limit``."""
    lat, lon = rt.map_fields
    rows = qs.exclude(**{f"{lat}__isnull": True}).exclude(**{f"{lon}__isnull": True})
    style = getattr(rt, "map_point", None)
    points = []
    for obj in rows[:limit]:
        point = {
            "lat": float(getattr(obj, lat)),
            "lon": float(getattr(obj, lon)),
            "title": str(obj),
            "url": rt.url("detail", obj.pk),
        }
        if style is not None:
            point.update(
                {k: v if isinstance(v, (int, float)) else str(v) for k, v in style(obj).items()}
            )
        points.append(point)
    return points


_OUTLINES: dict[tuple[str, float], dict[str, Any]] = {}
logger = logging.getLogger(__name__)


def map_outline(default: str | None = None) -> dict[str, Any] | None:
    """The province's outline as GeoJSON, read from the file named by ``MAP_OUTLINE_PATH``
    (``DOINGOAI_MAP_OUTLINE``), else from ``default``; None when neither is set or the file
    cannot be read (logged: the map then draws the points alone)."""
    from pathlib import Path

    path = getattr(settings, "MAP_OUTLINE_PATH", "") or default
    if not path:
        return None
    try:
        stamp = (str(path), Path(path).stat().st_mtime)
        if stamp not in _OUTLINES:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "type" not in data:
                raise ValueError("not a GeoJSON object")
            _OUTLINES[stamp] = data
        return _OUTLINES[stamp]
    except (OSError, ValueError) as exc:
        logger.warning("Map outline %s cannot be read: %s", path, exc)
        return None
