"""The delegations module's own Vietnamese catalogue is complete and compiled, and its
workflow buttons speak Vietnamese."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from doingoai.core import roles as R
from tests.delegations.factories import trip
from tests.factories import PersonFactory

LOCALE = Path(__file__).resolve().parents[2] / "doingoai" / "delegations" / "locale"


def test_vietnamese_catalogue_is_complete_and_compiled():
    po = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]
    assert len(blocks) > 150
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    empty = [
        b
        for b in blocks
        if not b.startswith("#~")
        and not "".join(re.findall(r'"(.*)"', b.split("msgstr", 1)[1] if "msgstr" in b else ""))
    ]
    assert fuzzy == [] and empty == [], (fuzzy + empty)[:3]
    mo = po.with_suffix(".mo")
    assert mo.stat().st_mtime >= po.stat().st_mtime - 5


@pytest.mark.django_db
def test_workflow_buttons_and_labels_in_vietnamese(client_as):
    obj = trip(people=[PersonFactory()], status="draft", departure=date(2030, 6, 1))
    html = client_as(R.SPECIALIST).get(obj.get_absolute_url()).content.decode()
    assert "Gửi hồ sơ đề nghị" in html and "Submit the request" not in html
    assert "Thành viên" in html and "Đoàn ra" in html
