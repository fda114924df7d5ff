"""One object-permission hook: a type that narrows what a user may see (as the consular
module will) is narrowed on every path, trash and restore included, by overriding
``visible_to`` and ``can_object`` only (finding: the trash leaked titles and anyone with
change rights could restore such records; importable=False only hid the button)."""

from __future__ import annotations

import pytest

from doingoai.core import roles as R
from doingoai.core import services
from doingoai.core.models import Person
from doingoai.core.registry import registry

PERSON = registry.get("core.person")
SECRET = "Bí mật Hồ Sơ"


@pytest.fixture
def narrowed(monkeypatch):  # noqa: ANN001, ANN201
    cls = type(PERSON)
    base_visible, base_can = cls.visible_to, cls.can_object

    def visible_to(self, user):  # noqa: ANN001, ANN202
        qs = base_visible(self, user)
        return qs if R.ADMIN in R.user_roles(user) else qs.exclude(full_name=SECRET)

    def can_object(self, user, action, obj):  # noqa: ANN001, ANN202
        allowed = base_can(self, user, action, obj)
        if user is None or obj is None or R.ADMIN in R.user_roles(user):
            return allowed
        return allowed and obj.full_name != SECRET

    monkeypatch.setattr(cls, "visible_to", visible_to)
    monkeypatch.setattr(cls, "can_object", can_object)
    return PERSON


@pytest.mark.django_db
def test_narrowed_type_is_narrowed_on_every_path(narrowed, role_user, client_as):
    admin = role_user(R.ADMIN)
    secret = Person.objects.create(full_name=SECRET, nationality_id="VN")
    client = client_as(R.SPECIALIST)
    for url in (
        PERSON.url("detail", secret.pk),
        PERSON.url("edit", secret.pk),
        PERSON.url("history", secret.pk),
        f"/api/v1/core/{PERSON.url_slug}/{secret.pk}/",
    ):
        assert client.get(url).status_code in (403, 404), url
    services.record_delete(rt=PERSON, obj=secret, user=admin, expected_version=secret.version)
    assert SECRET not in client.get(PERSON.url("trash")).content.decode()
    entry = Person.history.filter(id=secret.pk, history_type="-").get()
    response = client.post(PERSON.url("restore", entry.history_id))
    assert response.status_code in (403, 404)
    assert not Person.objects.filter(pk=secret.pk).exists()
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied or the missing version)
        services.record_restore(rt=PERSON, history_id=entry.history_id, user=client.user)
    services.record_restore(rt=PERSON, history_id=entry.history_id, user=admin)
    assert Person.objects.filter(pk=secret.pk).exists()


@pytest.mark.django_db
def test_not_importable_type_refuses_the_import_urls(client_as, monkeypatch):
    monkeypatch.setattr(type(PERSON), "importable", False)
    client = client_as(R.ADMIN)
    assert client.get(PERSON.url("import")).status_code == 404
    assert client.post(PERSON.url("import"), {"step": "check"}).status_code == 404
    assert client.get(PERSON.url("import-template")).status_code == 404
