"""Field adapters: how a model field's value becomes a spreadsheet cell and back.

One adapter per kind of field: it parses a cell (raising ``CellError`` with a Vietnamese
message), formats a value for export, describes the column in the template's guide sheet and
gives the template's sample cell. Core registers the kinds Django has (text, choices, dates,
numbers, yes/no, references, many references); an app registers its own kind with
``register_adapter(FieldClass, adapter)`` (core's coordinate field does, in
``core/places.py``), or a field class carries an ``io_adapter`` attribute. The planner, the
writers and the template ask ``adapter_for(field)`` and know no kind themselves.

django-import-export's widgets were weighed for this layer and not taken: they raise English
``ValueError`` texts, resolve a reference by one lookup field only (our cells name a record by
its ID, its name, or its text as the app prints it, and an ambiguous name must list the
candidates), and know nothing of the field policy; wrapping them would have cost more than
these few classes."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import translation

from doingoai.core.io.references import CellError, resolve_reference
from doingoai.core.numbers import parse_number
from doingoai.core.places import CoordinateField, parse_coordinate
from doingoai.core.text import fold

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
TRUE_WORDS = {"co", "x", "yes", "true", "1", "dung"}
FALSE_WORDS = {"khong", "no", "false", "0", "sai"}


class FieldAdapter:
    """Text: the base adapter, and the one for any field no other adapter claims."""

    def parse(self, field: models.Field, value: Any, cache: dict) -> Any:
        """The field's Python value of a non-blank cell, or ``CellError``."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (date, datetime)):
            value = value.strftime("%d/%m/%Y")
        return str(value).strip()

    def export(self, obj: models.Model, field: models.Field) -> Any:
        """The cell written for ``obj``'s value (None for an empty one)."""
        value = getattr(obj, field.name)
        if value is None or value == "":
            return None
        return value

    def describe(self, field: models.Field) -> str:
        """How to fill the column, for the template's guide sheet (Vietnamese)."""
        return "Văn bản"

    def sample(self, rt: RecordType, field: models.Field) -> Any:
        """A sample cell that passes the dry run."""
        if isinstance(field, models.EmailField):
            return "vanthu@example.gov.vn"
        if isinstance(field, models.URLField):
            return "https://example.gov.vn"
        return str(field.verbose_name)


def allowed_text(field: models.Field) -> str:
    """The allowed values of a choice column; a long list (currencies) by its first ones."""
    labels = [str(label) for _v, label in field.flatchoices]
    if len(labels) <= 20:
        return "; ".join(labels)
    codes = [str(v) for v, _label in field.flatchoices]
    return f"mã, ví dụ {'; '.join(codes[:6])} ... ({len(codes)} giá trị)"


class ChoiceAdapter(FieldAdapter):
    """A value among the field's choices: its label (Vietnamese or English) or its code."""

    @staticmethod
    def _lookup(field: models.Field, cache: dict) -> dict[str, Any]:
        """Folded code, Vietnamese label and English label → the choice's value, built once
        per field and import (folding every label for every cell cost most of a dry run)."""
        key = ("choices", field.model._meta.label_lower, field.name, translation.get_language())
        lookup = cache.get(key)
        if lookup is None:
            lookup = {}
            for choice_value, label in reversed(list(field.flatchoices)):
                with translation.override("en"):
                    lookup[fold(label)] = choice_value
                lookup[fold(label)] = choice_value
                lookup[fold(choice_value)] = choice_value
            cache[key] = lookup
        return lookup

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        lookup = self._lookup(field, cache)
        folded = fold(value)
        if folded in lookup:
            return lookup[folded]
        raise CellError(f"“{value}” không thuộc các giá trị cho phép: {allowed_text(field)}.")

    def export(self, obj, field):  # noqa: ANN001, ANN201
        value = getattr(obj, field.name)
        if value is None or value == "":
            return None
        return str(getattr(obj, f"get_{field.name}_display")())

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Một trong: " + allowed_text(field)

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return str(field.choices[0][1])


class DateAdapter(FieldAdapter):
    """A day: dd/mm/yyyy (also with - or ., or yyyy-mm-dd), or a date cell of Excel."""

    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        day = _DAY.fullmatch(text)
        if day:  # the usual dd/mm/yyyy, without strptime's cost
            try:
                return date(int(day[3]), int(day[2]), int(day[1]))
            except ValueError:
                pass
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise CellError(
            f"“{text}” không phải là ngày hợp lệ; hãy nhập dạng dd/mm/yyyy, ví dụ 01/07/2025."
        )

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Ngày dạng dd/mm/yyyy, ví dụ 01/07/2025"

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return "01/07/2025"


