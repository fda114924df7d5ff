"""The partner profile: records of several modules linked to the partner (through core
record links, found through the registry), by year, with counts and a timeline."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.core import roles as R
from doingoai.core.links import link_add
from tests.factories import CONTRACT_FACTORIES
from tests.partners.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

#: Records of other modules linked in the test, by registry key, with their report date.
OTHERS = {
    "delegations.outbounddelegation": {"planned_departure": date(2024, 3, 1)},
    "delegations.inbounddelegation": {"planned_arrival": date(2025, 5, 5)},
    "border.borderincident": {"occurred_on": date(2025, 8, 1)},
}


def test_profile_shows_records_of_several_modules(client_as):
    partner = PartnerFactory(name="tỉnh Hồ Sơ")
    AgreementFactory(
        title="BGN Hồ Sơ", status="in_force", signed_on=date(2025, 2, 1), foreign_parties=[partner]
    )
    linked = []
    for key, values in OTHERS.items():
        if key.split(".")[0] == "border" and key not in CONTRACT_FACTORIES:
            continue  # a province without a border has no border module
        obj = CONTRACT_FACTORIES[key](**values)
        link_add(source=partner, target=obj, kind="with_partner", user=None)
        linked.append(obj)
    unrelated = CONTRACT_FACTORIES["delegations.inbounddelegation"](title="Không liên quan")
    client = client_as(R.LEADER)
    response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    profile = response.context["profile"]
    assert profile["count"] == 1 + len(linked)
    assert len({a.kind for a in profile["timeline"]}) == 1 + len(linked) >= 3
    assert [y for y, _counts, _total in profile["years"]] == [2025, 2024]
    assert {y: total for y, _counts, total in profile["years"]} == {
        2025: len(linked),
        2024: 1,
    }
    assert "BGN Hồ Sơ" in html and 'id="partner-timeline"' in html
    for obj in linked:
        assert str(obj) in html
    assert str(unrelated) not in html


def test_profile_hides_what_the_user_may_not_see(client_as):
    partner = PartnerFactory()
    visit = CONTRACT_FACTORIES["delegations.inbounddelegation"](title="Đoàn kín")
    link_add(source=partner, target=visit, kind="with_partner", user=None)
    from doingoai.partners.profile import partner_activities
    from tests.factories import make_user

    assert [a.title for a in partner_activities(partner, make_user(R.LEADER))] == ["Đoàn kín"]
    assert partner_activities(partner, make_user(R.AGENCY)) == []
