"""Search folds case and Vietnamese diacritics (including đ/Đ); dates are day-first and
numbers use Vietnamese separators everywhere: forms, filters, API, imports, display."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from doingoai.core import roles as R
from doingoai.core.models import Person
from doingoai.core.text import (
    date_line,
    fold,
    format_billion_vnd,
    format_million_usd,
    format_number,
)


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đặng Thị Hạnh", "dang thi hanh"),
        ("Nghệ An", "nghe an"),
        ("  ĐỖ   Văn  Ước ", "do van uoc"),
        ("Hồng Công (Trung Quốc)", "hong cong (trung quoc)"),
        # control characters (a NUL byte pasted or sent in an address) are spaces: PostgreSQL
        # refuses a NUL in a text parameter, and none means anything in a search
        ("Nguyễn\x00Văn\x01A\x7f", "nguyen van a"),
        ("\x00", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_numbers_and_money():
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("4.09"), 2) == "4,09"
    assert format_million_usd(4_090_000) == "4,09 triệu USD"
    assert format_billion_vnd(210_000_000_000) == "210 tỷ đồng"
    assert date_line("Nghệ An", date(2026, 3, 5)) == "Nghệ An, ngày 05 tháng 3 năm 2026"
    assert date_line("Nghệ An", date(2026, 2, 15)) == "Nghệ An, ngày 15 tháng 02 năm 2026"
    assert date_line("Nghệ An", date(2026, 11, 23)) == "Nghệ An, ngày 23 tháng 11 năm 2026"


@pytest.mark.django_db
def test_api_search_finds_dang_created_through_the_api(client_as):
    client = client_as(R.SPECIALIST)
    created = client.post(
        "/api/v1/core/persons/",
        {"full_name": "Đặng Thị Hạnh", "sex": "F", "birth_date": "01/07/1985"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert Person.objects.get(pk=created.json()["id"]).birth_date == date(1985, 7, 1)
    for query in ("dang", "DANG THI", "Đặng", "hanh dang"):
        results = client.get("/api/v1/search/", {"q": query}).json()["results"]
        assert {
            "type": "core.person",
            "id": str(created.json()["id"]),
            "title": "Đặng Thị Hạnh",
            "url": f"/core/persons/{created.json()['id']}/",
        } in results, query


@pytest.mark.django_db
def test_search_page_and_ranking(client_as):
    client = client_as(R.READONLY)
    Person.objects.create(full_name="Nguyễn Đăng Khoa")
    Person.objects.create(full_name="Đặng Văn Lâm")
    html = client.get("/search/", {"q": "dang"}).content.decode()
    assert html.index("Đặng Văn Lâm") < html.index("Nguyễn Đăng Khoa")
    assert "Nghệ An" in client.get("/search/", {"q": "nghe an"}).content.decode()


@pytest.mark.django_db
def test_dates_day_first_in_form_filter_and_display(client_as):
    client = client_as(R.SPECIALIST)
    with translation.override("vi"):
        response = client.post(
            "/core/persons/add/", {"full_name": "Phạm Ngày Tháng", "birth_date": "01/07/2025"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(full_name="Phạm Ngày Tháng")
    assert person.birth_date == date(2025, 7, 1)
    assert "01/07/2025" in client.get(person.get_absolute_url()).content.decode()
    listed = client.get("/core/persons/", {"q": "pham ngay"}).content.decode()
    assert "Phạm Ngày Tháng" in listed
    docs = client.get("/core/documents/", {"issued_date_from": "01/07/2025"})
    assert docs.status_code == 200
    chosen = docs.context["filterset"].form.cleaned_data["issued_date"]  # a from/to range
    assert chosen.start.date() == date(2025, 7, 1) and chosen.stop is None


@pytest.mark.django_db
def test_bad_input_gets_messages_and_writes_nothing(client_as):
    client = client_as(R.SPECIALIST)
    hostile = "<script>alert(1)</script>"
    response = client.post("/core/persons/add/", {"full_name": hostile, "birth_date": "31/02/2020"})
    assert response.status_code == 400
    assert not Person.objects.filter(full_name=hostile).exists()
    assert "<script>alert(1)</script>" not in response.content.decode()
    future = client.post(
        "/core/persons/add/", {"full_name": "Tương Lai", "birth_date": "01/01/2999"}
    )
    assert future.status_code == 400
    assert not Person.objects.filter(full_name="Tương Lai").exists()


@pytest.mark.django_db
def test_search_indexes_on_postgresql():
    from django.db import connection

    from doingoai.core.search import ensure_search_indexes

    names = ensure_search_indexes()
    if connection.vendor != "postgresql":  # FTS5 tables instead (tests/core/test_fulltext.py)
        assert "core_person_fts" in names
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search_trgm' "
            "OR indexname LIKE '%%_search_head'"
        )
        present = {row[0] for row in cursor.fetchall()}
    assert set(names) <= present and "core_person_search_trgm" in present
    assert "core_person_search_head" in present
