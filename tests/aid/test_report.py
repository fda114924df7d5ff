"""The aid section equals a hand count of a fixture: items in three currencies across two
years, a cancelled item, an item spanning the 2025 reorganisation, a province that absorbed
two others. Every figure is worked out by hand in the comments, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from doingoai.aid import reports
from doingoai.aid.models import AidSector, Disbursement
from doingoai.core.models import AdministrativeUnit, ExchangeRate
from doingoai.core.sections import Period
from tests.aid.factories import AidItemFactory, DonorFactory
from tests.factories import OrganisationFactory

Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
Y2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
TERM = Period(date(2021, 1, 1), date(2025, 12, 31))

pytestmark = pytest.mark.usefixtures("province_90")


@pytest.fixture
def province_90():  # noqa: ANN201
    with override_settings(PROVINCE_CODE=90):
        yield


def unit(period, level, code, name, parent=None):  # noqa: ANN001, ANN201
    return AdministrativeUnit.objects.create(
        period=period, level=level, code=code, name=name, parent=parent
    )


def rate(currency, day, usd, vnd):  # noqa: ANN001, ANN201
    return ExchangeRate.objects.create(
        currency=currency, date=day, usd=Decimal(usd), vnd=Decimal(vnd)
    )


@pytest.fixture
def units(db):  # noqa: ANN001, ANN201
    """The old province (code 90) with 4 districts; two absorbed provinces (91, 92) with one
    district each; the merged province (code 90) with 5 communes; the old→new mapping."""
    L, C = "legacy", "current"
    p0 = unit(L, "province", 90, "Tỉnh Cũ")
    q = unit(L, "province", 91, "Tỉnh Sáp nhập Một")
    r = unit(L, "province", 92, "Tỉnh Sáp nhập Hai")
    d = {n: unit(L, "district", 990000 + n, f"Huyện Cũ {n}", p0) for n in (1, 2, 3, 4)}
    e1 = unit(L, "district", 990011, "Huyện Q", q)
    f1 = unit(L, "district", 990021, "Huyện R", r)
    old = {
        "c11": unit(L, "commune", 9940101, "Xã c11", d[1]),
        "c12": unit(L, "commune", 9940102, "Xã c12", d[1]),
        "c21": unit(L, "commune", 9940201, "Xã c21", d[2]),
        "c31": unit(L, "commune", 9940301, "Xã c31", d[3]),
        "c41": unit(L, "commune", 9940401, "Xã c41", d[4]),
        "e11": unit(L, "commune", 9941101, "Xã e11", e1),
        "f11": unit(L, "commune", 9942101, "Xã f11", f1),
    }
    p = unit(C, "province", 90, "Tỉnh Mới")
    new = {n: unit(C, "commune", 9990000 + n, f"Xã Mới {n}", p) for n in (1, 2, 3, 4, 5)}
    for a, b in (
        ("c11", 1),
        ("c12", 1),
        ("c21", 2),
        ("c41", 2),
        ("c31", 3),
        ("e11", 4),
        ("f11", 5),
    ):
        old[a].successors.add(new[b])
    return {"d": d, "e1": e1, "f1": f1, "old": old, "new": new}


@pytest.fixture
def fixture(units):  # noqa: ANN001, ANN201
    rate("USD", date(2024, 1, 1), "1", "24000")
    rate("USD", date(2025, 1, 1), "1", "25000")
    rate("EUR", date(2024, 1, 1), "1.10", "26400")
    rate("EUR", date(2025, 1, 1), "1.05", "26250")
    rate("EUR", date(2025, 7, 1), "1.15", "30000")
    rate("JPY", date(2024, 1, 1), "0.0070", "168")
    rate("JPY", date(2025, 1, 1), "0.0065", "162.5")
    a = DonorFactory(name="Nhà tài trợ A", country_id="JP")
    b = DonorFactory(name="Nhà tài trợ B", country_id="KR")
    c = DonorFactory(name="Nhà tài trợ C", country_id="US")
    d = DonorFactory(name="Nhà tài trợ D", country_id="GB")
    ag = [OrganisationFactory(name=f"Cơ quan {n}") for n in range(1, 5)]
    i1 = AidItemFactory(
        title="I1",
        kind="project",
        committed_amount=Decimal("100000"),
        committed_currency="USD",
        approved_on=date(2024, 3, 10),
        start=date(2024, 4, 1),
        end=date(2025, 3, 31),
        status="completed",
        donors=[a],
        localities=[units["d"][1]],
        agency=ag[0],
    )
    AidSector.objects.create(item=i1, code="12220", percentage=100)
    i2 = AidItemFactory(  # spans 1/7/2025: an old commune and a new one
        title="I2",
        kind="programme",
        committed_amount=Decimal("200000"),
        committed_currency="EUR",
        approved_on=date(2025, 2, 15),
        start=date(2025, 3, 1),
        end=date(2026, 12, 31),
        status="implementing",
        donors=[a, b],
        localities=[units["old"]["c21"], units["new"][3]],
        agency=ag[1],
    )
    AidSector.objects.create(item=i2, code="11220", percentage=60)
    AidSector.objects.create(item=i2, code="31120", percentage=40)
    i3 = AidItemFactory(
        title="I3",
        kind="non_project",
        committed_amount=Decimal("5000000"),
        committed_currency="JPY",
        approved_on=date(2025, 8, 20),
        start=date(2025, 9, 1),
        end=date(2025, 9, 30),
        status="completed",
        donors=[c],
        localities=[units["new"][4]],
        agency=ag[0],
    )
    AidSector.objects.create(item=i3, code="72010", percentage=100)
    i4 = AidItemFactory(  # cancelled: counts nowhere but its money that arrived
        title="I4",
        committed_amount=Decimal("50000"),
        approved_on=date(2025, 1, 10),
        start=date(2025, 2, 1),
        end=date(2025, 12, 31),
        status="cancelled",
        donors=[d],
        localities=[units["new"][5]],
        agency=ag[3],
    )
    AidItemFactory(  # approved in 2025, not yet implemented
        title="I5",
        committed_amount=Decimal("30000"),
        approved_on=date(2025, 11, 1),
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        status="approved",
        donors=[b],
        localities=[units["new"][2]],
        agency=ag[2],
    )
    AidItemFactory(  # proposed: counts nowhere
        title="I6",
        committed_amount=Decimal("999"),
        approved_on=None,
        start=date(2025, 5, 1),
        end=date(2025, 6, 1),
        status="proposed",
        donors=[c],
        agency=ag[2],
    )
    i7 = AidItemFactory(  # a district of an absorbed province, before the merger
        title="I7",
        committed_amount=Decimal("10000"),
        approved_on=date(2023, 5, 1),
        start=date(2023, 6, 1),
        end=date(2025, 5, 31),
        status="completed",
        donors=[c],
        localities=[units["e1"]],
        agency=ag[2],
    )
    for item, day, amount, currency in (
        (i1, date(2024, 5, 1), "40000", "USD"),
        (i1, date(2025, 2, 1), "60000", "USD"),
        (i2, date(2025, 3, 15), "50000.55", "EUR"),
        (i2, date(2025, 8, 1), "70000", "EUR"),
        (i3, date(2025, 9, 10), "5000000", "JPY"),
        (i4, date(2025, 2, 10), "5000", "USD"),
        (i7, date(2024, 6, 1), "10000", "USD"),
    ):
        Disbursement.objects.create(item=item, date=day, amount=Decimal(amount), currency=currency)
    return {"i2": i2, "units": units}


def test_year_2025_equals_the_hand_count(fixture):  # noqa: ANN001
    f = reports.compute(Y2025)
    # active in 2025 (implementing or completed, overlapping): I1, I2, I3, I7
    assert (f["programmes"], f["projects"], f["non_projects"]) == (1, 2, 1)
    # approved in 2025 and not cancelled: I2, I3, I5 (I4 cancelled)
    assert f["items_received"] == 3
    # donors of I1, I2, I3, I5, I7: A, B, C (D only gives the cancelled item)
    assert f["donors"] == 3
    # agencies of I1, I2, I3, I7: Cơ quan 1, 2, 3
    assert f["agencies_covered"] == 3
    # I2: 200 000 EUR × 1,05 = 210 000; I3: 5 000 000 JPY × 0,0065 = 32 500; I5: 30 000
    assert f["committed_usd"] == "272500.00"
    # 60 000 + 50 000,55 × 1,05 (= 52 500,5775 → 52 500,58) + 70 000 × 1,15 (80 500)
    # + 32 500 + 5 000 (cancelled item's money arrived)
    assert f["disbursed_usd"] == "230500.58"
    # 60 000 × 25 000 + 50 000,55 × 26 250 + 70 000 × 30 000 + 5 000 000 × 162,5 + 5 000 × 25 000
    assert f["disbursed_vnd"] == "5850014437.50"
    # before 1/7: I1 (D1), I2 (c21 → D2; new commune 3 ← c31 → D3), I7 (Huyện Q: not ours)
    # after: I2 (c21 → commune 2, commune 3), I3 (commune 4)
    assert f["coverage"] == [
        {
            "key": "legacy",
            "label": "Trước 1/7/2025",
            "period": "legacy",
            "from": "2025-01-01",
            "to": "2025-06-30",
            "level": "district",
            "covered": 3,
            "total": 4,
        },
        {
            "key": "current",
            "label": "Từ 1/7/2025",
            "period": "current",
            "from": "2025-07-01",
            "to": "2025-12-31",
            "level": "commune",
            "covered": 3,
            "total": 5,
        },
    ]
    assert (f["localities_covered"], f["localities_total"]) == (3, 5)
    sectors = {
        r["key"]: (r["items"], r["committed_usd"], r["disbursed_usd"]) for r in f["by_sector"]
    }
    assert sectors == {
        "health": (1, "0.00", "60000.00"),
        # 210 000 × 60 % ; (52 500,58 + 80 500) × 60 % = 79 800,348
        "education": (1, "126000.00", "79800.35"),
        "livelihood": (1, "84000.00", "53200.23"),
        "humanitarian": (1, "32500.00", "32500.00"),
        # I5 and I7 have no sector; the cancelled item's 5 000 arrived
        "other": (2, "30000.00", "5000.00"),
    }
    total = sum(Decimal(r["disbursed_usd"]) for r in f["by_sector"])
    assert total == Decimal(f["disbursed_usd"])
    countries = {
        r["key"]: (r["donors"], r["items"], r["committed_usd"]) for r in f["by_donor_country"]
    }
    assert countries == {
        "JP": (1, 2, "210000.00"),
        "KR": (1, 2, "240000.00"),
        "US": (1, 2, "32500.00"),
    }
    new = fixture["units"]["new"]
    assert {r["key"]: r["items"] for r in f["by_locality"]} == {
        str(new[2].pk): 1,
        str(new[3].pk): 1,
        str(new[4].pk): 1,
    }


def test_before_the_merger_counts_the_old_provinces_districts_only(fixture):  # noqa: ANN001
    f = reports.compute(Y2024)
    # active in 2024: I1 (Huyện Cũ 1) and I7 (Huyện Q of an absorbed province: not counted)
    assert [p["level"] for p in f["coverage"]] == ["district"]
    assert (f["localities_covered"], f["localities_total"]) == (1, 4)
    assert (f["programmes"], f["projects"], f["non_projects"]) == (0, 2, 0)
    assert f["items_received"] == 1  # I1
    assert f["committed_usd"] == "100000.00"
    assert f["disbursed_usd"] == "50000.00"
    assert f["disbursed_vnd"] == "1200000000.00"  # 50 000 × 24 000
    assert "01/04 huyện, thành, thị" in " ".join(reports.narrative(f))


def test_after_the_merger_counts_the_merged_provinces_communes(fixture):  # noqa: ANN001
    f = reports.compute(H2_2025)
    assert [p["level"] for p in f["coverage"]] == ["commune"]
    assert (f["localities_covered"], f["localities_total"]) == (3, 5)
    # I2 and I3 active; I5 approved on 01/11
    assert (f["programmes"], f["projects"], f["non_projects"]) == (1, 0, 1)
    assert f["items_received"] == 2


def test_a_term_counts_each_donor_and_item_once(fixture):  # noqa: ANN001
    f = reports.compute(TERM)
    years = [reports.compute(Period(date(y, 1, 1), date(y, 12, 31))) for y in (2023, 2024, 2025)]
    assert f["donors"] == 3 < sum(y["donors"] for y in years)
    assert f["projects"] == 2 < sum(y["projects"] for y in years)
    assert f["items_received"] == 5  # I7 2023, I1 2024, I2 I3 I5 2025
    # 10 000 + 100 000 + 210 000 + 32 500 + 30 000
    assert f["committed_usd"] == "382500.00"
    assert f["disbursed_usd"] == "280500.58"
    assert f["disbursed_vnd"] == "7050014437.50"


def test_the_narrative_reads_as_the_field_writes_it(fixture):  # noqa: ANN001
    text = reports.narrative(reports.compute(Y2025))
    assert text[0].startswith(
        "Trên địa bàn tỉnh có 01 chương trình, 02 dự án và 01 phi dự án viện trợ nước ngoài"
        " đang được triển khai thực hiện của 03 nhà tài trợ"
    )
    assert "tổng số vốn cam kết viện trợ là 0,27 triệu USD" in text[1]
    assert text[2] == (
        "Tổng giá trị giải ngân thực tế đạt trên 0,23 triệu USD (tương đương khoảng 5,85 tỷ đồng)."
    )
    assert text[3] == (
        "Các chương trình, dự án viện trợ được triển khai từ 01/01/2025 đến 30/06/2025 tại"
        " 03/04 huyện, thành, thị; từ 01/07/2025 đến 31/12/2025 tại 03/05 xã, phường."
    )


def test_money_words():
    assert reports.usd_words(Decimal("3270000")) == "3,27 triệu USD"
    assert reports.usd_words("7012345.67", at_least=True) == "trên 7,01 triệu USD"
    assert reports.usd_words("7050000", at_least=True) == "7,05 triệu USD"
    assert reports.vnd_words("165300000000") == "khoảng 165 tỷ đồng"
    assert reports.vnd_words("5000000000") == "5 tỷ đồng"


def test_figures_link_to_the_records_behind_them(fixture, client, role_user):  # noqa: ANN001
    from doingoai.core import roles as R

    client.force_login(role_user(R.SPECIALIST))
    f = reports.compute(Y2025)
    expected = {
        "projects": f["projects"],
        "programmes": f["programmes"],
        "items_received": f["items_received"],
        "donors": f["donors"],
        "disbursed_usd": 5,
    }
    with override_settings(PROVINCE_CODE=40):  # the pages know the real province only
        for path, count in expected.items():
            page = client.get(reports.link(Y2025, path))
            assert page.status_code == 200, path
            assert len(page.context["table"].rows) == count, path


def test_the_section_reads_in_fixed_queries(fixture, units, most_parameters):  # noqa: ANN001
    with CaptureQueriesContext(connection) as first:
        reports.compute(Y2025)
    donor = DonorFactory()
    for n in range(30):
        item = AidItemFactory(
            title=f"Thêm {n}",
            approved_on=date(2025, 4, 1),
            start=date(2025, 4, 1),
            end=date(2025, 10, 1),
            donors=[donor],
            localities=[units["new"][1], units["old"]["c11"]],
        )
        AidSector.objects.create(item=item, code="43040", percentage=100)
        Disbursement.objects.create(
            item=item, date=date(2025, 5, 1), amount=Decimal("10"), currency="EUR"
        )
    with CaptureQueriesContext(connection) as second, most_parameters() as seen:
        reports.compute(Y2025)
    assert len(second) == len(first)
    assert seen[0] < 30  # the period's items are not sent back as a list of keys
