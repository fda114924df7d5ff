"""Consular cases, citizen protection and ABTC: who sees the cases, one access-log line per
read (API included), the report figures against a hand count, the ABTC checks each alone
deciding, the card's validity, the letter, the inbox and the retention command."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone, translation
from docx import Document

from doingoai.consular import reports, services
from doingoai.consular.models import AbtcApplication, CaseAction, CasePerson, ConsularCase
from doingoai.consular.records import PERSONAL_GROUP
from doingoai.core import roles as R
from doingoai.core.models import AccessLog
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from tests.consular.factories import (
    ApplicationFactory,
    BusinesspersonFactory,
    CaseFactory,
    CasePersonFactory,
    EnterpriseFactory,
)

pytestmark = pytest.mark.django_db

CASES = registry.get("consular.consularcase")
PERSONS = registry.get("consular.caseperson")
APPLICATIONS = registry.get("consular.abtcapplication")
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
NEXT = Period(date(2026, 1, 1), date(2026, 12, 31))


def consular_specialist(role_user, personal: bool = True):  # noqa: ANN001, ANN201
    """A specialist of the consular area only (and, by default, the personal-data group)."""
    user = role_user(R.READONLY)
    with translation.override("vi"):
        names = [R.area_group_name(str(CASES.area.label))]
    if personal:
        names.append(PERSONAL_GROUP)
    user.groups.set(Group.objects.filter(name__in=names))
    assert user.groups.count() == len(names), "the consular groups exist"
    return user


# --- who sees the cases ------------------------------------------------------------------------


def test_only_the_roles_given_the_area_see_cases(role_user):
    case = CaseFactory()
    seen = {
        role: CASES.can_object(role_user(role), "view", case)
        for role in (R.ADMIN, R.LEADER, R.SPECIALIST, R.READONLY, R.AGENCY)
    }
    assert seen == {
        R.ADMIN: True,
        R.LEADER: True,
        R.SPECIALIST: True,  # holds the consular area group
        R.READONLY: False,
        R.AGENCY: False,
    }
    other_area = role_user(R.READONLY)
    with translation.override("vi"):
        border = R.area_group_name(str(registry.get("border.bordermarker").area.label))
    other_area.groups.set(Group.objects.filter(name=border))
    assert other_area.groups.exists()
    assert not CASES.can_object(other_area, "view", case)
    assert not CASES.visible_to(other_area).exists()
    # the global personal-data permission alone opens nothing here
    global_only = role_user(R.READONLY)
    global_only.user_permissions.add(*Permission.objects.filter(codename="view_personal_data"))
    assert not CASES.can_object(global_only, "view", case)


def test_the_area_group_alone_sees_cases_masked_and_the_personal_group_sees_them(client, role_user):
    case = CaseFactory(health_details="Gãy chân phải")
    client.force_login(consular_specialist(role_user, personal=False))
    page = client.get(CASES.url("detail", case.pk)).content.decode()
    assert "Gãy chân phải" not in page and "***" in page
    assert not AccessLog.objects.exists()
    client.force_login(consular_specialist(role_user))
    assert "Gãy chân phải" in client.get(CASES.url("detail", case.pk)).content.decode()
    assert AccessLog.objects.count() == 1


def test_every_read_of_a_case_is_logged_once_api_included(client, role_user):
    case = CaseFactory(status="received")
    user = consular_specialist(role_user)
    client.force_login(user)
    api = f"/api/v1/consular/{CASES.url_slug}/"
    reads = [
        (lambda: client.get(CASES.url("detail", case.pk)), "view", "ui"),
        (lambda: client.get(CASES.url("list")), "list", "ui"),
        (lambda: client.get(CASES.url("history", case.pk)), "history", "ui"),
        (lambda: client.get(f"{api}{case.pk}/"), "view", "api"),
        (lambda: client.get(api), "list", "api"),
        (lambda: client.get(f"{api}?kind=protection"), "list", "api"),
        (
            lambda: client.get(CASES.url("export") + "?reason=B%C3%A1o+c%C3%A1o+B%E1%BB%99"),
            "export",
            "ui",
        ),
        (
            lambda: client.post(
                f"{api}{case.pk}/transitions/start_handling/",
                {"comment": "Bắt đầu xử lý", "version": case.version},
                content_type="application/json",
            ),
            "view",
            "api",
        ),
    ]
    for read, action, channel in reads:
        before = AccessLog.objects.count()
        response = read()
        assert response.status_code == 200, (action, channel, response.content[:300])
        assert AccessLog.objects.count() == before + 1, (action, channel)
        line = AccessLog.objects.order_by("-pk").first()
        assert (line.user, line.action, line.channel) == (user, action, channel)
        assert str(case.pk) in line.record_ids.split(",")
    assert AccessLog.objects.get(action="export").reason == "Báo cáo Bộ"


def test_an_export_of_cases_needs_a_stated_reason(client, role_user):
    CaseFactory()
    client.force_login(consular_specialist(role_user))
    asked = client.get(CASES.url("export"))
    assert asked.status_code == 200 and 'id="export-reason"' in asked.content.decode()
    assert client.get(CASES.url("export") + "?reason=+").status_code == 400
    assert not AccessLog.objects.exists()


def test_persons_identifiers_are_sensitive_and_not_searchable():
    assert {"id_number", "passport_number", "health_note", "criminal_note"} <= set(
        PERSONS.sensitive_fields
    )
    assert {"health_details", "criminal_details"} <= set(CASES.sensitive_fields)
    assert (
        PERSONS.sensitive_permission
        == CASES.sensitive_permission
        == ("consular.view_personal_consular")
    )


def test_the_personal_permission_is_held_by_admin_leader_and_the_personal_group():
    holders = set(
        Group.objects.filter(permissions__codename="view_personal_consular").values_list(
            "name", flat=True
        )
    )
    assert holders == {R.GROUP_NAMES[R.ADMIN], R.GROUP_NAMES[R.LEADER], PERSONAL_GROUP}


# --- the case, its timeline and workflow -----------------------------------------------------


def test_a_case_is_entered_with_its_timeline_and_dates_are_day_first(client, role_user):
    client.force_login(consular_specialist(role_user))
    data = {
        "title": "Ngư dân bị bắt giữ",
        "kind": "protection",
        "category": "fishermen",
        "country": "CN",
        "reported_on": "01/07/2025",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    steps = [
        ("02/07/2025", "Tiếp nhận"),
        ("05/07/2025", "Báo cáo Cục Lãnh sự"),
        ("20/07/2025", "Gia đình nhận tin"),
    ]
    for i, (day, action) in enumerate(steps):
        data[f"actions-{i}-done_on"] = day
        data[f"actions-{i}-action"] = action
    response = client.post(CASES.url("add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = ConsularCase.objects.get(title="Ngư dân bị bắt giữ")
    assert case.reported_on == date(2025, 7, 1) and case.started_on == date(2025, 7, 1)
    assert list(case.actions.values_list("action", flat=True)) == [a for _d, a in steps]
    assert case.last_action_on == date(2025, 7, 20)


def test_a_case_is_resolved_only_with_its_outcome_and_stamps_its_dates(role_user):
    from django.core.exceptions import ValidationError

    from doingoai.core import services as core_services

    case = CaseFactory(status="handling", opened_on=None)
    user = role_user(R.LEADER)
    with pytest.raises(ValidationError):
        core_services.workflow_apply(rt=CASES, obj=case, transition_name="resolve", user=user)
    case.outcome = "Đã đưa công dân về nước"
    case.save()
    core_services.workflow_apply(rt=CASES, obj=case, transition_name="resolve", user=user)
    case.refresh_from_db()
    assert case.status == "resolved" and case.closed_on is not None
    assert case.ended_on == case.closed_on


# --- report figures against a hand count -----------------------------------------------------


@pytest.fixture
def fixture_year():  # noqa: ANN201
    """2025: A (Dec 2024 → Jan 2025), B (open), C, D (no country), G (Dec 2025 → Jan 2026)
    are handled; E (2026) and F (2024) are not."""

    def case(title, kind, category, country, reported, closed=None):  # noqa: ANN001, ANN202
        return CaseFactory(
            title=title,
            kind=kind,
            category=category,
            country_id=country,
            reported_on=reported,
            opened_on=reported,
            closed_on=closed,
            status="resolved" if closed else "handling",
        )

    cases = {
        "A": case("A", "protection", "detention", "KR", date(2024, 12, 10), date(2025, 1, 20)),
        "B": case("B", "protection", "labour", "KR", date(2025, 3, 1)),
        "C": case("C", "protection", "fishermen", "CN", date(2025, 5, 1), date(2025, 6, 1)),
        "D": case("D", "consular", "legalisation", None, date(2025, 7, 1), date(2025, 7, 10)),
        "E": case("E", "consular", "foreigners", "LA", date(2026, 1, 5)),
        "F": case("F", "protection", "death", "JP", date(2024, 3, 1), date(2024, 5, 1)),
        "G": case("G", "consular", "visa", "KR", date(2025, 12, 20), date(2026, 1, 15)),
    }
    e1, e2, e3 = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()

    def application(enterprise, **kw):  # noqa: ANN001, ANN003, ANN202
        return ApplicationFactory(businessperson=BusinesspersonFactory(enterprise=enterprise), **kw)

    application(
        e1,
        received_on=date(2025, 1, 20),
        recommended_on=date(2025, 2, 1),
        card_number="A1",
        card_issued_on=date(2025, 3, 15),
        status="granted",
    )
    application(
        e1, received_on=date(2025, 5, 20), recommended_on=date(2025, 6, 1), status="recommended"
    )
    application(
        e2,
        received_on=date(2024, 10, 20),
        recommended_on=date(2024, 11, 1),
        card_number="A3",
        card_issued_on=date(2025, 1, 10),
        status="granted",
    )
    application(e3, received_on=date(2025, 4, 1), status="not_recommended")
    application(
        e2, received_on=date(2025, 8, 20), recommended_on=date(2025, 9, 1), status="refused"
    )
    return cases


def test_consular_figures_equal_the_hand_count(fixture_year):
    figures = reports.compute_consular(YEAR)
    assert figures["consular_cases"] == 2  # D, G
    assert figures["protection_cases"] == 3  # A, B, C
    assert figures["new_cases"] == 4  # B, C, D, G
    assert figures["open_cases"] == 2  # B, and G closed only in 2026
    assert {r["key"]: r["cases"] for r in figures["by_kind"]} == {
        "detention": 1,
        "labour": 1,
        "fishermen": 1,
        "legalisation": 1,
        "visa": 1,
    }
    assert {
        r["key"]: (r["consular_cases"], r["protection_cases"]) for r in figures["by_country"]
    } == {"KR": (1, 2), "CN": (0, 1)}
    following = reports.compute_consular(NEXT)
    assert (following["consular_cases"], following["protection_cases"]) == (2, 1)  # E, G; B


def test_abtc_figures_equal_the_hand_count(fixture_year):
    figures = reports.compute_abtc(YEAR)
    assert figures == {
        "businesspeople": 3,  # recommended Feb, Jun, Sep 2025 (the refused one was recommended)
        "enterprises": 2,
        "cards_granted": 2,  # issued Mar 2025 and Jan 2025 (recommended in 2024)
        "applications_received": 4,
    }


def test_the_narratives_speak_as_the_field_writes(fixture_year):
    consular = reports.narrative_consular(reports.compute_consular(YEAR))
    assert consular[0].startswith(
        "Tiếp nhận, xử lý 02 trường hợp liên quan đến công tác lãnh sự, "
        "03 trường hợp bảo hộ công dân ("
    )
    abtc = reports.narrative_abtc(reports.compute_abtc(YEAR))
    assert abtc == [
        "Đề nghị Cục Quản lý xuất nhập cảnh - Bộ Công an xem xét cấp thẻ ABTC đối với "
        "03 doanh nhân/02 doanh nghiệp; trong kỳ có 02 thẻ được cấp."
    ]


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("consular_cases", 2),
        ("protection_cases", 3),
        ("new_cases", 4),
        ("open_cases", 2),
        ("by_kind.detention.cases", 1),
        ("by_country.KR.protection_cases", 2),
        ("cards_granted", 2),
    ],
)
def test_every_linked_figure_lists_exactly_its_records(fixture_year, admin_client_, path, count):
    link = (reports.link_abtc if path == "cards_granted" else reports.link_consular)(YEAR, path)
    rows = admin_client_.get(link).context["table"].paginator.count
    assert rows == count


def test_the_sections_take_few_queries_whatever_the_rows(
    fixture_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        reports.compute_consular(YEAR)
    with django_assert_max_num_queries(3):
        reports.compute_abtc(YEAR)


def test_the_report_api_carries_both_sections(fixture_year, admin_client_):
    from doingoai.core.sections import build_report

    report = build_report(YEAR)
    sections = report["sections"]
    assert sections["consular"]["consular_cases"] == 2
    assert sections["abtc"]["businesspeople"] == 3


# --- ABTC ----------------------------------------------------------------------------------------


def test_each_abtc_check_alone_decides():
    young = EnterpriseFactory(established_on=date(2024, 3, 11))
    old = EnterpriseFactory(established_on=date(2020, 1, 1))
    received = date(2025, 3, 10)  # the young one: 11 months and 27 days
    ok = ApplicationFactory(
        businessperson=BusinesspersonFactory(enterprise=old), received_on=received
    )
    assert services.abtc_problems(ok) == []
    too_young = ApplicationFactory(
        businessperson=BusinesspersonFactory(enterprise=young), received_on=received
    )
    assert len(services.abtc_problems(too_young)) == 1
    assert services.abtc_problems(too_young, on=date(2025, 3, 11)) == []
    other_post = ApplicationFactory(
        businessperson=BusinesspersonFactory(enterprise=old, post="other"), received_on=received
    )
    assert len(services.abtc_problems(other_post)) == 1


def test_recommend_is_refused_when_a_check_fails(role_user):
    from django.core.exceptions import ValidationError

    from doingoai.core import services as core_services

    application = ApplicationFactory(
        businessperson=BusinesspersonFactory(post="other"), received_on=date(2025, 3, 10)
    )
    with pytest.raises(ValidationError):
        core_services.workflow_apply(
            rt=APPLICATIONS, obj=application, transition_name="recommend", user=role_user(R.ADMIN)
        )


def test_a_card_is_valid_five_years_and_not_renewed():
    application = ApplicationFactory(
        card_number="ABTC1", card_issued_on=date(2024, 2, 29), status="granted"
    )
    assert application.card_expires_on == date(2029, 2, 28)
    again = AbtcApplication(businessperson=application.businessperson, received_on=date(2027, 5, 1))
    with pytest.raises(Exception, match="không được gia hạn|not renewed|gia hạn"):
        again.full_clean()
    after = AbtcApplication(businessperson=application.businessperson, received_on=date(2029, 3, 1))
    after.full_clean()


def test_the_recommendation_letter_is_a_national_format_docx_and_a_logged_read(client_as):
    application = ApplicationFactory(
        businessperson=BusinesspersonFactory(passport_number="C7654321"),
        letter_number="15/SNV-LS",
        recommended_on=date(2025, 4, 2),
        status="recommended",
    )
    client = client_as(R.ADMIN)
    response = client.post(f"/consular/abtc/{application.pk}/letter/")
    assert response.status_code == 302
    from doingoai.core.models import Attachment

    attachment = Attachment.objects.get(object_id=application.pk)
    doc = Document(io.BytesIO(attachment.file.read()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Cục Quản lý xuất nhập cảnh" in text and "C7654321" in text
    assert "15/SNV-LS" in text and "ngày 02 tháng 4 năm 2025" in text
    line = AccessLog.objects.get()
    assert line.action == "export" and line.reason


# --- inbox, retention --------------------------------------------------------------------------


def test_the_inbox_lists_idle_cases_and_expiring_cards(role_user):
    from doingoai.consular.tasks import consular_tasks

    today = timezone.localdate()
    idle = CaseFactory(reported_on=today - timedelta(days=40), status="handling")
    busy = CaseFactory(reported_on=today - timedelta(days=40), status="handling")
    CaseAction.objects.create(case=busy, done_on=today - timedelta(days=2), action="Gọi điện")
    services.sync_last_action(busy)
    CaseFactory(reported_on=today - timedelta(days=40), status="resolved")
    expiring = ApplicationFactory(
        card_number="X1", card_issued_on=today - timedelta(days=5 * 365 - 20), status="granted"
    )
    ApplicationFactory(
        card_number="X2", card_issued_on=today - timedelta(days=100), status="granted"
    )
    titles = [t.title for t in consular_tasks(role_user(R.LEADER))]
    assert titles == [str(idle), str(expiring)]
    assert consular_tasks(role_user(R.READONLY)) == []


def test_closed_cases_lose_their_personal_data_after_the_retention_period():
    today = timezone.localdate()
    old = CaseFactory(
        reported_on=today - timedelta(days=8 * 365),
        closed_on=today - timedelta(days=7 * 365),
        status="resolved",
        criminal_details="Án treo",
    )
    person = CasePersonFactory(case=old, full_name="Lê Bí Mật", passport_number="C1112223")
    recent = CaseFactory(
        reported_on=today - timedelta(days=400),
        closed_on=today - timedelta(days=300),
        status="resolved",
        criminal_details="Giữ lại",
    )
    before = reports.compute_consular(Period(date(2000, 1, 1), today))
    call_command("anonymise_consular_cases", stdout=io.StringIO())
    old.refresh_from_db()
    person.refresh_from_db()
    recent.refresh_from_db()
    assert old.criminal_details == "" and old.anonymised_on == today
    assert person.full_name == "Người liên quan 1" and person.passport_number == ""
    assert recent.criminal_details == "Giữ lại"
    assert not ConsularCase.history.filter(criminal_details="Án treo").exists()
    assert not CasePerson.history.filter(passport_number="C1112223").exists()
    assert reports.compute_consular(Period(date(2000, 1, 1), today)) == before


def test_the_case_list_has_no_per_row_queries(client, role_user, django_assert_max_num_queries):
    for _i in range(30):
        CaseFactory()
    client.force_login(consular_specialist(role_user))
    client.get(CASES.url("list"))
    with django_assert_max_num_queries(25):
        assert client.get(CASES.url("list")).status_code == 200


def test_the_demo_seeds_once(settings):
    import random

    from doingoai.consular.demo import seed_consular

    seed_consular(random.Random(1), 1, date(2026, 6, 1))
    count = ConsularCase.objects.count()
    seed_consular(random.Random(1), 1, date(2026, 6, 1))
    assert ConsularCase.objects.count() == count == 10
    assert AbtcApplication.objects.filter(status="granted").exists()


def test_the_stress_generator_writes_what_it_reports():
    import random

    from doingoai.core.stress import stress_generators

    generator = next(g for g in stress_generators() if g.name == "consular")
    written = generator.run(random.Random(3), 0.001)
    assert written["consular.consularcase"] == ConsularCase.objects.count() == 50
    assert written["consular.abtcapplication"] == AbtcApplication.objects.count()


def test_card_expiries_are_on_the_agenda(role_user):
    from doingoai.core.agenda import agenda

    card = ApplicationFactory(card_number="Y1", card_issued_on=date(2021, 6, 1), status="granted")
    later = ApplicationFactory(card_number="Y2", card_issued_on=date(2022, 6, 1), status="granted")
    items = list(agenda(role_user(R.LEADER), date(2026, 5, 1), date(2026, 6, 30)))
    urls = [i.url for i in items]
    assert card.get_absolute_url() in urls and later.get_absolute_url() not in urls
    agency = agenda(role_user(R.AGENCY), date(2026, 5, 1), date(2026, 6, 30))
    assert card.get_absolute_url() not in [i.url for i in agency]
