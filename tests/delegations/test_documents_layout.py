"""The generated documents to the letter of Decree 30/2020/NĐ-CP (issue 10 item 15): the
layout rules asserted on the DOCX, and every document rendered to PDF by LibreOffice with its
pages kept as images in test-artifacts/documents/ (looked at by a person)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from doingoai.core import roles as R
from doingoai.core.documents import NATIONAL_TITLE, signature_titles
from doingoai.core.models import Attachment, LegalDocument, SiteSettings
from doingoai.delegations.documents import appraisal_docx, decision_docx
from doingoai.reports.assembly import assemble, render_docx
from doingoai.reports.periods import make_period
from tests.delegations.factories import trip
from tests.factories import PersonFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_signature_titles_by_decree_30():
    assert signature_titles(head_title="Chủ tịch") == ["CHỦ TỊCH"]
    assert signature_titles(head_title="CHỦ TỊCH", signer_title="Phó Chủ tịch") == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert signature_titles(head_title="Chủ tịch", signer_title="Chủ tịch") == ["CHỦ TỊCH"]
    assert signature_titles(
        head_title="Chủ tịch", signer_title="Phó Chủ tịch", collective="Ủy ban nhân dân"
    ) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signature_titles(head_title="Giám đốc", signer_title="Quyền Giám đốc") == ["Q. GIÁM ĐỐC"]
    assert signature_titles(head_title="Giám đốc", signer_title="TL. Chánh Văn phòng") == [
        "TL. GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
    ]


def _delegation():
    head = PersonFactory(full_name="Nguyễn Văn Hải", position="Phó Chủ tịch UBND tỉnh")
    member = PersonFactory(full_name="Trần Thị Mai", position="Giám đốc Sở Công Thương")
    delegation = trip(
        people=[member],
        departure=date(2026, 3, 5),
        countries=["JP", "KR"],
        title="Xúc tiến đầu tư tại Nhật Bản và Hàn Quốc",
        estimated_cost=Decimal("350000000"),
        currency="VND",
    )
    delegation.members.create(person=head, is_head=True)
    delegation.members.exclude(person=head).update(is_head=False)
    LegalDocument.objects.filter(pk=delegation.decision_id).update(
        number="150/QĐ-UBND",
        issued_date=date(2026, 2, 5),
        signer_name="Lê Hồng Vinh",
        signer_title="Phó Chủ tịch",
    )
    delegation.refresh_from_db()
    return delegation


def _texts(doc) -> list[str]:  # noqa: ANN001
    return [p.text for p in doc.paragraphs]


def _cell_paragraphs(table):  # noqa: ANN001, ANN202
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def _assert_national_format(doc, place_date: str) -> None:  # noqa: ANN001
    """Times New Roman everywhere; the header's sizes, weights, alignment; place-date line."""
    for paragraph in [*doc.paragraphs, *(p for t in doc.tables for p in _cell_paragraphs(t))]:
        for run in paragraph.runs:
            if run.text.strip():
                assert run.font.name == "Times New Roman", run.text
    header = {p.text: p for p in _cell_paragraphs(doc.tables[0])}
    title = header[NATIONAL_TITLE].runs[0]
    assert (title.font.bold, title.font.size) == (True, Pt(12))
    motto = header["Độc lập - Tự do - Hạnh phúc"].runs[0]
    assert motto.font.bold and Pt(13) <= motto.font.size <= Pt(14)
    line = header[place_date]
    assert line.runs[0].font.italic and not line.runs[0].font.bold
    assert line.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc.sections[0].page_width.cm == pytest.approx(21, abs=0.01)


@pytest.mark.django_db
def test_decision_signed_by_a_vice_chair_and_its_member_table():
    SiteSettings.load()
    name, data = decision_docx(_delegation())
    doc = Document(io.BytesIO(data))
    _assert_national_format(doc, "Nghệ An, ngày 05 tháng 02 năm 2026")
    header = doc.tables[0].rows[0].cells[0].paragraphs
    assert [p.text for p in header][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]
    assert all(p.runs[0].font.bold for p in header[:2])
    assert "Số: 150/QĐ-UBND" in [p.text for p in header]
    signature = doc.tables[-1]
    block = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert block == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Hồng Vinh"]
    assert not any(t.startswith("TM.") for t in block)
    members = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in members.rows[1:]]
    assert rows[0][1] == "Nguyễn Văn Hải" and rows[0][2].endswith("Trưởng đoàn")
    assert not rows[1][2].endswith("Trưởng đoàn")
    text = "\n".join(_texts(doc))
    assert "Kinh phí chuyến công tác: ngân sách nhà nước, dự toán 350.000.000 VND." in text
    assert ". dự toán" not in text
    # the signature block stays on the page of the last paragraph
    body = [p for p in doc.paragraphs if p.text]
    assert body[-1].paragraph_format.keep_with_next
    for paragraph in _cell_paragraphs(signature):
        assert paragraph.paragraph_format.keep_with_next
    assert (
        signature.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit"
        )
        is not None
    )
    recipients = [p.text for p in signature.rows[0].cells[0].paragraphs]
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT."


@pytest.mark.django_db
def test_decision_signed_by_the_chair_has_no_kt():
    delegation = _delegation()
    LegalDocument.objects.filter(pk=delegation.decision_id).update(signer_title="Chủ tịch")
    delegation.refresh_from_db()
    doc = Document(io.BytesIO(decision_docx(delegation)[1]))
    block = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert block == ["CHỦ TỊCH", "Lê Hồng Vinh"]


