"""Diaspora module: the report section against a hand count, consents (silence is not
consent, withdrawal), contacts leave an export only with consent, diacritics-free search,
derived columns filled on bulk inserts too, the import of a generated file as a job (one bad
row in the middle imports nothing and is named)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from doingoai.core import jobs, services
from doingoai.core import roles as R
from doingoai.core.filters import filterset_for
from doingoai.core.models import ExchangeRate, ImportJob
from doingoai.core.registry import registry
from doingoai.core.sections import Period
from doingoai.core.tables import table_for
from doingoai.diaspora import reports, stress
from doingoai.diaspora.models import Consent, DiasporaPerson
from doingoai.diaspora.services import consent_in_force
from tests.diaspora.factories import (
    AssociationFactory,
    ConsentFactory,
    EventFactory,
    InvestmentFactory,
    PersonFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
PERSON = "diaspora.diasporaperson"


def test_report_section_against_a_hand_count():
    ExchangeRate.objects.create(
        currency="EUR", date=date(2024, 1, 1), usd=Decimal("1.10"), vnd=Decimal("27000")
    )
    # visits: two in the year (3 + 7 visitors), one the year before, one the year after
    VisitFactory(arrived_on=date(2025, 2, 1), visitor_count=3)
    VisitFactory(arrived_on=date(2025, 12, 31), visitor_count=7)
    VisitFactory(arrived_on=date(2024, 12, 31), visitor_count=100)
    VisitFactory(arrived_on=date(2026, 1, 1), visitor_count=100)
    # projects standing at 31/12/2025: 2,000,000 USD (2023), 1,000,000 EUR = 1,100,000 USD
    # (2025); not: a donation, one terminated in 2025, one registered in 2026
    InvestmentFactory(registered_on=date(2023, 5, 1), registered_capital=Decimal("2000000"))
    InvestmentFactory(
        registered_on=date(2025, 3, 1), registered_capital=Decimal("1000000"), currency="EUR"
    )
    InvestmentFactory(kind="donation", registered_on=date(2025, 3, 1))
    InvestmentFactory(registered_on=date(2020, 1, 1), ended_on=date(2025, 6, 30))
    InvestmentFactory(registered_on=date(2026, 1, 2))
    # associations standing: founded 2010, founding unknown; not: dissolved 2024, founded 2026
    AssociationFactory(founded_on=date(2010, 1, 1))
    AssociationFactory(founded_on=None)
    AssociationFactory(founded_on=date(2000, 1, 1), dissolved_on=date(2024, 1, 1))
    AssociationFactory(founded_on=date(2026, 2, 1))
    # persons recorded in the year: 3 (one of them later erased still counts)
    for day in (date(2025, 1, 1), date(2025, 6, 1), date(2025, 12, 31)):
        PersonFactory(recorded_on=day)
    PersonFactory(recorded_on=date(2024, 12, 31))
    # events starting in the year: 2 (40 + 60 participants)
    EventFactory(start_on=date(2025, 1, 25), participant_count=40)
    EventFactory(start_on=date(2025, 7, 1), participant_count=60)
    EventFactory(start_on=date(2024, 7, 1), participant_count=999)

    figures = reports.compute(YEAR)
    assert figures == {
        "visits": 2,
        "visitors": 10,
        "investment_projects": 2,
        "registered_capital_usd": 3_100_000.0,
        "projects_without_rate": 0,
        "associations": 2,
        "persons_recorded": 3,
        "events": 2,
        "event_participants": 100,
    }
    sentences = reports.narrative(figures)
    assert sentences[0] == (
        "Hiện có 02 dự án của các doanh nhân, doanh nghiệp là người Việt Nam ở nước ngoài về "
        "đầu tư với tổng số vốn đăng ký 3,1 triệu USD."
    )
    assert "Đón tiếp 02 đoàn với 10 lượt kiều bào về thăm quê hương." in sentences
    # every figure links to a list whose rows are the figure
    from django.test import Client

    client = Client()
    client.force_login(_user(R.ADMIN))
    for key, expected in (
        ("visits", 2),
        ("investment_projects", 2),
        ("associations", 2),
        ("persons_recorded", 3),
        ("events", 2),
    ):
        url = reports.link(YEAR, key)
        rt = registry.get(
            {
                "visits": "diaspora.visit",
                "investment_projects": "diaspora.investment",
                "associations": "diaspora.association",
                "persons_recorded": PERSON,
                "events": "diaspora.event",
            }[key]
        )
        filterset = filterset_for(rt)(_query(url), queryset=rt.model.objects.all())
        assert filterset.is_valid(), filterset.errors
        assert filterset.qs.count() == expected, key


def test_a_project_without_a_rate_is_left_out_of_the_sum_and_said():
    InvestmentFactory(
        registered_on=date(2025, 3, 1), registered_capital=Decimal("5"), currency="JPY"
    )
    figures = reports.compute(YEAR)
    assert figures["investment_projects"] == 1 and figures["projects_without_rate"] == 1
    assert "chưa tính 01 dự án chưa có tỷ giá" in reports.narrative(figures)[0]


def _query(url: str):  # noqa: ANN202
    from django.http import QueryDict

    return QueryDict(url.split("?", 1)[1])


def _user(role: str):  # noqa: ANN202
    from tests.factories import make_user

    return make_user(role)


def test_silence_is_not_consent_and_withdrawal_ends_it():
    person = PersonFactory(consent=False)
    assert not consent_in_force(person.pk, "contact")
    assert not DiasporaPerson.objects.get(pk=person.pk).contact_consent
    rt = registry.get("diaspora.consent")
    consent = services.record_save(
        rt=rt,
        obj=Consent(person=person, purpose="contact", given_on=date(2025, 1, 1), method="written"),
        user=None,
    )
    assert consent_in_force(person.pk, "contact")
    assert not consent_in_force(person.pk, "share")  # one purpose does not give another
    assert DiasporaPerson.objects.get(pk=person.pk).contact_consent
    consent.withdrawn_on = date(2025, 6, 1)
    services.record_save(rt=rt, obj=consent, user=None)
    assert not consent_in_force(person.pk, "contact")
    assert consent_in_force(person.pk, "contact", on=date(2025, 5, 31))
    assert not DiasporaPerson.objects.get(pk=person.pk).contact_consent
    consent.withdrawn_on = None
    services.record_save(rt=rt, obj=consent, user=None)
    assert DiasporaPerson.objects.get(pk=person.pk).contact_consent
    services.record_delete(rt=rt, obj=Consent.objects.get(pk=consent.pk), user=None)
    assert not DiasporaPerson.objects.get(pk=person.pk).contact_consent


def test_a_consent_is_not_withdrawn_before_it_was_given():
    from django.core.exceptions import ValidationError

    consent = ConsentFactory.build(
        person=PersonFactory(), given_on=date(2025, 5, 1), withdrawn_on=date(2025, 4, 1)
    )
    with pytest.raises(ValidationError):
        consent.full_clean()


def test_contacts_leave_the_list_export_only_for_consenting_persons(client_as):
    agrees = PersonFactory(
        full_name="Lê Thị Đồng Ý", phone="+1 111", email="dongy@example.org", consent=False
    )
    ConsentFactory(person=agrees)
    silent = PersonFactory(
        full_name="Lê Văn Im Lặng", phone="+1 222", email="im@example.org", consent=False
    )
    client = client_as(R.ADMIN)
    rt = registry.get(PERSON)
    response = client.get(rt.url("export"), {"reason": "Gửi thư mời gặp mặt Tết"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    header = rows[0]
    by_name = {row[header.index("Họ và tên")]: row for row in rows[1:]}
    phone = header.index("Điện thoại")
    assert by_name[agrees.full_name][phone] == "+1 111"
    assert by_name[silent.full_name][phone] == "***"
    assert by_name[silent.full_name][header.index("Thư điện tử")] == "***"
    # the contact list: consenting persons only, with a reason, logged
    from doingoai.core.models import AccessLog

    response = client.get("/diaspora/contacts/", {"export": "1", "reason": "Mời dự Tết"})
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    assert [r[1] for r in rows[1:]] == [agrees.full_name]
    assert AccessLog.objects.filter(action="export", reason="Mời dự Tết").count() == 1
    page = client.get("/diaspora/contacts/", {"export": "1"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


def test_contacts_are_masked_for_a_role_without_the_area_permission(client_as):
    person = PersonFactory(phone="+84 999 111")
    rt = registry.get(PERSON)
    page = client_as(R.READONLY).get(rt.url("detail", person.pk)).content.decode()
    assert "+84 999 111" not in page and "***" in page
    assert client_as(R.READONLY).get("/diaspora/contacts/").status_code == 403
    leader_page = client_as(R.LEADER).get(rt.url("detail", person.pk)).content.decode()
    assert "+84 999 111" in leader_page


def test_search_without_diacritics_finds_the_person(client_as):
    PersonFactory(full_name="Đặng Thị Hạnh", former_names="Hanh Dang Smith")
    PersonFactory(full_name="Trần Văn Bình")
    rt = registry.get(PERSON)
    assert list(rt.model.objects.search("dang thi hanh").values_list("full_name", flat=True)) == [
        "Đặng Thị Hạnh"
    ]
    page = client_as(R.ADMIN).get(rt.url("list"), {"q": "hanh dang"}).content.decode()
    assert "Đặng Thị Hạnh" in page and "Trần Văn Bình" not in page


def test_derived_columns_are_filled_by_a_bulk_insert_too():
    import random

    written = stress.make_persons(random.Random(3), 30, twins_every=0)
    assert written == 30
    person = DiasporaPerson.objects.order_by("pk").first()
    assert person.name_folded and person.key_name_year.endswith(f"|{person.birth_year}")
    assert person.key_passport and person.search_text
    assert person.passport_number not in person.key_passport  # stored hashed only


def test_report_section_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    for _ in range(3):
        VisitFactory()
        EventFactory()
        InvestmentFactory()
        AssociationFactory()
    with django_assert_max_num_queries(6):
        reports.compute(YEAR)


@pytest.mark.django_db
def test_import_of_a_generated_file_as_a_job_and_one_bad_row_imports_nothing(role_user, settings):
    from doingoai.core import import_staging

    admin = role_user(R.ADMIN)
    rt = registry.get(PERSON)
    bad = stress.persons_xlsx(400, bad_row=201)
    token = import_staging.stage(bad, admin)
    job = jobs.create_job(
        rt_key=rt.key, user=admin, token=token, filename="x.xlsx", action="commit"
    )
    jobs.run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "refused"
    assert [p[0] for p in job.result["problems"] if p[3] == "error"] == [201]
    assert not DiasporaPerson.objects.exists()
    token = import_staging.stage(stress.persons_xlsx(400), admin)
    job = jobs.create_job(
        rt_key=rt.key, user=admin, token=token, filename="y.xlsx", action="commit"
    )
    jobs.run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["created"] == 400
    assert DiasporaPerson.objects.count() == 400
    assert DiasporaPerson.history.count() == 400  # bulk insert with its history rows
    assert not DiasporaPerson.objects.filter(name_folded="").exists()
    # a re-import updates by the file code, never duplicates
    token = import_staging.stage(stress.persons_xlsx(400), admin)
    job = jobs.create_job(
        rt_key=rt.key, user=admin, token=token, filename="z.xlsx", action="commit"
    )
    jobs.run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and DiasporaPerson.objects.count() == 400


def test_demo_data_and_the_inbox_item(role_user):
    import random

    from doingoai.core.inbox import tasks_for
    from doingoai.diaspora.demo import seed_diaspora
    from doingoai.diaspora.models import Association, DuplicateCandidate, Event, Investment, Visit

    seed_diaspora(random.Random("doingoai-diaspora"), 1, date(2026, 6, 30))
    assert DiasporaPerson.objects.count() == 152  # 150 and two entered twice
    assert DuplicateCandidate.objects.filter(status="open").count() >= 2
    assert Association.objects.count() == 5 and Investment.objects.count() == 6
    assert Visit.objects.count() == 6 and Event.objects.count() == 3
    assert Consent.objects.exists()
    seed_diaspora(random.Random("doingoai-diaspora"), 1, date(2026, 6, 30))  # runs once
    assert DiasporaPerson.objects.count() == 152
    labels = [str(t.title) for t in tasks_for(role_user(R.ADMIN))]
    assert any("cặp hồ sơ chờ xem xét" in label for label in labels)
    assert not any(
        "cặp hồ sơ chờ xem xét" in str(t.title) for t in tasks_for(role_user(R.READONLY))
    )


def test_the_list_starts_with_the_name_and_sorts_it_on_the_folded_name(client_as):
    PersonFactory(full_name="Đỗ Văn Bình")
    PersonFactory(full_name="Dương Thị An")
    rt = registry.get(PERSON)
    table = table_for(rt)(rt.model.objects.all())
    assert table.sequence[0] == "full_name"
    page = client_as(R.ADMIN).get(rt.url("list"), {"sort": "full_name"}).content.decode()
    assert page.index("Đỗ Văn Bình") < page.index("Dương Thị An")  # "do van" < "duong"