class DateTimeAdapter(FieldAdapter):
    """A moment: exported (without time zone), never read from a file."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        raise CellError("không nhập được thời điểm từ tệp.")

    def export(self, obj, field):  # noqa: ANN001, ANN201
        value = getattr(obj, field.name)
        return value.replace(tzinfo=None) if value is not None else None

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Do hệ thống ghi; không nhập"

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return None


class BooleanAdapter(FieldAdapter):
    """Yes or no: "Có" / "Không" (also x, yes, true, 1, đúng / no, false, 0, sai)."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        folded = fold(value)
        if folded in TRUE_WORDS:
            return True
        if folded in FALSE_WORDS:
            return False
        raise CellError(f"“{value}” phải là Có hoặc Không.")

    def export(self, obj, field):  # noqa: ANN001, ANN201
        value = getattr(obj, field.name)
        return None if value is None else ("Có" if value else "Không")

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Có / Không"

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return "Có"


class NumberAdapter(FieldAdapter):
    """A number as users type it or the app prints it (1.234.567 or 1234,5; ``core.numbers``)."""

    integer = False

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        try:
            number = parse_number(value)
        except ValueError as exc:
            raise CellError(f"“{value}” không phải là số.") from exc
        if self.integer:
            if number != number.to_integral_value():
                raise CellError(f"“{value}” phải là số nguyên.")
            return int(number)
        return Decimal(number)

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Số, ví dụ 1.234.567 hoặc 1234,5"

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return 1


class IntegerAdapter(NumberAdapter):
    """A whole number."""

    integer = True


class ReferenceAdapter(FieldAdapter):
    """A record of another type: its ID, its name (or number), or its text as the app prints
    it ("150/QĐ-UBND ngày 29/12/2019"); an ambiguous name lists the candidates."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        return resolve_reference(field, value, cache)

    def export(self, obj, field):  # noqa: ANN001, ANN201
        value = getattr(obj, field.name)  # as the app prints it: an import reads it back
        return None if value is None else str(value)

    def describe(self, field):  # noqa: ANN001, ANN201
        from doingoai.core.io.references import reference_help

        return reference_help(field)

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        from doingoai.core.io.references import sample_reference

        return sample_reference(field)


class ManyReferencesAdapter(ReferenceAdapter):
    """Several records of another type, separated by semicolons."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        parts = [p for p in str(value).split(";") if p.strip()]
        return [resolve_reference(field, p, cache) for p in parts]

    def export(self, obj, field):  # noqa: ANN001, ANN201
        return "; ".join(str(o) for o in getattr(obj, field.name).all()) or None

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Nhiều giá trị, cách nhau bằng dấu chấm phẩy (;); mỗi giá trị: " + super().describe(
            field
        )


class CoordinateAdapter(NumberAdapter):
    """A latitude or longitude: decimal degrees or degrees-minutes-seconds (``core.places``),
    with the place module's own message when it is out of range or unreadable."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        from django.core.exceptions import ValidationError

        try:
            return parse_coordinate(value, field.axis)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc

    def describe(self, field):  # noqa: ANN001, ANN201
        example = "21.028511 hoặc 21°01'42.6\"N" if field.axis == "lat" else "105.804817"
        return f"Tọa độ WGS84, độ thập phân hoặc độ-phút-giây, ví dụ {example}"

    def sample(self, rt, field):  # noqa: ANN001, ANN201
        return "18.679585" if field.axis == "lat" else "105.681335"


#: Adapters by field class, most specific first when looked up along the class's MRO.
_ADAPTERS: dict[type, FieldAdapter] = {
    models.Field: FieldAdapter(),
    models.DateField: DateAdapter(),
    models.DateTimeField: DateTimeAdapter(),
    models.BooleanField: BooleanAdapter(),
    models.IntegerField: IntegerAdapter(),
    models.AutoField: IntegerAdapter(),
    models.DecimalField: NumberAdapter(),
    models.FloatField: NumberAdapter(),
    models.ForeignKey: ReferenceAdapter(),
    models.OneToOneField: ReferenceAdapter(),
    models.ManyToManyField: ManyReferencesAdapter(),
    CoordinateField: CoordinateAdapter(),
}
_CHOICES = ChoiceAdapter()


def register_adapter(field_class: type[models.Field], adapter: FieldAdapter) -> None:
    """Let an app read and write its own kind of field (a subclass of a Django field)."""
    _ADAPTERS[field_class] = adapter


def adapter_for(field: models.Field) -> FieldAdapter:
    """The adapter of ``field``: its own ``io_adapter``, else the one registered for the
    nearest class of its MRO; a field with choices reads and writes its labels."""
    own = getattr(field, "io_adapter", None)
    if own is not None:
        return own
    if field.choices and not field.is_relation:
        return _CHOICES
    for klass in type(field).__mro__:
        if klass in _ADAPTERS:
            return _ADAPTERS[klass]
    return _ADAPTERS[models.Field]
