"""Security of the shell: login required, lockout, headers, sensitive data, tokens,
production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from doingoai.core import roles as R
from doingoai.core.models import AccessLog, Person

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_home_redirects_to_login_in_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'lang="vi"' in page.content.decode()


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_lockout_after_failed_logins(client, settings, role_user):
    settings.AXES_ENABLED = True
    user = role_user(R.SPECIALIST, username="bi-khoa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "bi-khoa", "password": "sai-mat-khau"})
    response = client.post(
        "/accounts/login/", {"username": "bi-khoa", "password": "Mat-khau-thu-2026"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.pk


@pytest.mark.django_db
def test_passwords_are_argon2(role_user):
    assert role_user(R.READONLY).password.startswith("argon2")


@pytest.mark.django_db
def test_sensitive_field_masked_and_reads_logged(client_as):
    person = Person.objects.create(full_name="Hồ Bảo Mật", id_number="040123456789")
    readonly = client_as(R.READONLY)
    assert "040123456789" not in readonly.get(person.get_absolute_url()).content.decode()
    assert readonly.get(f"/api/v1/core/persons/{person.pk}/").json()["id_number"] == "***"
    assert not AccessLog.objects.exists()
    leader = client_as(R.LEADER)
    assert "040123456789" in leader.get(person.get_absolute_url()).content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (leader.user, "view", str(person.pk))


@pytest.mark.django_db
def test_api_token_command_and_token_auth(client, role_user, capsys):
    user = role_user(R.READONLY, username="tich-hop")
    call_command("create_api_token", "tich-hop")
    token = capsys.readouterr().out.strip()
    assert len(token) == 40
    client.logout()
    ok = client.get("/api/v1/core/countries/", headers={"Authorization": f"Token {token}"})
    assert ok.status_code == 200 and ok.json()["count"] >= 249
    denied = client.post(
        "/api/v1/core/countries/", {"code": "XX"}, headers={"Authorization": f"Token {token}"}
    )
    assert denied.status_code == 403
    assert user.is_active


@pytest.mark.django_db
def test_readonly_cannot_write_through_ui_or_api(client_as):
    client = client_as(R.READONLY)
    assert client.get("/core/persons/add/").status_code == 403
    response = client.post(
        "/api/v1/core/persons/", {"full_name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_agency_sees_reference_but_no_system_pages(client_as):
    client = client_as(R.AGENCY)
    assert client.get("/core/countries/").status_code == 200
    assert client.get("/system/settings/").status_code == 403
    assert client.get("/system/access-log/").status_code == 403


def test_production_profile_passes_check_deploy(tmp_path, monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set by browser tests
    env = {
        **os.environ,
        "DOINGOAI_ENV": "production",
        "DOINGOAI_SECRET_KEY": "x" * 20 + os.urandom(24).hex(),
        "DOINGOAI_ALLOWED_HOSTS": "example.org",
        "DOINGOAI_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        **os.environ,
        "DOINGOAI_ENV": "production",
        "DOINGOAI_SECRET_KEY": "",
        "DOINGOAI_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "DOINGOAI_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/core/persons/trash/",
        "/core/persons/abc/history/",
        "/core/persons/1.5/edit/",
        "/core/persons/99999999999999999999999/",
        "/delegations/outbound/%20/",
    ],
)
def test_an_address_that_names_no_record_is_not_found(client_as, url):
    """A record's address typed or cut by hand answers 404, not a server error."""
    client = client_as(R.SPECIALIST)
    assert client.get(url).status_code == 404
