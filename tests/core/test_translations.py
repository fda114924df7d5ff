"""Vietnamese is the default and must be complete: no untranslated or fuzzy entry, and the
compiled catalogue is up to date with the sources."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2] / "doingoai"
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))


def _entries(text: str):  # noqa: ANN202
    for block in text.split("\n\n")[1:]:
        if "#, fuzzy" in block:
            yield block, "fuzzy"
        strings = re.findall(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        joined = "".join(re.findall(r'"(.*)"', strings[0])) if strings else ""
        if not joined:
            yield block, "untranslated"


def test_every_app_has_its_own_catalogue():
    """A new app (conferences, aid ...) keeps its translations beside its code."""
    apps = [p.parent for p in PACKAGE.glob("*/apps.py")]
    missing = [
        a.name for a in apps if not (a / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()
    ]
    assert not missing, f"apps without doingoai/<app>/locale/vi/LC_MESSAGES/django.po: {missing}"


def test_vietnamese_catalogues_are_complete():
    assert {p.parent.parent.parent.parent.name for p in CATALOGUES} >= {
        "doingoai",
        "core",
        "delegations",
        "reports",
    }
    for po in CATALOGUES:
        problems = list(_entries(po.read_text(encoding="utf-8")))
        assert problems == [], (po, problems[:5])
        assert po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime - 5, po


import pytest  # noqa: E402


@pytest.mark.django_db
def test_ui_speaks_vietnamese_by_default(client_as):
    from doingoai.core import roles as R

    html = client_as(R.LEADER).get("/delegations/outbound/").content.decode()
    assert "Đoàn ra" in html and "Xuất" in html and "Tìm kiếm" in html
    with translation.override("en"):
        assert translation.gettext("Dashboard") == "Dashboard"
    with translation.override("vi"):
        assert translation.gettext("Dashboard") == "Tổng quan"
