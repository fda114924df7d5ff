"""International agreements: the workflow through the API, the 7-working-day answer window
(with Vietnamese public holidays), the report due 15 days after signing, the rules, the
inbox reminders and search by a partner's other names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core.models import Rule
from doingoai.partners.workdays import add_working_days, is_working_day
from tests.partners.factories import AgreementFactory, PartnerFactory

API = "/api/v1/partners/agreements/"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2025, 6, 2), date(2025, 6, 11)),  # Monday → Wednesday of the next week
        (date(2025, 4, 25), date(2025, 5, 8)),  # over 30/4 and 1/5 (and the weekend)
        (date(2025, 1, 24), date(2025, 2, 11)),  # Tết: 28/01–01/02 off, Saturday 01/02 → 03/02
        (date(2025, 8, 29), date(2025, 9, 11)),  # over 1/9 and 2/9
        (date(2026, 4, 24), date(2026, 5, 8)),  # Hùng Kings' day Sunday 26/4 → Monday; 30/4, 1/5
    ],
)
def test_working_days_skip_weekends_and_public_holidays(start, expected):
    assert add_working_days(start, 7) == expected
    assert is_working_day(expected)


@pytest.mark.django_db
def test_answer_window_and_report_due_follow_the_rules():
    agreement = AgreementFactory(consultation_sent_on=date(2025, 6, 2), signed_on=date(2025, 7, 1))
    assert agreement.consultation_due == date(2025, 6, 11)
    assert agreement.report_due == date(2025, 7, 16)
    Rule.objects.filter(key="partners.report_due_days").update(value=10)
    agreement.save()
    assert agreement.report_due == date(2025, 7, 11)


@pytest.mark.django_db
def test_workflow_through_the_api(client_as):
    agreement = AgreementFactory()
    client = client_as(R.SPECIALIST)

    def move(name: str, **values):  # noqa: ANN003, ANN202
        agreement.refresh_from_db()
        return client.post(
            f"{API}{agreement.pk}/transitions/{name}/",
            {"version": agreement.version, "values": values, "comment": "ghi chú"},
            content_type="application/json",
        )

    assert move("consult", consultation_sent_on="2025-06-02").status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.consultation_due) == ("consultation", date(2025, 6, 11))
    refused = move("sign")
    assert refused.status_code == 400 and "ngày ký" in refused.content.decode()
    agreement.consultation_opinion = "objected"
    agreement.save()
    objected = move("sign", signed_on="2025-07-01")
    assert objected.status_code == 400 and "Thủ tướng" in objected.content.decode()
    agreement.consultation_opinion = "agreed"
    agreement.save()
    assert move("sign", signed_on="2025-07-01", number="05/2025/BGN").status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.report_due) == ("signed", date(2025, 7, 16))
    assert move("enter_into_force").status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.valid_from) == ("in_force", date(2025, 7, 1))
    assert move("terminate").status_code == 403  # a leader's move
    assert move("expire").status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == "expired"


@pytest.mark.django_db
def test_inbox_reminds_reports_due_expiries_and_answers(role_user):
    from doingoai.core.inbox import tasks_for

    today = timezone.localdate()
    due = AgreementFactory(
        status="signed", signed_on=today - timedelta(days=20), title="Quá hạn BC"
    )
    AgreementFactory(
        status="signed",
        signed_on=today - timedelta(days=20),
        report_submitted_on=today,
        title="Đã báo cáo",
    )
    AgreementFactory(
        status="in_force",
        signed_on=today - timedelta(days=400),
        report_submitted_on=today - timedelta(days=390),
        valid_to=today + timedelta(days=30),
        title="Sắp hết hạn",
    )
    AgreementFactory(status="consultation", consultation_sent_on=today, title="Chờ ý kiến")
    tasks = {(str(t.kind), t.title): t for t in tasks_for(role_user(R.SPECIALIST))}
    report = tasks[("Thỏa thuận: hạn gửi bản sao và báo cáo", "Quá hạn BC")]
    assert report.overdue and report.due == due.report_due
    assert ("Thỏa thuận: hạn gửi bản sao và báo cáo", "Đã báo cáo") not in tasks
    assert ("Thỏa thuận sắp hết hiệu lực", "Sắp hết hạn") in tasks
    assert ("Lấy ý kiến: hạn trả lời", "Chờ ý kiến") in tasks
    assert tasks_for(role_user(R.AGENCY)) == [] or all(
        "Thỏa thuận" not in str(t.kind) for t in tasks_for(role_user(R.AGENCY))
    )


@pytest.mark.django_db
def test_search_finds_a_partner_by_its_other_names(client_as):
    PartnerFactory(name="tỉnh Ulianốp", name_foreign="Ульяновская область", aliases="Ulyanovsk")
    client = client_as(R.READONLY)
    for q in ("ulyanovsk", "ulianop", "Ulianốp"):
        html = client.get("/partners/partners/", {"q": q}).content.decode()
        assert "tỉnh Ulianốp" in html, q


@pytest.mark.django_db
def test_agreement_validity_must_be_in_order(client_as):
    from django.core.exceptions import ValidationError

    agreement = AgreementFactory.build(valid_from=date(2025, 1, 1), valid_to=date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        agreement.clean()
    assert "valid_to" in exc.value.message_dict


@pytest.mark.django_db
def test_a_submitting_agency_sees_and_moves_only_its_own_agreements(client_as):
    """The lead agency owns the agreement (core's owner field): the list, the API, the
    workflow moves and the inbox of a submitting agency hold its own agreements only."""
    from doingoai.core.inbox import tasks_for
    from tests.factories import OrganisationFactory

    mine_org, other_org = OrganisationFactory(name="Sở Văn hóa"), OrganisationFactory()
    today = timezone.localdate()
    mine = AgreementFactory(
        title="Thỏa thuận của Sở", agency=mine_org, signed_on=today - timedelta(days=20)
    )
    mine.status = "signed"
    mine.save()
    theirs = AgreementFactory(title="Thỏa thuận của cơ quan khác", agency=other_org)
    client = client_as(R.AGENCY, organisation=mine_org)
    html = client.get("/partners/agreements/").content.decode()
    assert "Thỏa thuận của Sở" in html and "Thỏa thuận của cơ quan khác" not in html
    listed = client.get(API).json()
    titles = [row["title"] for row in listed.get("results", listed)]
    assert titles == ["Thỏa thuận của Sở"]
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    kinds = {(str(t.kind), t.title) for t in tasks_for(client.user)}
    assert ("Thỏa thuận: hạn gửi bản sao và báo cáo", "Thỏa thuận của Sở") in kinds
    assert all("khác" not in title for _kind, title in kinds)

    created = client.post(
        API,
        {
            "title": "Biên bản ghi nhớ do Sở đề xuất",
            "kind": "mou",
            "vietnamese_party": other_org.pk,
            "agency": other_org.pk,
            "foreign_parties": [PartnerFactory().pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    new = created.json()
    from doingoai.partners.models import Agreement

    assert Agreement.objects.get(pk=new["id"]).agency == mine_org
    moved = client.post(
        f"{API}{new['id']}/transitions/consult/",
        {"version": new["version"], "values": {"consultation_sent_on": "2025-06-02"}},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    other = client.post(
        f"{API}{theirs.pk}/transitions/consult/",
        {"version": theirs.version, "values": {}},
        content_type="application/json",
    )
    assert other.status_code in (403, 404)


@pytest.mark.django_db
def test_the_register_of_agreements_exports_to_xlsx(client_as):
    """The register the law asks agencies to keep: the filtered list as XLSX, with the
    parties, the lead agency, the dates (dd/mm/yyyy) and the status, in Vietnamese."""
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.factories import OrganisationFactory

    japan = PartnerFactory(name="tỉnh Gifu", country_id="JP")
    agency = OrganisationFactory(name="Sở Ngoại vụ")
    AgreementFactory(
        title="Biên bản ghi nhớ với tỉnh Gifu",
        agency=agency,
        status="in_force",
        signed_on=date(2024, 11, 5),
        valid_to=date(2029, 11, 4),
        foreign_parties=[japan],
    )
    AgreementFactory(title="Dự thảo chưa ký", status="draft")
    response = client_as(R.SPECIALIST).get("/partners/agreements/export/", {"signed": "true"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    for label in ("Tên thỏa thuận (tiếng Việt)", "Cơ quan chủ trì", "Bên nước ngoài", "Ngày ký"):
        assert label in header, (label, header)
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=False))
    assert row["Tên thỏa thuận (tiếng Việt)"] == "Biên bản ghi nhớ với tỉnh Gifu"
    assert row["Cơ quan chủ trì"] == "Sở Ngoại vụ"
    assert "tỉnh Gifu" in str(row["Bên nước ngoài"])
    assert str(row["Trạng thái"]).lower() == "đang có hiệu lực"
    signed = row["Ngày ký"]
    assert signed in ("05/11/2024", date(2024, 11, 5)) or signed.date() == date(2024, 11, 5)


def test_the_agreement_page_shows_each_field_once():
    from doingoai.core.registry import registry

    fields = registry.get("partners.agreement").detail_fields
    assert len(fields) == len(set(fields))
    assert fields.index("consultation_sent_on") < fields.index("consultation_due")
