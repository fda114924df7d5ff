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


# --- two-factor authentication -------------------------------------------------------------
def totp_now(device) -> str:  # noqa: ANN001
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def two_factor_on(settings):  # noqa: ANN001, ANN201
    settings.TWO_FACTOR_ROLES = ["admin", "leader"]
    # django-otp slows down guessing (a wait after each wrong code); tests type fast
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def confirmed_device(user):  # noqa: ANN001, ANN201
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


@pytest.mark.django_db
def test_leader_without_a_second_factor_must_set_it_up(client, two_factor_on, role_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    role_user(R.LEADER, username="lanh-dao")
    response = login(client, "lanh-dao")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home.url.startswith("/accounts/two-factor/setup/")
    page = client.get(home.url)
    body = page.content.decode()
    assert "otpauth://totp/" in body and "<svg" in body and 'id="two-factor-required"' in body
    device = TOTPDevice.objects.get(user__username="lanh-dao", confirmed=False)
    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 400
    done = client.post("/accounts/two-factor/setup/", {"code": totp_now(device), "next": "/"})
    assert done.status_code == 200 and 'id="recovery-codes"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_administrator_with_totp_logs_in_with_a_code(client, two_factor_on, role_user):
    from doingoai.core import two_factor

    admin = role_user(R.ADMIN, username="quan-tri")
    device = confirmed_device(admin)
    codes = two_factor.new_recovery_codes(admin)
    login(client, "quan-tri")
    page = client.get("/system/users/")
    assert page.status_code == 302 and page.url.startswith("/accounts/two-factor/")
    api = client.get("/api/v1/core/persons/")
    assert api.status_code == 403  # the session is not verified yet
    assert client.post(page.url, {"code": "123456"}).status_code == 400
    ok = client.post("/accounts/two-factor/?next=/system/users/", {"code": totp_now(device)})
    assert ok.status_code == 302 and ok.url == "/system/users/"
    assert client.get("/system/users/").status_code == 200
    # a recovery code works once
    client.logout()
    login(client, "quan-tri")
    assert client.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 302
    client.logout()
    login(client, "quan-tri")
    assert client.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 400


@pytest.mark.django_db
def test_two_factor_is_optional_for_a_specialist(client, two_factor_on, role_user):
    role_user(R.SPECIALIST, username="chuyen-vien")
    login(client, "chuyen-vien")
    assert client.get("/").status_code == 200
    page = client.get("/accounts/security/").content.decode()
    assert "/accounts/two-factor/setup/" in page


@pytest.mark.django_db
def test_administrator_resets_a_lost_second_factor(client_as, two_factor_on, role_user):
    leader = role_user(R.LEADER)
    confirmed_device(leader)
    admin_client = client_as(R.SPECIALIST)  # not an administrator
    assert admin_client.post(f"/system/users/{leader.pk}/two-factor/reset/").status_code == 403
    from doingoai.core import two_factor

    two_factor_on.TWO_FACTOR_ROLES = []  # the administrator's own session, without 2FA here
    admin = role_user(R.ADMIN)
    admin_client.force_login(admin)
    response = admin_client.post(f"/system/users/{leader.pk}/two-factor/reset/")
    assert response.status_code == 302
    assert not two_factor.has_device(leader)


# --- passwords -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_new_password_may_not_equal_the_old_one(client, role_user):
    user = role_user(R.SPECIALIST, username="doi-mat-khau")
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "phải khác mật khẩu hiện tại" in response.content.decode()


@pytest.mark.django_db
def test_admin_reset_forces_a_change_at_next_login(client, role_user):
    from doingoai.core.models import User

    user = role_user(R.SPECIALIST, username="quen-mat-khau")
    admin = role_user(R.ADMIN)
    client.force_login(admin)
    response = client.post(
        f"/system/users/{user.pk}/",
        {
            "username": user.username,
            "last_name": "Lê",
            "first_name": "Quên",
            "is_active": "on",
            "groups": [g.pk for g in user.groups.all()],
            "password": "Mat-khau-tam-thoi-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password
    client.logout()
    client.post(LOGIN, {"username": user.username, "password": "Mat-khau-tam-thoi-2026"})
    page = client.get("/")
    assert page.status_code == 302 and page.url.startswith("/accounts/password/")
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": "Mat-khau-tam-thoi-2026",
            "new_password1": "Mat-khau-rieng-cua-toi-2026",
            "new_password2": "Mat-khau-rieng-cua-toi-2026",
        },
    )
    assert changed.status_code == 302
    assert not User.objects.get(pk=user.pk).must_change_password
    assert client.get("/").status_code == 200


# --- API tokens ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_api_tokens_listed_and_revocable_by_the_user_and_the_administrator(client, role_user):
    from rest_framework.authtoken.models import Token

    user = role_user(R.READONLY)
    token = Token.objects.create(user=user)
    client.force_login(user)
    page = client.get("/accounts/security/").content.decode()
    assert token.key[:8] in page and token.key not in page
    client.post(f"/accounts/security/tokens/{token.key[:8]}/revoke/")
    assert not Token.objects.filter(user=user).exists()
    token = Token.objects.create(user=user)
    client.force_login(role_user(R.ADMIN))
    assert token.key[:8] in client.get(f"/system/users/{user.pk}/").content.decode()
    client.post(f"/system/users/{user.pk}/tokens/revoke/")
    assert not Token.objects.filter(user=user).exists()
    client.logout()
    api = client.get("/api/v1/core/countries/", headers={"Authorization": f"Token {token.key}"})
    assert api.status_code in (401, 403)


@pytest.mark.django_db
def test_administrator_creates_a_token_shown_once(client, role_user):
    from rest_framework.authtoken.models import Token

    user = role_user(R.READONLY)
    client.force_login(role_user(R.ADMIN))
    page = client.post(f"/system/users/{user.pk}/tokens/new/", follow=True).content.decode()
    token = Token.objects.get(user=user)
    assert token.key in page and "không hiện lại" in page
    assert token.key not in client.get(f"/system/users/{user.pk}/").content.decode()
    client.logout()
    api = client.get("/api/v1/core/countries/", headers={"Authorization": f"Token {token.key}"})
    assert api.status_code == 200
