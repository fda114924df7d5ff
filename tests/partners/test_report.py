"""The agreements section of the periodic reports equals the hand count of a fixture, its
figures link to lists of exactly those records, and the narrative names what was done."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import roles as R
from doingoai.core.links import link_add
from doingoai.core.sections import Period
from doingoai.partners import reports
from tests.delegations.factories import InboundFactory
from tests.partners.factories import AgreementFactory, PartnerFactory

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def fixture(db):  # noqa: ANN001, ANN201
    lao = PartnerFactory(
        name="tỉnh Xiêng Khoảng",
        country_id="LA",
        relation="traditional",
        established=date(2025, 3, 1),
    )
    gifu = PartnerFactory(
        name="tỉnh Gifu", country_id="JP", relation="cooperation", established=date(2015, 7, 1)
    )
    seoul = PartnerFactory(name="thành phố Seoul", country_id="KR", established=date(2024, 12, 31))
    idle = PartnerFactory(
        name="tỉnh Không hoạt động", country_id="KR", established=date(2010, 1, 1)
    )
    # signed in 2025: two (one with parties of two countries); a draft and a 2024 one are not
    AgreementFactory(
        title="BGN Gifu",
        kind="mou",
        status="in_force",
        signed_on=date(2025, 4, 10),
        valid_from=date(2025, 4, 10),
        valid_to=date(2030, 4, 9),
        foreign_parties=[gifu],
    )
    AgreementFactory(
        title="TTHT ba bên",
        kind="cooperation",
        status="signed",
        signed_on=date(2025, 11, 5),
        foreign_parties=[lao, gifu],
    )
    AgreementFactory(
        title="Dự thảo", status="draft", signed_on=date(2025, 6, 1), foreign_parties=[idle]
    )
    AgreementFactory(
        title="Cũ còn hiệu lực",
        status="in_force",
        signed_on=date(2024, 2, 1),
        valid_from=date(2024, 2, 1),
        valid_to=date(2026, 1, 31),
        foreign_parties=[seoul],
    )
    AgreementFactory(
        title="Hết hạn giữa năm",
        status="expired",
        signed_on=date(2020, 2, 1),
        valid_from=date(2020, 2, 1),
        valid_to=date(2025, 6, 30),
        foreign_parties=[seoul],
    )
    AgreementFactory(
        title="Đã chấm dứt", status="terminated", signed_on=date(2023, 2, 1), foreign_parties=[idle]
    )
    # seoul is active through a visit of the delegations module linked to it in 2025;
    # idle has a visit linked in 2024 only
    visit = InboundFactory(planned_arrival=date(2025, 5, 5), planned_departure=date(2025, 5, 7))
    old = InboundFactory(planned_arrival=date(2024, 5, 5), planned_departure=date(2024, 5, 7))
    link_add(source=visit, target=seoul, kind="with_partner", user=None)
    link_add(source=idle, target=old, kind="related", user=None)
    return {"lao": lao, "gifu": gifu, "seoul": seoul, "idle": idle}


def test_figures_equal_the_hand_count(fixture):
    figures = reports.compute(YEAR)
    assert figures["signed"] == 2  # BGN Gifu, TTHT ba bên
    assert figures["in_force"] == 3  # BGN Gifu, TTHT ba bên (signed, open-ended), Cũ còn hiệu lực
    assert figures["partnerships_established"] == 1  # Xiêng Khoảng (Seoul: 31/12/2024)
    assert figures["partners_active"] == 3  # Gifu, Xiêng Khoảng (agreements), Seoul (visit)
    by_country = {r["key"]: r for r in figures["by_country"]}
    assert by_country["JP"]["signed"] == 2 and by_country["LA"]["signed"] == 1
    assert by_country["LA"]["partnerships_established"] == 1
    assert "KR" not in by_country
    assert {r["key"]: r["signed"] for r in figures["by_kind"]} == {"mou": 1, "cooperation": 1}
    assert reports.active_partner_ids(YEAR.start, YEAR.end) == {
        fixture["gifu"].pk,
        fixture["lao"].pk,
        fixture["seoul"].pk,
    }


def test_every_figure_links_to_exactly_its_records(fixture, client_as):
    client = client_as(R.LEADER)
    figures = reports.compute(YEAR)
    paths = ["signed", "in_force", "partnerships_established", "partners_active"]
    paths += [f"by_country.{r['key']}.signed" for r in figures["by_country"] if r["signed"]]
    paths += [f"by_kind.{r['key']}.signed" for r in figures["by_kind"]]
    for path in paths:
        url = reports.link(YEAR, path)
        value = figures
        for part in path.split("."):
            value = (
                next(r for r in value if r["key"] == part)
                if isinstance(value, list)
                else value[part]
            )
        response = client.get(url)
        assert response.status_code == 200, path
        assert response.context["table"].paginator.count == value, path


def test_narrative_names_relations_and_agreements(fixture):
    sentences = reports.narrative(reports.compute(YEAR))
    text = " ".join(sentences)
    assert (
        "Thiết lập quan hệ với 01 đối tác nước ngoài: thiết lập quan hệ hữu nghị truyền "
        "thống với tỉnh Xiêng Khoảng (Lào)." in text
    )
    assert (
        "Ký kết 02 thỏa thuận quốc tế: ký kết Biên bản ghi nhớ với tỉnh Gifu ngày 10/04/2025"
        in text
    )
    assert "Thỏa thuận hợp tác với tỉnh Xiêng Khoảng, tỉnh Gifu" in text or (
        "Thỏa thuận hợp tác với tỉnh Gifu, tỉnh Xiêng Khoảng" in text
    )
    assert "có 03 thỏa thuận quốc tế còn hiệu lực; 03 đối tác" in text


def test_section_is_in_the_report_api(fixture, client_as):
    body = client_as(R.LEADER).get("/api/v1/reports/?from=2025-01-01&to=2025-12-31").json()
    section = body["sections"]["agreements"]
    assert {
        k: section[k] for k in ("signed", "in_force", "partners_active", "partnerships_established")
    } == {"signed": 2, "in_force": 3, "partners_active": 3, "partnerships_established": 1}


def test_queries_do_not_grow_with_the_rows(fixture, most_parameters):  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            reports.compute(YEAR)
        return len(queries.captured_queries)

    few = count()
    for n in range(30):
        partner = PartnerFactory(established=date(2025, 2, n % 28 + 1), country_id="TH")
        AgreementFactory(
            status="in_force", signed_on=date(2025, 3, n + 1), foreign_parties=[partner]
        )
        visit = InboundFactory(planned_arrival=date(2025, 6, n + 1))
        link_add(source=visit, target=partner, kind="with_partner", user=None)
    with most_parameters("partners_agreement") as seen:
        reports.compute(YEAR)
    assert seen[0] < 30  # the period's agreements are not sent back as a list of keys
    # grouped counts (signed by country, established by country and relation, kinds,
    # parties), the nine named records, the count in force and the record links: fixed
    assert count() == few <= 10
    assert reports.compute(YEAR)["signed"] == 32
