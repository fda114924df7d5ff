"""The conference workflow through the API and the services: filing stamps the date, the
permit is recorded once, an event is marked held only after it began, the report is due a
configurable number of days after the end; agencies see their own requests only; the inbox
and the agenda; the documents render to PDF in the national format."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from doingoai.conferences import documents, services
from doingoai.conferences.models import Conference
from doingoai.conferences.tasks import conference_agenda, conference_tasks
from doingoai.core import roles as R
from tests.conferences.factories import ConferenceFactory
from tests.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/conferences/events/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _move(client, obj, name, **body):  # noqa: ANN001, ANN003, ANN202
    obj.refresh_from_db()
    return client.post(
        f"{API}{obj.pk}/transitions/{name}/",
        {"version": obj.version, **body},
        content_type="application/json",
    )


def test_every_move_through_the_api(client_as, role_user, client):
    today = timezone.localdate()
    obj = ConferenceFactory(
        status="draft",
        requested_on=None,
        start_date=today - timedelta(days=3),
        end_date=today - timedelta(days=2),
    )
    agency = role_user(R.AGENCY, organisation=obj.organiser)
    specialist_user = role_user(R.SPECIALIST)
    client.force_login(agency)
    assert _move(client, obj, "submit").status_code == 200
    obj.refresh_from_db()
    assert obj.status == "requested" and obj.requested_on == today
    assert _move(client, obj, "appraise", comment="x").status_code == 403
    client.force_login(specialist_user)
    specialist = client
    assert _move(specialist, obj, "appraise", comment="Đề nghị cho phép").status_code == 200
    obj.refresh_from_db()
    assert obj.appraisal_opinion == "Đề nghị cho phép"
    permit = LegalDocumentFactory(number="77/QĐ-UBND", issued_date=today)
    assert _move(specialist, obj, "permit").status_code == 400  # no permit given
    done = _move(specialist, obj, "permit", values={"permit": permit.pk})
    assert done.status_code == 200, done.content
    from doingoai.core.models import Notification

    told = list(Notification.objects.filter(user=agency).values_list("text", flat=True))
    assert any("77/QĐ-UBND" in text and "cho phép" in text for text in told), told
    assert Notification.objects.filter(user=specialist_user).count() == 1  # to appraise
    client.force_login(agency)
    assert _move(client, obj, "mark_held").status_code == 200
    obj.refresh_from_db()
    assert obj.report_due == obj.end_date + timedelta(days=15)
    client.force_login(specialist_user)
    assert _move(specialist, obj, "mark_reported").status_code == 400  # no summary yet
    done = _move(
        specialist, obj, "mark_reported", values={"report_summary": "Hội thảo thành công."}
    )
    assert done.status_code == 200, done.content
    obj.refresh_from_db()
    assert obj.status == "reported" and obj.report_submitted_on == today


def test_refused_by_a_leader_and_cancelled_with_a_reason(client_as):
    leader = client_as(R.LEADER)
    obj = ConferenceFactory(status="appraised")
    assert _move(leader, obj, "refuse").status_code == 400  # comment required
    assert _move(leader, obj, "refuse", comment="Nội dung chưa phù hợp").status_code == 200
    other = ConferenceFactory(status="permitted")
    assert _move(leader, other, "cancel", comment="Đối tác hoãn").status_code == 200


def test_an_event_is_marked_held_only_after_it_began(client_as):
    specialist = client_as(R.SPECIALIST)
    start = timezone.localdate() + timedelta(days=5)
    obj = ConferenceFactory(
        status="permitted",
        start_date=start,
        end_date=start,
        permit=LegalDocumentFactory(),
    )
    response = _move(specialist, obj, "mark_held")
    assert response.status_code == 400 and "chưa diễn ra" in response.content.decode()


def test_permit_service_links_the_document_and_refuses_a_future_date(role_user):
    specialist = role_user(R.SPECIALIST)
    obj = ConferenceFactory(status="appraised", requested_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.conference_record_permit(
            conference=obj,
            number="1/QĐ-UBND",
            issued_date=timezone.localdate() + timedelta(days=1),
            issuer="Ủy ban nhân dân tỉnh Nghệ An",
            signer_name="A",
            user=specialist,
        )
    document = services.conference_record_permit(
        conference=obj,
        number="2/QĐ-UBND",
        issued_date=date(2025, 1, 5),
        issuer="Ủy ban nhân dân tỉnh Nghệ An",
        signer_name="Bùi Đình Long",
        user=specialist,
    )
    obj.refresh_from_db()
    assert obj.status == "permitted" and obj.permit == document


def test_agencies_see_their_own_requests_only(client, role_user):
    mine = ConferenceFactory()
    theirs = ConferenceFactory()
    agency = role_user(R.AGENCY, organisation=mine.organiser)
    client.force_login(agency)
    ids = [row["id"] for row in client.get(API).json()["results"]]
    assert ids == [mine.pk]
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(f"/conferences/events/{mine.pk}/documents/permit/").status_code == 403


def test_inbox_and_agenda(role_user):
    today = timezone.localdate()
    specialist = role_user(R.SPECIALIST)
    requested = ConferenceFactory(status="requested", start_date=today + timedelta(days=40))
    requested.end_date = requested.start_date
    requested.save()
    soon = today + timedelta(days=33)
    draft = ConferenceFactory(status="draft", requested_on=None, start_date=soon, end_date=soon)
    held = ConferenceFactory(
        status="held", start_date=today - timedelta(days=40), end_date=today - timedelta(days=39)
    )
    tasks = {t.title: t for t in conference_tasks(specialist)}
    assert requested.title in tasks
    assert tasks[draft.title].due == soon - timedelta(days=30)  # filing deadline in 3 days
    assert tasks[held.title].overdue
    agency = role_user(R.AGENCY, organisation=draft.organiser)
    assert [t.title for t in conference_tasks(agency)] == [draft.title]
    cancelled = ConferenceFactory(status="cancelled", start_date=soon, end_date=soon)
    titles = [i.title for i in conference_agenda(specialist, today, today + timedelta(days=60))]
    assert draft.title in titles and requested.title in titles
    assert cancelled.title not in titles


def test_documents_name_the_event_and_the_level():
    import io

    from docx import Document

    obj = ConferenceFactory(
        title="Hội thảo quốc tế về du lịch",
        topic_religion=True,
        event_form="hybrid",
        online_platform="Zoom",
        appraisal_opinion="Đề nghị xin phép Thủ tướng.",
    )
    name, data = documents.submission_docx(obj)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert name.startswith("to-trinh-") and "TỜ TRÌNH" in text
    assert "tôn giáo" in text and "Thủ tướng Chính phủ cho phép" in text
    name, data = documents.permit_docx(obj)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Cho phép" in text and "trực tuyến qua Zoom" in text


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils render the documents",
)
def test_documents_render_to_pdf_in_the_national_format():
    obj = ConferenceFactory(
        title="Hội thảo quốc tế về phát triển du lịch cộng đồng",
        start_date=date(2026, 3, 5),
        end_date=date(2026, 3, 6),
        permit=LegalDocumentFactory(
            number="45/QĐ-UBND", signer_name="Bùi Đình Long", signer_title="Phó Chủ tịch"
        ),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    for name, builder in (
        ("hoi-thao-giay-phep", documents.permit_docx),
        ("hoi-thao-to-trinh", documents.submission_docx),
    ):
        source = ARTIFACTS / f"{name}.docx"
        source.write_bytes(builder(obj)[1])
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(ARTIFACTS),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = ARTIFACTS / f"{name}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / name)],
            check=True,
            timeout=120,
        )
    assert Conference.objects.count() == 1
