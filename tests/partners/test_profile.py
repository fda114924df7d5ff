"""The partner profile: records of several modules linked to the partner (through core
record links, found through the registry), by year, with counts and a timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from doingoai.core import roles as R
from doingoai.core.links import link_add
from doingoai.core.registry import registry
from tests.factories import CONTRACT_FACTORIES
from tests.partners.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

#: Records of three other apps linked in the test through core's record links, by registry
#: key, with their report date (None: the type has no report date): the delegations module,
#: a core-registered type and the test-only type (other area modules are built apart).
OTHERS = {
    "delegations.outbounddelegation": {"planned_departure": date(2024, 3, 1)},
    "delegations.inbounddelegation": {"planned_arrival": date(2025, 5, 5)},
    "core.legaldocument": {"number": "15/QĐ-UBND", "issued_date": date(2023, 1, 9)},
    "contract_app.trialactivity": {"title": "Hội thảo với đối tác", "held_on": date(2025, 9, 1)},
}


def test_profile_shows_records_of_three_other_modules(client_as):
    partner = PartnerFactory(name="tỉnh Hồ Sơ")
    AgreementFactory(
        title="BGN Hồ Sơ", status="in_force", signed_on=date(2025, 2, 1), foreign_parties=[partner]
    )
    linked = []
    for n, (key, values) in enumerate(OTHERS.items()):
        obj = CONTRACT_FACTORIES[key](**values)
        # both directions of a link count: the partner as source, then as target
        if n % 2 and registry.get(key).links_to:
            link_add(source=obj, target=partner, kind="with_partner", user=None)
        else:
            link_add(source=partner, target=obj, kind="with_partner", user=None)
        linked.append(obj)
    unrelated = CONTRACT_FACTORIES["delegations.inbounddelegation"](title="Không liên quan")
    client = client_as(R.LEADER)
    response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    profile = response.context["profile"]
    assert profile["count"] == 1 + len(linked)
    apps = {key.split(".")[0] for key in OTHERS}
    assert len(apps) == 3 and "partners" not in apps
    labels = {str(registry.get(key).label) for key in [*OTHERS, "partners.agreement"]}
    assert {a.kind for a in profile["timeline"]} == labels
    # by year (newest first, the undated last): hand count
    years = {y: total for y, _counts, total in profile["years"]}
    assert [y for y, _counts, _total in profile["years"]] == [2025, 2024, None]
    assert years == {2025: 2, 2024: 1, None: 2}
    totals = dict(zip(profile["kinds"], profile["totals"], strict=True))
    assert totals[str(registry.get("delegations.inbounddelegation").label)] == 1
    assert "BGN Hồ Sơ" in html and 'id="partner-timeline"' in html
    for obj in linked:
        assert str(obj) in html
    assert str(unrelated) not in html


def test_no_module_imports_another_for_the_profile():
    """The partners app reaches the other areas through core only, and the dashboard and
    reports reach partners through core's registries only."""
    root = Path(__file__).resolve().parents[2] / "doingoai"
    domain = {p.name for p in root.iterdir() if (p / "apps.py").exists()} - {"core", "config"}
    for app, allowed in (("partners", {"partners"}), ("reports", {"reports"})):
        for path in (root / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for other in domain - allowed:
                assert f"doingoai.{other}" not in text, (path, other)


def test_profile_hides_what_the_user_may_not_see(client_as):
    partner = PartnerFactory()
    visit = CONTRACT_FACTORIES["delegations.inbounddelegation"](title="Đoàn kín")
    link_add(source=partner, target=visit, kind="with_partner", user=None)
    from doingoai.partners.profile import partner_activities
    from tests.factories import make_user

    assert [a.title for a in partner_activities(partner, make_user(R.LEADER))] == ["Đoàn kín"]
    assert partner_activities(partner, make_user(R.AGENCY)) == []


def test_agreement_lists_the_activities_under_it(client_as):
    """Item 2: the activities under an agreement are the records of other modules linked to
    it through core's record links (either direction), by year, with a timeline."""
    agreement = AgreementFactory(title="BGN triển khai", status="in_force")
    outbound = CONTRACT_FACTORIES["delegations.outbounddelegation"](
        title="Đoàn triển khai BGN", planned_departure=date(2025, 4, 2)
    )
    activity = CONTRACT_FACTORIES["contract_app.trialactivity"](
        title="Hội thảo triển khai BGN", held_on=date(2024, 6, 1)
    )
    link_add(source=outbound, target=agreement, kind="under_agreement", user=None)
    link_add(source=activity, target=agreement, kind="under_agreement", user=None)
    CONTRACT_FACTORIES["delegations.outbounddelegation"](title="Đoàn không liên quan")
    response = client_as(R.LEADER).get(agreement.get_absolute_url())
    html = response.content.decode()
    implementation = response.context["implementation"]
    assert implementation["count"] == 2
    assert [a.title for a in implementation["timeline"]] == [
        "Đoàn triển khai BGN",
        "Hội thảo triển khai BGN",
    ]
    assert 'id="agreement-timeline"' in html and "Đoàn không liên quan" not in html
