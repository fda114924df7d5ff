"""The report on the signing of an agreement in the Decree 30 format: generated from the
agreement's page into its attachments, its content read back, rendered to PDF (pages kept in
test-artifacts/documents/ to be looked at)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from doingoai.core import roles as R
from doingoai.core.documents import NATIONAL_TITLE
from doingoai.core.models import Attachment
from doingoai.partners.documents import signing_report_docx
from tests.factories import OrganisationFactory
from tests.partners.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _agreement():
    gifu = PartnerFactory(name="tỉnh Gifu", country_id="JP")
    return AgreementFactory(
        number="01/2026/TTQT",
        title="Biên bản ghi nhớ hợp tác giữa tỉnh Nghệ An và tỉnh Gifu",
        title_foreign="Memorandum of Understanding between Nghe An and Gifu",
        vietnamese_party=OrganisationFactory(name="UBND tỉnh Nghệ An"),
        foreign_parties=[gifu],
        signed_on=date(2026, 3, 9),
        signed_place="Gifu",
        vietnamese_signer="Nguyễn Văn A, Chủ tịch UBND tỉnh",
        valid_from=date(2026, 3, 9),
        valid_to=date(2031, 3, 8),
        consultation_sent_on=date(2026, 2, 2),
        consultation_answered_on=date(2026, 2, 10),
        consultation_opinion="agreed",
        status="signed",
    )


def test_report_on_the_signing_reads_as_the_field_writes_it():
    agreement = _agreement()
    name, data = signing_report_docx(agreement)
    assert name.startswith("bao-cao-ky-ket-bien-ban-ghi-nho") and name.endswith(".docx")
    doc = Document(io.BytesIO(data))
    header = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    assert NATIONAL_TITLE in header and "Số:       /BC-" in header
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "Kính gửi: Bộ Ngoại giao." in text
    assert "ngày 09/03/2026 tại Gifu" in text
    assert "từ ngày 09/03/2026 đến ngày 08/03/2031" in text
    assert "tỉnh Gifu (Nhật Bản)" in text
    assert "ý kiến trả lời ngày 10/02/2026: đồng ý" in text


def test_generated_into_the_attachments_by_who_may_change_the_agreement(client_as):
    agreement = _agreement()
    url = f"/partners/agreements/{agreement.pk}/documents/signing-report/"
    other = client_as(R.AGENCY, organisation=OrganisationFactory())
    assert other.post(url).status_code == 404
    reader = client_as(R.READONLY)
    assert reader.post(url).status_code == 403
    client = client_as(R.SPECIALIST)
    assert (
        'id="generate-signing-report"' in client.get(agreement.get_absolute_url()).content.decode()
    )
    assert client.post(url).status_code == 302
    client.post(url)  # again: replaces it, the previous kept as a previous version
    names = list(Attachment.objects.values_list("original_name", flat=True))
    assert len([n for n in names if n.startswith("bao-cao-ky-ket")]) >= 1


@pytest.mark.skipif(
    not SOFFICE or not shutil.which("pdftoppm"),
    reason="LibreOffice and poppler-utils render the document",
)
def test_report_renders_to_pdf():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "bao-cao-ky-ket-ttqt.docx"
    source.write_bytes(signing_report_docx(_agreement())[1])
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = ARTIFACTS / "bao-cao-ky-ket-ttqt.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for old in ARTIFACTS.glob("bao-cao-ky-ket-ttqt-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / "bao-cao-ky-ket-ttqt")],
        check=True,
        timeout=120,
    )
    assert NATIONAL_TITLE in text and "Nơi nhận:" in text
    assert sorted(ARTIFACTS.glob("bao-cao-ky-ket-ttqt-*.png"))
