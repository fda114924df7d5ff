"""Nothing outside history: the settings record and the rules are changed through services
that leave a history line (who, when, why), and any version can be restored from a page."""

from __future__ import annotations

import pytest

from doingoai.core import roles as R
from doingoai.core.models import Rule, SiteSettings


@pytest.mark.django_db
def test_settings_change_is_in_history_and_restorable(client_as):
    client = client_as(R.ADMIN)
    settings_row = SiteSettings.load()
    original = settings_row.agency_name
    page = client.get("/system/settings/")
    form = page.context["form"]
    data = {name: (form[name].value() or "") for name in form.fields}
    data["agency_name"] = "Văn phòng UBND tỉnh (thử)"
    assert client.post("/system/settings/", data).status_code == 302
    settings_row.refresh_from_db()
    assert settings_row.agency_name == "Văn phòng UBND tỉnh (thử)"
    entries = list(SiteSettings.history.order_by("-history_id"))
    assert entries[0].history_user == client.user
    history = client.get("/system/settings/history/").content.decode()
    assert "Văn phòng UBND tỉnh (thử)" in history
    before = next(e for e in entries if e.agency_name == original)
    response = client.post("/system/settings/history/", {"history_id": before.history_id})
    assert response.status_code == 302
    settings_row.refresh_from_db()
    assert settings_row.agency_name == original


@pytest.mark.django_db
def test_rule_change_is_in_history_and_only_admins_restore(client_as, role_user, client):
    rule = Rule.objects.order_by("key").first()
    admin = client_as(R.ADMIN)
    old = rule.value
    assert admin.post("/system/rules/", {f"rule-{rule.pk}": str(old + 3)}).status_code == 302
    rule.refresh_from_db()
    assert rule.value == old + 3
    latest = rule.history.order_by("-history_id").first()
    assert latest.history_user == admin.user and latest.value == old + 3
    first = rule.history.order_by("history_id").first()
    client.force_login(role_user(R.LEADER))  # leaders read the rules, do not change them
    assert client.get("/system/rules/history/").status_code == 200
    client.post("/system/rules/history/", {"history_id": first.history_id})
    rule.refresh_from_db()
    assert rule.value == old + 3
    admin.force_login(admin.user)
    admin.post("/system/rules/history/", {"history_id": first.history_id})
    rule.refresh_from_db()
    assert rule.value == old
