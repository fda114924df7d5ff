"""The report section against hand counts, the documents parsed back, query budgets, agency
scoping, import."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import Workbook

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from doingoai.delegations import documents
from doingoai.delegations.reports import compute, link, narrative
from tests.delegations.factories import build_year_2025, trip
from tests.factories import OrganisationFactory, PersonFactory

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
OUT = registry.get("delegations.outbounddelegation")


@pytest.fixture
def fixture_year():
    build_year_2025()


@pytest.mark.django_db
def test_figures_equal_hand_counts(fixture_year):
    figures = compute(YEAR)
    out, inbound = figures["outbound"], figures["inbound"]
    assert (out["delegations"], out["person_trips"], out["led_by_provincial_leaders"]) == (2, 5, 1)
    by_country = {r["key"]: (r["delegations"], r["person_trips"]) for r in out["by_country"]}
    assert by_country == {"KR": (2, 5), "JP": (1, 2)}
    funding = {r["key"]: (r["delegations"], r["person_trips"]) for r in out["by_funding_source"]}
    assert funding == {"state_budget": (1, 3), "enterprise": (1, 2)}
    assert {r["key"]: r["delegations"] for r in out["by_purpose"]} == {"promotion": 2}
    assert (
        inbound["delegations"],
        inbound["foreign_visitors"],
        inbound["overseas_vietnamese_visitors"],
    ) == (2, 14, 2)
    assert {r["key"]: (r["delegations"], r["foreign_visitors"]) for r in inbound["by_country"]} == {
        "LA": (1, 10),
        "JP": (1, 4),
    }
    previous = compute(Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert (previous["outbound"]["delegations"], previous["inbound"]["delegations"]) == (1, 1)
    both = compute(Period(date(2024, 1, 1), date(2025, 12, 31)))
    assert both["outbound"]["person_trips"] == 5 + 1


@pytest.mark.django_db
def test_api_contract_and_narrative(fixture_year, client_as):
    data = client_as(R.LEADER).get("/api/v1/reports/?from=2025-01-01&to=2025-12-31").json()
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    section = data["sections"]["delegations"]
    assert section["outbound"]["person_trips"] == 5
    assert section["inbound"]["foreign_visitors"] == 14
    text = " ".join(narrative(section))
    assert "2 đoàn/5 lượt" in text and "2 đoàn/14 lượt khách nước ngoài" in text


@pytest.mark.django_db
def test_figure_links_list_exactly_the_records(fixture_year, client_as):
    client = client_as(R.READONLY)
    for path, expected in [
        ("outbound.delegations", 2),
        ("outbound.person_trips", 5),
        ("outbound.by_country.JP.delegations", 1),
        ("outbound.by_country.KR.person_trips", 5),
        ("outbound.by_funding_source.enterprise.person_trips", 2),
        ("outbound.led_by_provincial_leaders", 1),
        ("inbound.delegations", 2),
        ("inbound.by_country.LA.delegations", 1),
    ]:
        response = client.get(link(YEAR, path))
        assert response.context["table"].paginator.count == expected, path


@pytest.mark.django_db
def test_report_and_list_queries_are_bounded(
    fixture_year, client_as, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        compute(YEAR)
    client = client_as(R.SPECIALIST)
    for _ in range(20):
        trip(
            people=[PersonFactory()], departure=date(2025, 2, 1), status="decided", countries=["TH"]
        )
    with django_assert_max_num_queries(16):
        compute(YEAR)
    for url in (OUT.url("list"), "/delegations/members/", "/delegations/inbound/"):
        client.get(url)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_decision_docx_has_members_table_number_and_date_line(client_as):
    people = [
        PersonFactory(full_name="Nguyễn Văn Trưởng", position="Giám đốc"),
        PersonFactory(full_name="Trần Thị Thành Viên", position="Chuyên viên"),
    ]
    obj = trip(people=people, departure=date(2026, 3, 20), countries=["KR"])
    obj.decision.number = "123/QĐ-UBND"
    obj.decision.issued_date = date(2026, 3, 5)
    obj.decision.save()
    _name, data = documents.decision_docx(obj)
    doc = Document(io.BytesIO(data))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert "Số: 123/QĐ-UBND" in header[0]
    assert "Nghệ An, ngày 05 tháng 3 năm 2026" in header[1]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1]
    members = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in members.rows]
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Cơ quan"]
    assert rows[1][:3] == ["1", "Nguyễn Văn Trưởng", "Giám đốc – Trưởng đoàn"]
    assert rows[2][1] == "Trần Thị Thành Viên" and len(rows) == 3
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert all(r.font.name == "Times New Roman" for r in runs)
    client = client_as(R.SPECIALIST)
    client.post(f"/delegations/outbound/{obj.pk}/documents/decision/")
    client.post(f"/delegations/outbound/{obj.pk}/documents/appraisal/")
    from doingoai.core.models import Attachment

    assert Attachment.objects.filter(object_id=str(obj.pk)).count() == 2
    readonly = client_as(R.READONLY, username="ro")
    assert readonly.post(f"/delegations/outbound/{obj.pk}/documents/decision/").status_code == 403


@pytest.mark.django_db
def test_agency_sees_only_its_own(client_as):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    own = trip(people=[PersonFactory()], status="draft", agency=mine, departure=date(2030, 1, 1))
    other = trip(
        people=[PersonFactory()], status="draft", agency=theirs, departure=date(2030, 2, 1)
    )
    client = client_as(R.AGENCY, organisation=mine)
    listing = client.get(OUT.url("list")).content.decode()
    assert own.title in listing and other.title not in listing
    assert client.get(other.get_absolute_url()).status_code == 404
    api = client.get("/api/v1/delegations/outbound/").json()
    assert [row["id"] for row in api["results"]] == [own.pk]
    assert client.get(f"/api/v1/delegations/outbound/{other.pk}/").status_code == 404
    created = client.post(
        "/api/v1/delegations/outbound/",
        {
            "title": "Đoàn do đơn vị tạo",
            "agency": theirs.pk,
            "purpose": "study",
            "destinations": ["JP"],
            "planned_departure": "2030-05-01",
            "planned_return": "2030-05-05",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    from doingoai.delegations.models import OutboundDelegation

    made = OutboundDelegation.objects.get(title="Đoàn do đơn vị tạo")
    assert made.agency == mine and made.status == "draft"
    tasks = client.get("/").content.decode()
    assert own.title in tasks


@pytest.mark.django_db
def test_import_of_past_years_all_or_nothing_and_idempotent(role_user):
    user = role_user(R.SPECIALIST)
    agency = OrganisationFactory(name="Sở Du lịch Nhập")

    def sheet(rows):  # noqa: ANN001, ANN202
        wb = Workbook()
        ws = wb.active
        ws.append(
            [
                "Delegation",
                "Requesting agency",
                "Purpose",
                "Destination countries",
                "Planned departure",
                "Planned return",
                "Status",
            ]
        )
        for row in rows:
            ws.append(row)
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    good = [
        [
            f"Đoàn lịch sử {i}",
            agency.name,
            "study visit",
            "Lào; Thái Lan",
            f"0{i + 1}/03/2021",
            f"0{i + 5}/03/2021",
            "reported",
        ]
        for i in range(3)
    ]
    bad = [
        *good,
        ["Đoàn lỗi", agency.name, "study visit", "Lào", "10/03/2021", "01/03/2021", "reported"],
    ]
    with pytest.raises(record_io.ImportRefused) as refused:
        record_io.commit_import(OUT, sheet(bad), user)
    assert [p.row for p in refused.value.args[0].errors] == [5]
    result, _plan = record_io.commit_import(OUT, sheet(good), user)
    assert result.created == 3
    again, _plan = record_io.commit_import(OUT, sheet(good), user)
    assert (again.created, again.unchanged) == (0, 3)
    from doingoai.delegations.models import OutboundDelegation

    imported = OutboundDelegation.objects.get(title="Đoàn lịch sử 0")
    assert sorted(imported.destinations.values_list("code", flat=True)) == ["LA", "TH"]
    assert imported.planned_departure == date(2021, 3, 1) and imported.status == "reported"


@pytest.mark.django_db
def test_list_and_report_queries_do_not_grow_with_rows(client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.core.kept import forget_everything
    from doingoai.delegations.reports import explore
    from tests.delegations.factories import InboundFactory

    client = client_as(R.SPECIALIST)
    urls = [OUT.url("list"), "/delegations/members/", "/delegations/inbound/"]

    def counts() -> list[int]:
        forget_everything()  # kept values read on both sides (a write forgets them)
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            compute(YEAR)
            for dimension in ("month", "country", "agency", "purpose"):
                explore(YEAR, "outbound.person_trips", dimension)
        return [*result, len(ctx)]

    def add(n: int, offset: int) -> None:
        for i in range(n):
            trip(
                people=[PersonFactory(), PersonFactory()],
                departure=date(2025, 1, 1 + (offset + i) % 28),
                countries=["TH", "LA"],
                agency=OrganisationFactory(),
            )
            InboundFactory(countries=["JP", "KR"], status="permitted")

    add(3, 0)
    client.get(urls[0])  # warm the session and caches
    small = counts()
    add(20, 3)
    assert counts() == small


@pytest.mark.django_db
def test_explore_and_annex_agree_with_the_figures(fixture_year):
    from doingoai.delegations.reports import SECTION, annex, explore

    figures = compute(YEAR)
    for indicator in SECTION.indicators:
        side, measure = indicator.path.split(".")
        total = figures[side][measure]
        for dimension in indicator.dimensions:
            rows = explore(YEAR, indicator.path, dimension)
            values = sum(value for _label, value in rows)
            if dimension == "country":  # a trip to two countries counts under each
                assert values >= total, (indicator.path, dimension)
            else:
                assert values == total, (indicator.path, dimension, rows)
    months = dict(explore(YEAR, "outbound.delegations", "month"))
    assert months == {"03/2025": 1, "12/2025": 1}
    assert dict(explore(YEAR, "outbound.person_trips", "country")) == {
        "Hàn Quốc": 5,
        "Nhật Bản": 2,
    }
    assert dict(explore(YEAR, "inbound.foreign_visitors", "country")) == {"Lào": 10, "Nhật Bản": 4}
    tables = {title: rows for title, _headers, rows, *_note in annex(figures)}
    assert tables["Đoàn ra theo quốc gia"] == [
        ["Hàn Quốc", 2, 5],
        ["Nhật Bản", 1, 2],
        ["Tổng cộng", 2, 5],
    ]
    assert tables["Đoàn ra theo mục đích"] == [
        ["Xúc tiến đầu tư, thương mại, du lịch", 2, 5],
        ["Tổng cộng", 2, 5],
    ]
    assert tables["Đoàn vào theo quốc gia"] == [
        ["Lào", 1, 10, 2],
        ["Nhật Bản", 1, 4, 0],
        ["Tổng cộng", 2, 14, 2],
    ]


@pytest.mark.django_db
def test_narrative_of_an_empty_period():
    text = narrative(compute(Period(date(1999, 1, 1), date(1999, 12, 31))))
    assert text == [
        "Trong kỳ không có đoàn cán bộ của tỉnh đi công tác nước ngoài.",
        "Trong kỳ không có đoàn nước ngoài đến thăm, làm việc tại tỉnh.",
    ]


@pytest.mark.django_db
def test_appraisal_letter_docx(client_as):
    from django.utils import timezone

    from doingoai.core.text import date_line

    obj = trip(
        people=[PersonFactory(full_name="Võ Văn Thẩm", position="Trưởng phòng")],
        status="submitted",
        departure=date(2026, 9, 1),
        countries=["LA", "TH"],
    )
    obj.appraisal_opinion = "Đủ điều kiện, đề nghị UBND tỉnh cho phép."
    obj.save()
    _name, data = documents.appraisal_docx(obj)
    doc = Document(io.BytesIO(data))
    left, right = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert "SỞ NGOẠI VỤ" in left and re.search(r"Số: +/SNgV-HTQT", left)
    assert date_line("Nghệ An", timezone.localdate()) in right and "Độc lập - Tự do" in right
    text = "\n".join(p.text for p in doc.paragraphs)
    subject = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]  # under the number
    assert "V/v thẩm định đề nghị cử đoàn đi Lào, Thái Lan" in subject
    assert "Đủ điều kiện, đề nghị UBND tỉnh cho phép." in text
    rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert rows[1][1:3] == ["Võ Văn Thẩm", "Trưởng phòng – Trưởng đoàn"]
