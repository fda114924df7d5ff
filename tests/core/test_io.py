"""The import/export package (``core.io``): field adapters an app can register for its own
kinds, the CSV reader, references resolved per chunk (queries do not grow with the rows), and
the streamed XLSX export."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import Organisation, Person
from doingoai.core.registry import registry
from tests.factories import xlsx_bytes as xlsx

PERSONS = registry.get("core.person")


class ShoutingAdapter(record_io.FieldAdapter):
    """A made-up kind of field: stored in capitals, written with a marker."""

    def parse(self, field, value, cache):  # noqa: ANN001, ANN201
        if "!" in str(value):
            raise record_io.CellError("không được có dấu chấm than.")
        return str(value).upper()

    def export(self, obj, field):  # noqa: ANN001, ANN201
        return f"<{getattr(obj, field.name)}>"

    def describe(self, field):  # noqa: ANN001, ANN201
        return "Chữ bất kỳ, hệ thống viết hoa"


@pytest.fixture
def shouting_position():
    field = Person._meta.get_field("position")
    field.io_adapter = ShoutingAdapter()
    yield field
    del field.io_adapter


@pytest.mark.django_db
def test_an_apps_adapter_parses_exports_and_describes_its_field(role_user, shouting_position):
    admin = role_user(R.ADMIN)
    assert record_io.adapter_for(shouting_position).describe(shouting_position).startswith("Chữ")
    guide = load_workbook(io.BytesIO(record_io.template_xlsx(PERSONS)))["Hướng dẫn"]
    assert "Chữ bất kỳ, hệ thống viết hoa" in [row[2] for row in guide.iter_rows(values_only=True)]
    data = xlsx(["Họ và tên", "Chức vụ"], [["Lê Văn Hoa", "chuyên viên"], ["Lê Văn Cỏ", "a!"]])
    plan = record_io.plan_import(PERSONS, data, admin)
    assert [(p.row, p.column, p.message) for p in plan.errors] == [
        (3, "Chức vụ", "không được có dấu chấm than.")
    ]
    assert plan.valid_rows[0].obj.position == "CHUYÊN VIÊN"
    record_io.commit_import(PERSONS, data, admin, valid_only=True)
    exported = load_workbook(
        io.BytesIO(record_io.export_xlsx(PERSONS, Person.objects.filter(full_name="Lê Văn Hoa")))
    ).active
    assert "<CHUYÊN VIÊN>" in [c.value for c in exported[2]]


def test_register_adapter_by_field_class():
    from django.db import models

    class ShoutingField(models.CharField):
        pass

    adapter = ShoutingAdapter()
    record_io.register_adapter(ShoutingField, adapter)
    assert record_io.adapter_for(ShoutingField(max_length=5)) is adapter
    assert isinstance(record_io.adapter_for(models.CharField(max_length=5)), record_io.FieldAdapter)


@pytest.mark.django_db
def test_csv_file_imports_through_the_command(tmp_path, role_user):
    role_user(R.ADMIN)
    path = tmp_path / "nguoi.csv"
    path.write_text(
        "\ufeffHọ và tên;Giới tính;Ngày sinh;Chức vụ\n"
        "Trần Thị CSV;Nữ;02/09/1985;Chuyên viên\n"
        "Ngô Văn CSV;Nam;1986-01-31;Phó Giám đốc\n",
        encoding="utf-8",
    )
    call_command("import_records", "core.person", str(path), "--commit")
    assert set(
        Person.objects.filter(full_name__endswith="CSV").values_list("birth_date__year", flat=True)
    ) == {1985, 1986}


def test_csv_reader_refuses_what_is_not_utf8_text():
    with pytest.raises(record_io.ImportFileError, match="UTF-8"):
        record_io.read_csv("Họ và tên\n".encode("cp1258", errors="replace") + b"\xff\xfe")


@pytest.mark.django_db
def test_references_are_resolved_per_chunk_not_per_row(role_user):
    admin = role_user(R.ADMIN)
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Sở thử nghiệm số {i}", kind="provincial_agency") for i in range(60)]
    )

    def queries(n: int) -> int:
        rows = [
            [f"Người nhập {i}", "Nam", f"{1 + i % 28:02d}/03/1990", organisations[i % 60].name]
            for i in range(n)
        ]
        data = xlsx(["Họ và tên", "Giới tính", "Ngày sinh", "Cơ quan, đơn vị"], rows)
        with CaptureQueriesContext(connection) as ctx:
            plan = record_io.plan_import(PERSONS, data, admin)
        assert not plan.errors, plan.errors[:3]
        return len(ctx)

    small, large = queries(30), queries(300)
    # references and import keys are looked up per chunk of rows, not per row
    assert large - small <= 10, (small, large)


@pytest.mark.django_db
def test_xlsx_export_is_streamed_from_a_file(client_as):
    Person.objects.create(full_name="Người xuất")
    response = client_as(R.ADMIN).get(PERSONS.url("export") + "?reason=kiem+thu")
    assert response.streaming and response["Content-Type"] == record_io.XLSX_TYPE
    assert load_workbook(io.BytesIO(response.getvalue())).active.max_row >= 2


@pytest.mark.django_db
def test_an_export_read_in_chunks_keeps_every_records_links(monkeypatch):
    """The export reads a few records at a time (``EXPORT_CHUNK``, the worker's memory):
    each chunk's many-to-many links are its own records', none lost or carried over."""
    from doingoai.core.io import writers
    from doingoai.core.models import AdministrativeUnit

    units = registry.get("core.administrativeunit")
    new = [
        AdministrativeUnit.objects.create(
            code=99100 + i, name=f"Xã Mới Thử {i}", level="commune", period="current"
        )
        for i in range(3)
    ]
    old = []
    for i in range(7):
        unit = AdministrativeUnit.objects.create(
            code=99200 + i, name=f"Xã Cũ Thử {i}", level="commune", period="legacy"
        )
        unit.successors.set(new[: i % 3 + 1])
        old.append(unit)
    qs = AdministrativeUnit.objects.filter(pk__in=[u.pk for u in old]).order_by("pk")
    whole = list(writers.export_csv(units, qs))
    monkeypatch.setattr(writers, "EXPORT_CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        chunked = list(writers.export_csv(units, qs))
    assert chunked == whole
    assert len([row for row in chunked if "Xã Cũ Thử" in row]) == 7
    assert "Xã Mới Thử 2" in next(row for row in chunked if "Xã Cũ Thử 2" in row)
    assert len(queries) >= 4  # the chunks were read apart (7 records, 2 at a time)
