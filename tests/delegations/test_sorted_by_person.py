"""The members list sorted by person (and the trips and visits by agency) reads the related
name kept on the row (core.sortkeys): the order is the related name's Vietnamese order,
and stays so after a rename (service, UI, API), a merge, an import and a bulk insert."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.core import bulk, paging, services
from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.collation import sort_key, vi_collate
from doingoai.core.kept import forget_everything
from doingoai.core.merge import merge_records
from doingoai.core.models import Person
from doingoai.core.registry import registry
from doingoai.delegations.models import InboundDelegation, OutboundDelegation, OutboundMember
from tests.core.test_transactions import page_data
from tests.delegations.factories import InboundFactory, OutboundFactory
from tests.factories import OrganisationFactory, PersonFactory
from tests.factories import xlsx_bytes as _xlsx
from tests.sorting import assert_sorted_by_kept_name

MEMBERS = registry.get("delegations.outboundmember")
OUT = registry.get("delegations.outbounddelegation")
IN = registry.get("delegations.inbounddelegation")
PERSON = registry.get("core.person")

#: in Vietnamese order: a < â, d < đ, ă < ô, o < ô < u < ư, tones after letters
NAMES = [
    "Anh Văn Tú",
    "Ấn Văn Độ",
    "Bùi Đức Dũng",
    "Bùi Xuân Phong",
    "Dương Văn Minh",
    "Đặng Văn An",
    "Đỗ Thị Hà",
    "Ông Văn Ích",
    "Uông Văn Sơn",
    "Ứng Văn Yên",
]


def _members(names: list[str], trips: int = 1) -> list[OutboundMember]:
    made = []
    for t in range(trips):
        delegation = OutboundFactory(planned_departure=date(2026, 1, 1 + t))
        for index, name in enumerate(names):
            person = PersonFactory(full_name=name)
            made.append(
                OutboundMember.objects.create(
                    delegation=delegation, person=person, is_head=index == 0
                )
            )
    return made


def _page(client, sort: str, page: int = 1) -> list[int]:  # noqa: ANN001
    response = client.get(MEMBERS.url("list"), {"sort": sort, "page": page})
    assert response.status_code == 200
    return [row.record.pk for row in response.context["table"].page.object_list]


def _joined(sort: str) -> list[int]:
    """The plain order: the related person's collated name over a join, then the id."""
    key = vi_collate("person__full_name")
    if sort.startswith("-"):
        qs = OutboundMember.objects.order_by(key.desc(), "-id")
    else:
        qs = OutboundMember.objects.order_by(key.asc(), "id")
    return list(qs.values_list("pk", flat=True))


def _names(sort: str) -> list[str]:
    ids = _joined(sort)
    names = dict(OutboundMember.objects.values_list("pk", "person__full_name"))
    return [names[pk] for pk in ids]


@pytest.mark.django_db
def test_sorted_by_person_is_the_collated_name_order_on_every_page(client_as, monkeypatch):
    assert sorted(NAMES, key=sort_key) == NAMES
    _members(NAMES, trips=3)  # 30 members: two pages
    client = client_as(R.ADMIN)
    assert _names("person")[::3] == NAMES
    assert _page(client, "person") + _page(client, "person", 2) == _joined("person")
    assert _page(client, "-person") + _page(client, "-person", 2) == _joined("-person")
    # page 2 read keys first (paging.deep_page) in the same order
    monkeypatch.setattr(paging, "DEEP_OFFSET", 10)
    assert _page(client, "-person", 2) == _joined("-person")[25:]
    assert _page(client, "person", 2) == _joined("person")[25:]


@pytest.mark.django_db
def test_the_sorted_page_uses_the_kept_name_and_its_index():
    _members(NAMES[:3])
    assert_sorted_by_kept_name(MEMBERS, "-person", "person_name", "core_person", "member_person_vi")


@pytest.mark.django_db
def test_sorted_page_queries_do_not_grow_with_rows(client_as):
    client = client_as(R.ADMIN)
    _members(NAMES, trips=3)
    _page(client, "-person")
    forget_everything()  # kept values (tables' sizes, choices) read by both pages alike
    with CaptureQueriesContext(connection) as few:
        _page(client, "-person")
    _members(NAMES, trips=3)
    forget_everything()
    with CaptureQueriesContext(connection) as many:
        _page(client, "-person")
    assert len(many) <= len(few)  # (a kept count or choice list may be read only once)


