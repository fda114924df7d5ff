"""The persons list (a million rows at stress) sorted by organisation reads the organisation's
name kept on the row (``Person.organisation_name``, core.sortkeys): the same Vietnamese order
as the join it replaces, with a bounded number of queries. It does not offer a sort by
nationality (an outer join no index serves); the filter by nationality stays."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.collation import sort_key, vi_collate
from doingoai.core.models import Person
from doingoai.core.registry import registry
from doingoai.core.tables import table_for
from tests.factories import CountryFactory, OrganisationFactory, PersonFactory
from tests.sorting import assert_sorted_by_kept_name

PERSON = registry.get("core.person")

#: in Vietnamese order: a < ă < â, d < đ, o < ô < ơ, u < ư, tones after letters
ORGANISATIONS = [
    "Ban Dân tộc",
    "Bảo tàng Nghệ An",
    "Đài Phát thanh",
    "Hội Hữu nghị",
    "Ủy ban nhân dân",
    "Ứng phó thiên tai",
]


def _persons(per_organisation: int = 5) -> list[Person]:
    made = []
    for index, name in enumerate(reversed(ORGANISATIONS)):
        organisation = OrganisationFactory(name=name)
        for n in range(per_organisation):
            made.append(
                PersonFactory(full_name=f"Nguyễn Văn {index}{n}", organisation=organisation)
            )
    made.append(PersonFactory(full_name="Không Có Cơ Quan", organisation=None))
    return made


def _joined(sort: str) -> list[int]:
    """The order before the kept name: the organisation's collated name over a join, then
    the id."""
    key = vi_collate("organisation__name")
    if sort.startswith("-"):
        qs = Person.objects.order_by(key.desc(), "-id")
    else:
        qs = Person.objects.order_by(key.asc(), "id")
    return list(qs.values_list("pk", flat=True))


def _page(client, sort: str, page: int = 1, **params) -> list[int]:  # noqa: ANN001, ANN003
    response = client.get(PERSON.url("list"), {"sort": sort, "page": page, **params})
    assert response.status_code == 200
    return [row.record.pk for row in response.context["table"].page.object_list]


@pytest.mark.django_db
def test_sorted_by_organisation_is_the_joined_order(client_as):
    assert sorted(ORGANISATIONS, key=sort_key) == ORGANISATIONS
    _persons()  # 31 persons: two pages
    client = client_as(R.ADMIN)
    for sort in ("organisation", "-organisation"):
        assert _page(client, sort) + _page(client, sort, 2) == _joined(sort)
    names = dict(Person.objects.values_list("pk", "organisation__name"))
    shown = [names[pk] for pk in _joined("organisation") if names[pk] is not None]
    assert list(dict.fromkeys(shown)) == ORGANISATIONS


@pytest.mark.django_db
def test_the_sort_by_organisation_reads_the_kept_name_and_its_index():
    _persons(1)
    assert_sorted_by_kept_name(
        PERSON, "organisation", "organisation_name", "core_organisation", "person_org_vi"
    )


@pytest.mark.django_db
def test_a_renamed_organisation_moves_its_persons(client_as):
    _persons(2)
    client = client_as(R.ADMIN)
    first = Person.objects.get(organisation__name=ORGANISATIONS[0], full_name__endswith="0")
    organisation = first.organisation
    organisation.name = "Văn phòng Đoàn"
    services.record_save(rt=registry.get("core.organisation"), obj=organisation, user=client.user)
    first.refresh_from_db()
    assert first.organisation_name == "Văn phòng Đoàn"
    assert _page(client, "organisation") == _joined("organisation")  # 13 persons: one page


@pytest.mark.django_db
def test_sorted_page_queries_do_not_grow_with_rows(client_as):
    client = client_as(R.ADMIN)
    _persons(5)  # more than a page already
    _page(client, "-organisation")
    with CaptureQueriesContext(connection) as few:
        _page(client, "-organisation")
    _persons(10)
    _page(client, "-organisation")  # warm again: new organisations renew the filter's choices
    with CaptureQueriesContext(connection) as many:
        _page(client, "-organisation")
    assert len(many) <= len(few)


@pytest.mark.django_db
def test_nationality_is_not_a_sort_but_stays_a_filter(client_as):
    laos = CountryFactory(code="LA", name_vi="Lào", name_en="Laos")
    cuba = CountryFactory(code="CU", name_vi="Cu Ba", name_en="Cuba")
    lao = [PersonFactory(nationality_id=laos.code) for _ in range(2)]
    cuban = [PersonFactory(nationality_id=cuba.code) for _ in range(2)]
    client = client_as(R.ADMIN)
    table = table_for(PERSON)(Person.objects.none())
    assert table.columns["nationality"].orderable is False
    assert table.columns["organisation"].orderable is True
    default = _page(client, "")
    assert _page(client, "nationality") == default  # ignored: the default order
    assert _page(client, "-nationality") == default
    assert sorted(_page(client, "", nationality="LA")) == sorted(p.pk for p in lao)
    assert sorted(_page(client, "", nationality="CU")) == sorted(p.pk for p in cuban)
