"""The checks hold whatever the channel (API, member records, import), the caps of the
province's regulation warn, every rule carries its legal source."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import io as record_io
from doingoai.core import roles as R
from doingoai.core.models import Rule
from doingoai.core.registry import registry
from doingoai.core.rules import all_rules, rule_value
from doingoai.delegations import checks
from doingoai.delegations.models import OutboundMember
from tests.delegations.factories import trip
from tests.factories import PersonFactory
from tests.factories import xlsx_bytes as _xlsx

OUT = registry.get("delegations.outbounddelegation")
MEMBERS = registry.get("delegations.outboundmember")
API = "/api/v1/delegations/outbound/"
MEMBERS_API = "/api/v1/delegations/members/"


@pytest.mark.django_db
def test_api_change_of_destinations_after_the_decision_is_an_amendment(client_as):
    obj = trip(people=[PersonFactory()], status="decided", departure=date(2030, 4, 1))
    client = client_as(R.ADMIN)
    response = client.patch(
        f"{API}{obj.pk}/",
        {"destinations": ["KR", "JP"], "version": obj.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    obj.refresh_from_db()
    assert obj.status == "amendment"
    (change,) = obj.amendments.get().changes
    assert "Nhật Bản" in change["new"] and "Nhật Bản" not in change["old"]


@pytest.mark.django_db
def test_api_overlap_is_refused_naming_the_other_trip(client_as):
    person = PersonFactory(full_name="Lê Văn Hai Chuyến")
    trip(
        people=[person],
        status="decided",
        departure=date(2031, 5, 10),
        days=6,
        title="Đoàn học tập tại Singapore 2031",
    )
    other = trip(status="draft", departure=date(2031, 5, 15), days=3)
    client = client_as(R.ADMIN)
    response = client.post(
        MEMBERS_API,
        {"delegation": other.pk, "person": person.pk, "is_head": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Đoàn học tập tại Singapore 2031" in body and "10/05/2031" in body
    assert not other.members.exists()


@pytest.mark.django_db
def test_member_added_to_a_decided_trip_is_an_amendment_and_edits_go_through_the_form(
    client_as,
):
    first = PersonFactory(full_name="Trần Văn Đầu")
    obj = trip(people=[first], status="decided", departure=date(2032, 3, 1))
    client = client_as(R.ADMIN)
    response = client.post(
        MEMBERS_API,
        {"delegation": obj.pk, "person": PersonFactory(full_name="Trần Văn Thêm").pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    obj.refresh_from_db()
    assert obj.status == "amendment"
    assert "Trần Văn Thêm" in obj.amendments.get().changes[0]["new"]
    member = obj.members.get(person=first)
    refused = client.delete(f"{MEMBERS_API}{member.pk}/")
    assert refused.status_code == 400
    assert "amendment" in refused.content.decode() or "điều chỉnh" in refused.content.decode()
    assert OutboundMember.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_members_import_is_idempotent_and_refuses_clashing_rows(role_user):
    user = role_user(R.ADMIN)
    march = trip(status="reported", departure=date(2021, 3, 1), title="Đoàn tháng Ba 2021")
    clash = trip(status="reported", departure=date(2021, 3, 3), title="Đoàn trùng ngày 2021")
    trip(status="reported", departure=date(2021, 9, 1), title="Đoàn tháng Chín 2021")
    a = PersonFactory(full_name="Phan Văn Nhập")
    b = PersonFactory(full_name="Phan Thị Nhập")
    headers = ["Delegation", "Person", "Position at the time", "Head of delegation"]
    good = [
        ["Đoàn tháng Ba 2021", a.full_name, "Giám đốc", "Có"],
        ["Đoàn tháng Ba 2021", b.full_name, "Chuyên viên", "Không"],
        ["Đoàn tháng Chín 2021", a.full_name, "Giám đốc", "Có"],
    ]
    result, _plan = record_io.commit_import(MEMBERS, _xlsx(headers, good), user)
    assert result.created == 3
    again, _plan = record_io.commit_import(MEMBERS, _xlsx(headers, good), user)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert march.members.get(is_head=True).person == a
    before = OutboundMember.objects.count()
    clashing = [
        ["Đoàn tháng Chín 2021", b.full_name, "Chuyên viên", "Không"],
        # two rows of one file that clash with each other: b on two overlapping trips
        ["Đoàn trùng ngày 2021", b.full_name, "Chuyên viên", "Không"],
    ]
    with pytest.raises(record_io.ImportRefused) as refused:
        record_io.commit_import(MEMBERS, _xlsx(headers, clashing), user)
    errors = refused.value.args[0].errors
    assert [e.row for e in errors] == [3]
    assert "Đoàn tháng Ba 2021" in errors[0].message
    assert OutboundMember.objects.count() == before
    assert not clash.members.exists()


@pytest.mark.django_db
def test_every_rule_has_its_source_and_values_are_settings():
    ours = {r.key: r for r in all_rules() if r.key.startswith("delegations.")}
    assert {key: spec.default for key, spec in ours.items()} == {
        "delegations.report_due_days": 15,
        "delegations.request_lead_days": 20,
        "delegations.max_members": 10,
        "delegations.max_days": 10,
        "delegations.max_countries": 3,
        "delegations.leader_trips_per_year": 2,
    }
    assert "67/2011/QĐ-TTg" in ours["delegations.report_due_days"].source
    assert all(spec.source for spec in ours.values())
    Rule.objects.update_or_create(
        key="delegations.report_due_days", defaults={"label": "x", "value": 30}
    )
    assert rule_value("delegations.report_due_days") == 30


@pytest.mark.django_db
def test_caps_of_the_regulation_warn():
    people = [PersonFactory() for _ in range(11)]
    big = trip(
        people=people, departure=date(2030, 1, 5), days=11, countries=["KR", "JP", "CN", "TH"]
    )
    warnings = " ".join(checks.cap_warnings(big))
    assert "11" in warnings and "4" in warnings and "12" in warnings
    assert len(checks.cap_warnings(big)) == 3
    small = trip(people=[PersonFactory()], departure=date(2030, 3, 5), days=3)
    assert checks.cap_warnings(small) == []
    Rule.objects.update_or_create(key="delegations.max_days", defaults={"label": "x", "value": 2})
    assert len(checks.cap_warnings(small)) == 1


@pytest.mark.django_db
def test_a_provincial_leader_beyond_two_trips_a_year_is_warned(client_as):
    chair = PersonFactory(full_name="Nguyễn Văn Chủ Tịch", position="Phó Chủ tịch UBND tỉnh")
    trips = [
        trip(
            people=[chair],
            departure=date(2030, month, 2),
            days=3,
            led_by_provincial_leader=True,
            title=f"Đoàn lãnh đạo tỉnh tháng {month}",
        )
        for month in (2, 6)
    ]
    assert checks.leader_trips_warning(trips[1]) is None
    third = trip(
        people=[chair],
        departure=date(2030, 10, 2),
        days=3,
        status="submitted",
        led_by_provincial_leader=True,
        title="Đoàn lãnh đạo tỉnh tháng 10",
    )
    warning = checks.leader_trips_warning(third)
    assert warning and "Nguyễn Văn Chủ Tịch" in warning and "3" in warning
    page = client_as(R.SPECIALIST).get(third.get_absolute_url()).content.decode()
    assert "Nguyễn Văn Chủ Tịch" in page and "alert-warning" in page
    trips[0].status = "cancelled"
    trips[0].save()
    assert checks.leader_trips_warning(third) is None
