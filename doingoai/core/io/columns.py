"""The columns of a record type's spreadsheet: the record's ID, then its ``io_fields``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType

ID_HEADER = "Mã bản ghi (ID)"


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet: a model field and its header."""

    name: str
    header: str
    field: models.Field | None


def columns_for(rt: RecordType) -> list[Column]:
    """The export/import columns: the record's ID, then ``io_fields`` in order."""
    cols = [Column("pk", ID_HEADER, None)]
    for name in rt.get_io_fields():
        f = rt.model._meta.get_field(name)
        cols.append(Column(name, str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:], f))
    return cols
