"""Authentication to TCVN 11930 level 3 (issue 8): lockout by user name (an address only at a
much higher limit), unlock by the administrator, two-factor authentication, API tokens,
password rules."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from doingoai.core import lockout
from doingoai.core import roles as R

LOGIN = "/accounts/login/"
PASSWORD = "Mat-khau-thu-2026"


def fail(client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def login(client, username: str, ip: str = "10.0.0.1"):  # noqa: ANN201
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)


@pytest.fixture
def axes_on(settings):  # noqa: ANN001, ANN201
    settings.AXES_ENABLED = True
    return settings


@pytest.mark.django_db
def test_wrong_passwords_for_one_name_do_not_lock_another_user_behind_the_same_address(
    client, axes_on, role_user
):
    role_user(R.SPECIALIST, username="nguoi-quen")
    role_user(R.SPECIALIST, username="dong-nghiep")
    fail(client, "nguoi-quen", axes_on.AXES_FAILURE_LIMIT)
    assert login(client, "nguoi-quen").status_code == 429  # the name itself is locked
    response = login(client, "dong-nghiep")  # same address, another name
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_an_address_is_locked_only_at_its_own_much_higher_limit(client, axes_on, role_user):
    axes_on.DOINGOAI_LOGIN_FAILURE_LIMIT_IP = 12
    role_user(R.SPECIALIST, username="nan-nhan")
    for i in range(3):  # a spray: 4 names x 3 failures = 12 from one address
        fail(client, f"ten-doan-{i}", 4, ip="10.9.9.9")
    assert login(client, "nan-nhan", ip="10.9.9.9").status_code == 429
    assert login(client, "nan-nhan", ip="10.9.9.10").status_code == 302


@pytest.mark.django_db
def test_administrator_unlocks_a_user_from_the_users_page(client, axes_on, role_user):
    role_user(R.SPECIALIST, username="bi-khoa")
    fail(client, "bi-khoa", axes_on.AXES_FAILURE_LIMIT)
    assert lockout.is_user_locked("bi-khoa")
    admin = role_user(R.ADMIN)
    client.force_login(admin)
    page = client.get("/system/users/").content.decode()
    assert 'data-unlock="bi-khoa"' in page
    target = lockout.locked_usernames()
    assert target == {"bi-khoa"}
    from doingoai.core.models import User

    pk = User.objects.get(username="bi-khoa").pk
    response = client.post(f"/system/users/{pk}/unlock/", follow=True)
    assert "Đã mở khóa" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="bi-khoa").exists()
    client.logout()
    assert login(client, "bi-khoa").status_code == 302


@pytest.mark.django_db
def test_only_an_administrator_may_unlock(client_as, role_user):
    target = role_user(R.SPECIALIST)
    client = client_as(R.LEADER)
    assert client.post(f"/system/users/{target.pk}/unlock/").status_code == 403
