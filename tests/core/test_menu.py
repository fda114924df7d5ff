"""The menu is built once per set of permissions, language and URL prefix, and follows each."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.utils import translation

from doingoai.core import roles as R
from doingoai.core.registry import registry


def _labels(user) -> list[str]:  # noqa: ANN001
    return [item["label"] for entry in registry.menu(user) for item in entry["items"]]


def test_menu_follows_permissions_and_language(role_user, django_assert_num_queries):  # noqa: ANN001
    agency, specialist = role_user(R.AGENCY), role_user(R.SPECIALIST)
    with translation.override("vi"):
        seen_by_agency, seen_by_specialist = _labels(agency), _labels(specialist)
        assert set(seen_by_agency) < set(seen_by_specialist)
        again = role_user(R.SPECIALIST)
        again.get_all_permissions()  # the permissions are read once per request anyway
        with django_assert_num_queries(0):
            assert registry.menu(again) is registry.menu(specialist)  # shared, not rebuilt
    with translation.override("en"):
        english = _labels(specialist)
    assert english != seen_by_specialist and len(english) == len(seen_by_specialist)
    # one more permission: another menu
    hidden = next(rt for rt in registry.all() if rt.menu and not rt.can(agency, "view"))
    app_label, codename = hidden.perm("view").split(".")
    view = Permission.objects.get(codename=codename, content_type__app_label=app_label)
    agency.user_permissions.add(view)
    agency = type(agency).objects.get(pk=agency.pk)  # permissions are cached per user object
    with translation.override("vi"):
        assert set(_labels(agency)) > set(seen_by_agency)
