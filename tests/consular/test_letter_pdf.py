"""The ABTC recommendation letter rendered to PDF (LibreOffice) with its page kept as an
image in test-artifacts/documents/ (looked at by a person): national title, issuer,
number, the Immigration Department addressed, the signature block after the body."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
from docx import Document

from doingoai.consular.documents import recommendation_docx
from doingoai.core import roles as R
from doingoai.core.documents import NATIONAL_TITLE
from tests.consular.factories import ApplicationFactory, BusinesspersonFactory, EnterpriseFactory
from tests.delegations.test_documents_layout import _render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    not SOFFICE or not shutil.which("pdftoppm"),
    reason="LibreOffice (soffice) and poppler-utils (pdftoppm) render the documents",
)
@pytest.mark.django_db
def test_the_abtc_letter_renders_to_pdf(role_user):
    person = BusinesspersonFactory(
        full_name="Nguyễn Thị Hoa",
        post_title="Giám đốc",
        passport_number="C1234567",
        birth_date=date(1978, 4, 9),
        enterprise=EnterpriseFactory(
            name="Công ty CP Chế biến Thủy sản Cửa Lò", established_on=date(2015, 6, 1)
        ),
    )
    application = ApplicationFactory(
        businessperson=person,
        received_on=date(2026, 3, 2),
        recommended_on=date(2026, 3, 10),
        letter_number="215/SNgV-LS",
        economies="tất cả các nền kinh tế thành viên APEC",
        status="recommended",
    )
    _name, data = recommendation_docx(application, role_user(R.ADMIN))
    text, pages = _render("de-nghi-abtc", data)
    assert pages
    assert NATIONAL_TITLE in text and "215/SNgV-LS" in text
    assert "Kính gửi: Cục Quản lý xuất nhập cảnh - Bộ Công an." in text
    assert "C1234567" in text and "09/04/1978" in text and "ngày 10 tháng 3 năm 2026" in text
    assert "Nơi nhận:" in text
    masked = Document(io.BytesIO(recommendation_docx(application, role_user(R.READONLY))[1]))
    cells = [c.text for t in masked.tables for r in t.rows for c in r.cells]
    assert "C1234567" not in cells and "***" in cells
