"""The border module's documents rendered to PDF by LibreOffice (Decree 30/2020/NĐ-CP): the
national title and the issuer each on one line, the title, the signature block on the page of
the last paragraph; pages kept as images in test-artifacts/documents/ and looked at."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from doingoai.border.documents import damage_report_docx, incident_report_docx
from doingoai.core import services
from doingoai.core.documents import NATIONAL_TITLE
from doingoai.core.models import SiteSettings
from doingoai.core.registry import registry
from tests.border.factories import IncidentFactory, MarkerFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _render(name: str, data: bytes) -> tuple[str, list[Path]]:
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
def test_the_border_documents_render_to_pdf_in_the_national_format():
    site = SiteSettings.load()
    site.director_name = "Nguyễn Văn Thử"
    site.save()
    marker = MarkerFactory(
        number="123(2)", latitude=Decimal("19.415"), longitude=Decimal("104.003889")
    )
    rt = registry.get("border.markerinspection")
    for day, condition, notes in (
        (date(2024, 3, 1), "intact", ""),
        (date(2025, 3, 1), "damaged", "Mốc bị nghiêng, nứt chân đế do sạt lở đất"),
    ):
        services.record_save(
            rt=rt,
            obj=rt.model(
                marker=marker,
                inspected_on=day,
                condition=condition,
                inspector="Đồn Biên phòng Nậm Cắn",
                notes=notes,
            ),
            user=None,
        )
    marker.refresh_from_db()
    incident = IncidentFactory(
        title="Tàu cá NA-90123-TS cùng 08 ngư dân bị nước ngoài bắt giữ",
        kind="fishermen_held",
        place="Vùng biển quần đảo Hoàng Sa",
        country_id=None,
        vessel_name="NA-90123-TS",
        vessel_registration="NA-90123-TS",
        crew_count=8,
        held_by_id="CN",
        handling="Phối hợp Bộ đội Biên phòng tỉnh, Cục Lãnh sự xác minh; đề nghị cơ quan "
        "đại diện can thiệp bảo hộ ngư dân.",
        occurred_on=date(2025, 4, 2),
        status="handling",
    )
    documents = {
        "bao-cao-moc": damage_report_docx(marker)[1],
        "bao-cao-vu-viec": incident_report_docx(incident)[1],
    }
    for name, data in documents.items():
        text, pages = _render(name, data)
        assert pages, name
        header = [line.strip() for line in text.splitlines()[:6]]
        assert any(NATIONAL_TITLE in line for line in header), (name, header)
        starts = [line for line in header if line.startswith(("UBND TỈNH NGHỆ AN", "SỞ NGOẠI VỤ"))]
        assert [line.split("  ")[0] for line in starts[:2]] == [
            "UBND TỈNH NGHỆ AN",
            "SỞ NGOẠI VỤ",
        ], (name, header)
        assert "BÁO CÁO" in text and "Số:" in text and "/BC-SNgV" in text
        signature_page = next(page for page in text.split("\f") if "Nơi nhận:" in page)
        assert re.search(r"\w{3,}.*\.\s*$", signature_page.split("Nơi nhận:")[0].strip()), name
        assert "Nguyễn Văn Thử" in signature_page
    marker_text = _render("bao-cao-moc", documents["bao-cao-moc"])[0]
    assert "19°24'54\" B" in marker_text and "01/03/2025" in marker_text
    incident_text = _render("bao-cao-vu-viec", documents["bao-cao-vu-viec"])[0]
    assert "NA-90123-TS" in incident_text and "08 người" in incident_text
