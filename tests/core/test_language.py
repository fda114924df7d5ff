"""Vietnamese by default (issue 8, finding 7): the browser's Accept-Language does not switch
the interface; the language switch does, and is remembered; filter labels follow each
request's language; API errors are translated; the schema and Swagger UI need a login."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from doingoai.core import roles as R
from doingoai.core.registry import registry

PERSONS = registry.get("core.person")
ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def filter_labels(html: str) -> str:
    start = html.find("<form")
    return html[start : start + 6000]


@pytest.mark.django_db
def test_an_english_browser_gets_vietnamese(client, role_user):
    page = client.get("/accounts/login/", headers=ENGLISH_BROWSER)
    assert 'lang="vi"' in page.content.decode() and page["Content-Language"] == "vi"
    client.force_login(role_user(R.SPECIALIST))
    html = client.get(PERSONS.url("list"), headers=ENGLISH_BROWSER).content.decode()
    assert 'lang="vi"' in html and "Tìm kiếm" in html


@pytest.mark.django_db
def test_the_language_switch_chooses_english_and_is_remembered(client, role_user):
    client.force_login(role_user(R.SPECIALIST))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 300 * 24 * 3600
    html = client.get(PERSONS.url("list")).content.decode()
    assert 'lang="en"' in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, headers=ENGLISH_BROWSER)
    assert 'lang="vi"' in client.get(PERSONS.url("list")).content.decode()


@pytest.mark.django_db
def test_filter_labels_follow_each_requests_language(role_user):
    user = role_user(R.ADMIN)
    english, vietnamese = Client(), Client()
    for c in (english, vietnamese):
        c.force_login(user)
    english.cookies["django_language"] = "en"
    assert english.get("/api/v1/schema/").status_code == 200  # reads every filter's label
    en_labels = filter_labels(english.get(PERSONS.url("list")).content.decode())
    vi_labels = filter_labels(vietnamese.get(PERSONS.url("list")).content.decode())
    assert re.search(r">\s*Giới tính\s*<", vi_labels), vi_labels
    assert re.search(r">\s*Sex\s*<", en_labels), en_labels
    assert not re.search(r">\s*Sex\s*<", vi_labels)
    legal = registry.get("core.legaldocument")
    vi_dates = vietnamese.get(legal.url("list")).content.decode()
    # a date range: one label, two boxes whose placeholders say from and to
    assert "Ngày ban hành" in vi_dates and 'placeholder="từ ngày dd/mm/yyyy"' in vi_dates
    assert 'placeholder="from dd/mm/yyyy"' not in vi_dates
    en_dates = english.get(legal.url("list")).content.decode()
    assert 'placeholder="from dd/mm/yyyy"' in en_dates and "Date issued" in en_dates


@pytest.mark.django_db
def test_api_csrf_refusal_is_in_vietnamese(role_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_user(R.ADMIN))
    response = client.post(
        "/api/v1/core/persons/", {"full_name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "CSRF Failed" not in detail and "Tải lại trang" in detail


@pytest.mark.django_db
def test_api_errors_are_in_vietnamese_for_an_english_browser(client):
    response = client.get("/api/v1/core/persons/", headers=ENGLISH_BROWSER)
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Chưa cung cấp thông tin xác thực."


@pytest.mark.django_db
def test_schema_and_swagger_ui_need_a_login(client, role_user):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs.url.startswith("/accounts/login/")
    user = role_user(R.READONLY)
    token = Token.objects.create(user=user)
    with_token = client.get("/api/v1/schema/", headers={"Authorization": f"Token {token.key}"})
    assert with_token.status_code == 200
    client.force_login(user)
    assert client.get("/api/v1/docs/").status_code == 200
