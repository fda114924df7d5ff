"""Issue 10 item 3: in-app notifications for the moves that concern a user (request sent, sent
back, decided, report due), an unread count in the header, a page, and e-mail when an SMTP
server is configured."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import Notification
from doingoai.core.registry import registry
from doingoai.delegations.services import record_decision
from tests.delegations.factories import trip
from tests.factories import OrganisationFactory, PersonFactory

OUT = registry.get("delegations.outbounddelegation")


def move(obj, name, user, comment=""):  # noqa: ANN001, ANN201
    return services.workflow_apply(
        rt=OUT, obj=obj, transition_name=name, user=user, comment=comment
    )


def texts(user) -> list[str]:  # noqa: ANN001
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


@pytest.mark.django_db
def test_each_move_notifies_whom_it_concerns(role_user, settings):
    settings.DOINGOAI_EMAIL_HOST = ""
    org = OrganisationFactory()
    agency = role_user(R.AGENCY, organisation=org)
    other_agency = role_user(R.AGENCY, organisation=OrganisationFactory())
    specialist, leader = role_user(R.SPECIALIST), role_user(R.LEADER)
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        status="draft",
        agency=org,
        departure=today - timedelta(days=10),
        title="Đoàn thông báo",
    )
    move(obj, "submit", agency)
    assert any("Đoàn thông báo" in t for t in texts(specialist))
    assert texts(other_agency) == [] and texts(agency) == []
    move(obj, "send_back", specialist, "Thiếu chương trình làm việc")
    assert any("Thiếu chương trình làm việc" in t for t in texts(agency))
    move(obj, "submit", agency)
    move(obj, "appraise", specialist, "Đồng ý")
    assert any("Đoàn thông báo" in t for t in texts(leader))
    record_decision(
        obj=obj,
        number="31/QĐ-UBND",
        issued_date=today,
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
        user=leader,
    )
    assert any("31/QĐ-UBND" in t for t in texts(agency))
    move(obj, "mark_returned", specialist)
    obj.refresh_from_db()
    due = obj.report_due.strftime("%d/%m/%Y")
    assert any(due in t for t in texts(agency))
    assert texts(other_agency) == []
    note = Notification.objects.filter(user=agency).first()
    assert note.url == obj.get_absolute_url()


@pytest.mark.django_db
def test_unread_count_in_the_header_and_the_page_marks_read(role_user):
    from doingoai.core.notifications import notify

    user = role_user(R.SPECIALIST)
    notify(user, "Có hồ sơ mới cần thẩm định", "/delegations/outbound/")
    notify(user, "Hồ sơ thứ hai", "/delegations/outbound/")
    client = Client()
    client.force_login(user)
    page = client.get("/").content.decode()
    assert 'id="notification-count"' in page and ">2<" in page
    listing = client.get("/notifications/").content.decode()
    assert "Có hồ sơ mới cần thẩm định" in listing
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    page = client.get("/").content.decode()
    assert 'id="notification-count"' not in page


@pytest.mark.django_db
def test_e_mail_only_when_an_smtp_server_is_configured(
    role_user, settings, django_capture_on_commit_callbacks
):
    from doingoai.core.notifications import notify

    user = role_user(R.SPECIALIST, email="cv@example.gov.vn")
    settings.DOINGOAI_EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "Không gửi thư", "/")
    assert mail.outbox == []
    settings.DOINGOAI_EMAIL_HOST = "smtp.example.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):  # sent once the move is committed
        notify(user, "Gửi thư", "/delegations/outbound/")
    assert len(mail.outbox) == 1 and "Gửi thư" in mail.outbox[0].body
    assert mail.outbox[0].to == ["cv@example.gov.vn"]


@pytest.mark.django_db
def test_overdue_reports_are_notified_once(role_user):
    from django.core.management import call_command

    org = OrganisationFactory()
    agency = role_user(R.AGENCY, organisation=org)
    today = timezone.localdate()
    obj = trip(
        people=[PersonFactory()],
        status="returned",
        agency=org,
        departure=today - timedelta(days=40),
    )
    obj.report_due = today - timedelta(days=3)
    obj.save()
    call_command("notify_overdue_reports")
    call_command("notify_overdue_reports")
    overdue = [t for t in texts(agency) if "quá hạn" in t]
    assert len(overdue) == 1 and obj.title in overdue[0]
