"""Import acceptance: a 100-row file with one bad row changes nothing and names the row;
the same good file twice gives no duplicates; blank cells erase nothing; valid-only mode."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry
from tests.factories import xlsx_bytes

PERSONS = registry.get("core.person")
HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Quốc tịch", "Chức vụ"]


def xlsx(rows, headers=HEADERS) -> bytes:  # noqa: ANN001
    return xlsx_bytes(headers, rows)


def good_rows(n=100):
    return [
        [f"Đặng Văn Nhập {i}", "Nam", f"{1 + i % 28:02d}/07/1980", "Việt Nam", "Chuyên viên"]
        for i in range(n)
    ]


@pytest.fixture
def admin(role_user):
    return role_user(R.ADMIN)


@pytest.mark.django_db
def test_one_bad_row_changes_nothing_and_is_named(admin):
    rows = good_rows()
    rows[41][2] = "31/02/1980"  # row 43 in Excel (header is row 1)
    before = Person.objects.count()
    with pytest.raises(record_io.ImportRefused) as refused:
        record_io.commit_import(PERSONS, xlsx(rows), admin)
    plan = refused.value.args[0]
    assert [(p.row, p.column) for p in plan.errors] == [(43, "Ngày sinh")]
    assert "dd/mm/yyyy" in plan.errors[0].message
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_same_file_twice_gives_no_duplicates(admin):
    data = xlsx(good_rows())
    result, _plan = record_io.commit_import(PERSONS, data, admin)
    assert (result.created, result.updated) == (100, 0)
    again, _plan = record_io.commit_import(PERSONS, data, admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)
    assert Person.objects.filter(full_name__startswith="Đặng Văn Nhập").count() == 100


@pytest.mark.django_db
def test_dates_are_day_first(admin):
    record_io.commit_import(PERSONS, xlsx([["Lê Thị Ngày", "Nữ", "01/07/2025", "", ""]]), admin)
    assert Person.objects.get(full_name="Lê Thị Ngày").birth_date == date(2025, 7, 1)


@pytest.mark.django_db
def test_export_edit_reimport_updates_and_blank_cells_erase_nothing(admin):
    person = Person.objects.create(
        full_name="Bùi Văn Xuất", position="Trưởng phòng", phone="0912345678", nationality_id="VN"
    )
    exported = record_io.export_xlsx(PERSONS, Person.objects.filter(pk=person.pk))
    wb = load_workbook(io.BytesIO(exported))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Chức vụ") + 1, value="Phó Giám đốc")
    ws.cell(row=2, column=headers.index("Điện thoại") + 1, value=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    result, _plan = record_io.commit_import(PERSONS, buffer.getvalue(), admin)
    assert (result.created, result.updated) == (0, 1)
    person.refresh_from_db()
    assert person.position == "Phó Giám đốc"
    assert person.phone == "0912345678"
    assert person.history.count() == 2


@pytest.mark.django_db
def test_valid_only_mode_imports_good_rows_and_returns_rejected(admin):
    rows = good_rows(5)
    rows[2][3] = "Nước Không Tồn Tại"
    result, plan = record_io.commit_import(PERSONS, xlsx(rows), admin, valid_only=True)
    assert (result.created, result.rejected) == (4, 1)
    rejected = load_workbook(io.BytesIO(record_io.rejected_xlsx(plan))).active
    values = [[c.value for c in row] for row in rejected.iter_rows()]
    assert values[0][-1] == "Lỗi"
    assert values[1][0] == "Đặng Văn Nhập 2"
    assert "Nước Không Tồn Tại" in values[1][-1]


@pytest.mark.django_db
def test_duplicate_key_within_file_is_an_error(admin):
    rows = good_rows(3) + [good_rows(1)[0]]
    plan = record_io.plan_import(PERSONS, xlsx(rows), admin)
    assert [p.row for p in plan.errors] == [5]
    assert "dòng 2" in plan.errors[0].message


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "trống"),
        (b"name,sex\nA,M\n", "Excel"),
        (b"PK\x03\x04 broken zip", "Không đọc được"),
    ],
)
def test_malformed_files_get_a_clear_message(data, words):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(record_io.ImportFileError) as error:
        record_io.read_sheet(data)
    assert words in str(error.value)


@pytest.mark.django_db
def test_import_through_the_pages(client_as):
    client = client_as(R.SPECIALIST)
    rows = good_rows(3)
    rows[1][1] = "Không rõ"
    upload = io.BytesIO(xlsx(rows))
    upload.name = "nguoi.xlsx"
    response = client.post(PERSONS.url("import"), {"step": "check", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Không rõ" in html and "import-problems" in html
    token = response.context["token"]
    refused = client.post(PERSONS.url("import"), {"step": "commit", "token": token, "mode": "all"})
    assert refused.status_code == 400
    assert not Person.objects.filter(full_name__startswith="Đặng Văn Nhập").exists()
    done = client.post(
        PERSONS.url("import"), {"step": "commit", "token": token, "mode": "valid_only"}
    )
    assert done.status_code == 200
    assert Person.objects.filter(full_name__startswith="Đặng Văn Nhập").count() == 2
    other = client_as(R.SPECIALIST, username="khac")
    assert (
        other.post(PERSONS.url("import"), {"step": "rejected", "token": token}).status_code == 404
    )


@pytest.mark.django_db
def test_template_has_sample_row_and_guide(client_as):
    client = client_as(R.SPECIALIST)
    wb = load_workbook(io.BytesIO(client.get(PERSONS.url("import-template")).content))
    data, guide = wb["Dữ liệu"], wb["Hướng dẫn"]
    assert data.cell(2, 2).value == "Đặng Văn An"
    assert any("dd/mm/yyyy" in str(c.value) for c in guide["C"])