@pytest.mark.django_db
def test_appraisal_letter_subject_under_the_number():
    delegation = _delegation()
    doc = Document(io.BytesIO(appraisal_docx(delegation)[1]))
    left = doc.tables[0].rows[0].cells[0].paragraphs
    texts = [p.text for p in left]
    number = next(i for i, t in enumerate(texts) if t.startswith("Số:"))
    subject = left[number + 1]
    assert subject.text == "V/v thẩm định đề nghị cử đoàn đi Hàn Quốc, Nhật Bản"
    run = subject.runs[0]
    assert not run.font.italic and not run.font.bold
    assert Pt(12) <= run.font.size <= Pt(13)
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not any(p.text.startswith("V/v") for p in doc.paragraphs)
    assert [p.text for p in doc.paragraphs if p.text.startswith("Kính gửi")] == [
        "Kính gửi: Ủy ban nhân dân tỉnh Nghệ An."
    ]


@pytest.mark.django_db
def test_each_click_replaces_the_generated_document_keeping_the_previous(client_as):
    delegation = _delegation()
    client = client_as(R.SPECIALIST)
    url = f"/delegations/outbound/{delegation.pk}/documents/decision/"
    for _ in range(3):
        assert client.post(url).status_code == 302
    client.post(f"/delegations/outbound/{delegation.pk}/documents/appraisal/")
    files = Attachment.objects.filter(object_id=str(delegation.pk))
    current = files.filter(superseded_by=None)
    assert current.count() == 2
    decision = (
        current.get(description__contains="Quyết định")
        if current.filter(description__contains="Quyết định").exists()
        else current.exclude(original_name__startswith="tham-dinh").get()
    )
    assert decision.previous_versions.count() == 2
    page = client.get(delegation.get_absolute_url()).content.decode()
    assert page.count(decision.original_name) >= 1
    assert page.count(f"/attachments/{decision.pk}/") >= 1 or decision.original_name in page


def _render(name: str, data: bytes) -> tuple[str, list[Path]]:
    """DOCX → PDF (LibreOffice headless) → text (pdftotext -layout) and page images."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = ARTIFACTS / f"{name}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / name)], check=True, timeout=120
    )
    return text, sorted(ARTIFACTS.glob(f"{name}-*.png"))


@pytest.mark.skipif(
    not SOFFICE or not shutil.which("pdftoppm"),
    reason="LibreOffice (soffice) and poppler-utils (pdftoppm) render the documents: "
    "apt-get install libreoffice-writer-nogui poppler-utils",
)
@pytest.mark.django_db
def test_every_generated_document_renders_to_pdf_as_a_civil_servant_expects():
    delegation = _delegation()
    trip(people=[PersonFactory()], departure=date(2026, 4, 2), countries=["LA"])
    documents = {
        "quyet-dinh": decision_docx(delegation)[1],
        "tham-dinh": appraisal_docx(delegation)[1],
        "bao-cao": render_docx(
            assemble(make_period("year", 2026)),
            number="12/BC-SNgV",
            day=date(2026, 12, 1),
            next_tasks="Tiếp tục xúc tiến đầu tư.\nTổ chức đoàn đi Lào.",
        ),
    }
    for name, data in documents.items():
        text, pages = _render(name, data)
        assert pages, name
        header = [line.strip() for line in text.splitlines()[:6]]
        # the national title and each issuer line on one line of their own
        assert any(NATIONAL_TITLE in line for line in header), (name, header)
        issuer = (
            ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]
            if name == "quyet-dinh"
            else ["UBND TỈNH NGHỆ AN", "SỞ NGOẠI VỤ"]
        )
        starts = [line for line in header if line.startswith(tuple(issuer))]
        assert [line.split("  ")[0] for line in starts[:2]] == issuer, (name, header)
        # the signature block shares its page with the body's last paragraph
        signature_page = next(page for page in text.split("\f") if "Nơi nhận:" in page)
        assert re.search(r"\w{3,}.*\.\s*$", signature_page.split("Nơi nhận:")[0].strip()), name
    decision_text = _render("quyet-dinh", documents["quyet-dinh"])[0]
    assert "KT. CHỦ TỊCH" in decision_text and "PHÓ CHỦ TỊCH" in decision_text
    appraisal_text = _render("tham-dinh", documents["tham-dinh"])[0]
    head = appraisal_text.split("Kính gửi")[0]
    assert "V/v thẩm định đề nghị cử đoàn đi" in head


@pytest.mark.skipif(
    not SOFFICE or not shutil.which("pdftoppm"),
    reason="LibreOffice (soffice) and poppler-utils (pdftoppm) render the documents: "
    "apt-get install libreoffice-writer-nogui poppler-utils",
)
@pytest.mark.django_db
def test_the_longest_place_name_keeps_every_header_line_whole(settings):
    """Thành phố Hồ Chí Minh, written in full in the date line (Decree 30: a unit named after
    a person), and its People's Committee as issuer."""
    settings.PROVINCE_CODE = 79
    SiteSettings.load()
    delegation = _delegation()
    for name, data in {
        "hcm-quyet-dinh": decision_docx(delegation)[1],
        "hcm-bao-cao": render_docx(
            assemble(make_period("year", 2026)), number="1/BC-SNgV", day=date(2026, 3, 5)
        ),
    }.items():
        text, _pages = _render(name, data)
        header = [line.strip() for line in text.splitlines()[:6]]
        joined = "\n".join(header)
        assert NATIONAL_TITLE in joined, (name, header)
        assert re.search(r"Thành phố Hồ Chí Minh, ngày \d\d tháng \d\d? năm 2026", joined), header
        if name == "hcm-quyet-dinh":
            assert any(line.startswith("THÀNH PHỐ HỒ CHÍ MINH") for line in header), header
        else:
            assert any(line.startswith("UBND THÀNH PHỐ HỒ CHÍ MINH ") for line in header), header
