"""The settings record follows DOINGOAI_PROVINCE_CODE (letterhead, place name, recipients)
until the administrator edits it (issue 10 item 13)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from doingoai.core import roles as R
from doingoai.core.models import SiteSettings
from doingoai.core.site_defaults import province_defaults
from doingoai.reports.assembly import assemble, render_docx
from doingoai.reports.periods import make_period


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


def test_defaults_of_a_province_and_of_a_city():
    assert province_defaults(40) == {
        "agency_name": "Sở Ngoại vụ tỉnh Nghệ An",
        "governing_body": "UBND TỈNH NGHỆ AN",
        "province_name": "Nghệ An",
        "place_name": "Nghệ An",
        "committee_name": "Ủy ban nhân dân tỉnh Nghệ An",
    }
    hanoi = province_defaults(1)
    assert hanoi["governing_body"] == "UBND THÀNH PHỐ HÀ NỘI"
    assert hanoi["committee_name"] == "Ủy ban nhân dân thành phố Hà Nội"
    assert hanoi["place_name"] == "Hà Nội"


@pytest.mark.django_db
def test_a_new_installation_takes_the_configured_province(settings):
    settings.PROVINCE_CODE = 1
    site = SiteSettings.load()
    assert site.agency_name == "Sở Ngoại vụ thành phố Hà Nội"
    assert site.place_name == "Hà Nội"
    text = _docx_text(
        render_docx(assemble(make_period("year", 2026)), number="1/BC", day=date(2026, 3, 5))
    )
    assert "UBND THÀNH PHỐ HÀ NỘI" in text
    assert "Hà Nội, ngày 05 tháng 3 năm 2026" in text
    assert "- Ủy ban nhân dân thành phố Hà Nội;" in text  # recipients
    assert "Nghệ An" not in text


@pytest.mark.django_db
def test_changing_the_province_moves_the_defaults_but_keeps_the_administrators_edits(
    settings, client_as
):
    settings.PROVINCE_CODE = 40
    assert SiteSettings.load().place_name == "Nghệ An"
    client = client_as(R.ADMIN)
    form = client.get("/system/settings/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["agency_name"] = "Văn phòng UBND tỉnh (bộ phận đối ngoại)"
    assert client.post("/system/settings/", data).status_code == 302
    settings.PROVINCE_CODE = 1
    site = SiteSettings.load()
    assert site.agency_name == "Văn phòng UBND tỉnh (bộ phận đối ngoại)"  # edited: kept
    assert (site.place_name, site.governing_body) == ("Hà Nội", "UBND THÀNH PHỐ HÀ NỘI")
    assert site.committee_name == "Ủy ban nhân dân thành phố Hà Nội"
    assert SiteSettings.objects.get().place_name == "Hà Nội"  # saved, once
