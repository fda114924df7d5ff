"""Issue 10 item 16: the smaller things users stumbled on."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from openpyxl import Workbook

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.registry import registry
from doingoai.delegations import checks
from doingoai.delegations.services import record_decision
from tests.delegations.factories import trip
from tests.factories import PersonFactory

OUT = registry.get("delegations.outbounddelegation")


@pytest.mark.django_db
def test_a_request_received_after_the_departure_is_worded_as_such():
    today = timezone.localdate()
    obj = trip(people=[PersonFactory()], status="submitted", departure=today - timedelta(days=11))
    obj.requested_on = today
    obj.save()
    with translation.override("vi"):
        warning = checks.lead_time_warning(obj)
    assert "-11" not in warning and "11 ngày sau" in warning


@pytest.mark.django_db
def test_an_out_of_range_year_is_refused_in_vietnamese(client_as):
    response = client_as(R.LEADER).get("/reports/builder/?kind=year&year=99999")
    page = response.content.decode()
    assert "out of range" not in page and "Năm" in page


@pytest.mark.django_db
def test_history_shows_state_labels_and_shortens_long_texts(client_as, role_user):
    obj = trip(people=[PersonFactory()], status="submitted", departure=date(2031, 1, 5))
    obj.appraisal_opinion = "Ý kiến rất dài. " * 400
    obj.save()
    services.workflow_apply(
        rt=OUT, obj=obj, transition_name="appraise", user=role_user(R.SPECIALIST), comment="Đồng ý"
    )
    page = client_as(R.SPECIALIST).get(OUT.url("history", obj.pk)).content.decode()
    assert "submitted" not in re.sub(r"<[^>]+>", "", page).split("Lịch sử thay đổi")[-1]
    assert "đã thẩm định" in page.lower()
    summaries = re.findall(r"<summary[^>]*>(.*?)</summary>", page, re.S)
    assert summaries and all(len(re.sub(r"<[^>]+>", "", x)) < 400 for x in summaries)
    assert "xem thêm" in page


@pytest.mark.django_db
def test_a_record_without_a_user_names_the_system_not_a_question_mark(client_as):
    obj = trip(people=[PersonFactory()], status="draft", departure=date(2031, 1, 5))
    page = client_as(R.SPECIALIST).get(obj.get_absolute_url()).content.decode()
    assert "— ?" not in page and ": ?" not in page


@pytest.mark.django_db
def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in page


@pytest.mark.django_db
def test_the_import_result_is_said_once(client_as):
    client = client_as(R.ADMIN)
    wb = Workbook()
    wb.active.append(["Họ và tên", "Giới tính"])
    wb.active.append(["Hồ Thị Nhập Một Lần", "Nữ"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "persons.xlsx"
    person = registry.get("core.person")
    checked = client.post(person.url("import"), {"step": "check", "file": buffer})
    token = re.search(r'name="token" value="([0-9a-f]+)"', checked.content.decode()).group(1)
    done = client.post(person.url("import"), {"step": "commit", "token": token}).content.decode()
    assert done.count("alert-success") == 1, done


@pytest.mark.django_db
def test_file_inputs_say_chon_tep(client_as):
    page = client_as(R.ADMIN).get(registry.get("core.person").url("import")).content.decode()
    assert "data-file-label" in page and "Chọn tệp" in page


@pytest.mark.django_db
def test_an_invalid_date_gives_one_error_only(client_as):
    obj = trip(people=[PersonFactory()], status="draft", departure=date(2031, 3, 10))
    client = client_as(R.SPECIALIST)
    data = {
        "title": obj.title,
        "agency": obj.agency_id,
        "purpose": "promotion",
        "pillar": "state",
        "destinations": ["KR"],
        "funding_source": "state_budget",
        "currency": "VND",
        "planned_departure": "29/02/2023",
        "planned_return": "05/03/2023",
        "version": obj.version,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    page = client.post(OUT.url("edit", obj.pk), data).content.decode()
    errors = re.findall(r'invalid-feedback d-block">([^<]*)<', page)
    assert len(errors) == 1, errors
    assert "trước ngày" not in page.split("record-form")[-1].split("</form>")[0]


@pytest.mark.django_db
def test_a_decision_dated_in_the_future_or_before_the_request_is_refused(role_user):
    today = timezone.localdate()
    obj = trip(people=[PersonFactory()], status="appraised", departure=today + timedelta(days=30))
    obj.requested_on = today - timedelta(days=10)
    obj.save()
    leader = role_user(R.LEADER)
    for bad in (today + timedelta(days=1), today - timedelta(days=11)):
        with pytest.raises(ValidationError):
            record_decision(
                obj=obj,
                number="12/QĐ-UBND",
                issued_date=bad,
                signer_name="Lê Hồng Vinh",
                signer_title="Phó Chủ tịch",
                user=leader,
            )
    record_decision(
        obj=obj,
        number="12/QĐ-UBND",
        issued_date=today,
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
        user=leader,
    )


@pytest.mark.django_db
def test_the_report_issue_date_is_a_day_first_text_input(client_as):
    page = client_as(R.LEADER).get("/reports/builder/?kind=year&year=2025").content.decode()
    field = re.search(r'<input[^>]*name="issued_on"[^>]*>', page)
    assert field and 'type="date"' not in field.group(0) and "dd/mm/yyyy" in field.group(0)