@pytest.mark.django_db
def test_rename_by_service_ui_and_api_keeps_the_order(client_as):
    members = _members(NAMES)
    client = client_as(R.ADMIN)
    admin = client.user
    first = members[0].person  # "Anh Văn Tú" → last
    history = OutboundMember.history.count()
    version = OutboundMember.objects.get(pk=members[0].pk).version

    first.full_name = "Ỷ Lan"
    services.record_save(rt=PERSON, obj=first, user=admin)
    assert OutboundMember.objects.get(pk=members[0].pk).person_name == "Ỷ Lan"
    assert _page(client, "person") == _joined("person")
    assert _page(client, "person")[-1] == members[0].pk
    # the members' rows are not new versions: the history is the persons'
    assert OutboundMember.history.count() == history
    assert OutboundMember.objects.get(pk=members[0].pk).version == version

    # UI: the person's edit page
    second = Person.objects.get(pk=members[1].person_id)  # "Ấn Văn Độ" → first
    data = page_data(PERSON, second, admin)
    data["full_name"] = "An Thị Ánh"
    response = client.post(PERSON.url("edit", second.pk), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert _page(client, "person") == _joined("person")
    assert _page(client, "person")[0] == members[1].pk

    # API
    third = Person.objects.get(pk=members[2].person_id)
    response = client.patch(
        f"/api/v1/core/{PERSON.url_slug}/{third.pk}/",
        {"full_name": "Ân Đức Ái", "version": third.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert OutboundMember.objects.get(pk=members[2].pk).person_name == "Ân Đức Ái"
    assert _page(client, "-person") == _joined("-person")


@pytest.mark.django_db
def test_merge_moves_members_with_the_kept_name(client_as):
    members = _members(NAMES)
    client = client_as(R.ADMIN)
    duplicate = members[0].person  # "Anh Văn Tú"
    kept = PersonFactory(full_name="Yên Văn Giữ")
    merge_records(rt=PERSON, source=duplicate, target=kept, user=client.user)
    moved = OutboundMember.objects.get(pk=members[0].pk)
    assert (moved.person_id, moved.person_name) == (kept.pk, "Yên Văn Giữ")
    assert _page(client, "person") == _joined("person")
    assert _page(client, "person")[-1] == members[0].pk


@pytest.mark.django_db
def test_imported_members_sort_by_their_person(client_as):
    client = client_as(R.ADMIN)
    delegation = OutboundFactory(title="Đoàn nhập thử sắp xếp", planned_departure=date(2026, 2, 1))
    people = [PersonFactory(full_name=name) for name in reversed(NAMES)]
    rows = [[delegation.title, p.full_name] for p in people]
    result, plan = record_io.commit_import(MEMBERS, _xlsx(["Đoàn", "Cá nhân"], rows), client.user)
    assert result.created == len(NAMES), [p.message for p in plan.errors]
    assert set(OutboundMember.objects.values_list("person_name", flat=True)) == set(NAMES)
    assert _page(client, "person") == _joined("person")


@pytest.mark.django_db
def test_bulk_inserted_members_get_the_name_in_one_query_per_batch(role_user):
    admin = role_user(R.ADMIN)
    delegation = OutboundFactory()
    ids = [PersonFactory(full_name=name).pk for name in NAMES]
    objs = [OutboundMember(delegation_id=delegation.pk, person_id=pk) for pk in ids]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert(OutboundMember, objs)
    person_reads = [q for q in queries if 'FROM "core_person"' in q["sql"]]
    assert len(person_reads) == 1
    names = dict(OutboundMember.objects.values_list("person_id", "person_name"))
    assert [names[pk] for pk in ids] == NAMES
    # the import's path (search text, history, guards) keeps them too
    other = OutboundFactory()
    objs = [OutboundMember(delegation_id=other.pk, person_id=pk) for pk in ids]
    services.record_bulk_create(rt=MEMBERS, objs=objs, user=admin)
    names = dict(
        OutboundMember.objects.filter(delegation=other).values_list("person_id", "person_name")
    )
    assert [names[pk] for pk in ids] == NAMES


@pytest.mark.django_db
def test_trips_and_visits_sort_by_their_agency(client_as):
    client = client_as(R.ADMIN)
    agencies = [OrganisationFactory(name=name) for name in reversed(NAMES[:5])]
    for agency in agencies:
        OutboundFactory(agency=agency)
        InboundFactory(host_agency=agency)
    for rt, model in ((OUT, OutboundDelegation), (IN, InboundDelegation)):
        field = "agency" if model is OutboundDelegation else "host_agency"
        response = client.get(rt.url("list"), {"sort": field})
        shown = [getattr(r.record, field).name for r in response.context["table"].page.object_list]
        assert shown == NAMES[:5]
    agencies[0].name = "A Bảo"  # was last (reversed): now first
    agencies[0].save()
    response = client.get(OUT.url("list"), {"sort": "-agency"})
    assert list(response.context["table"].page.object_list)[-1].record.agency_id == agencies[0].pk
