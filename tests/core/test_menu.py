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


def test_the_sidebar_marks_the_current_entry_in_the_users_language(client_as) -> None:  # noqa: ANN001
    import re

    client = client_as(R.SPECIALIST)
    persons = registry.get("core.person").url("list")

    def entries(path: str) -> tuple[list[str], list[str]]:
        html = client.get(path).content.decode()
        sidebar = html.split('id="sidebar"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a class="nav-link ([a-z]*)" href="([^"]+)"', sidebar)
        return [href for mark, href in links if mark == "active"], re.findall(
            r'<div class="menu-section">([^<]+)</div>', sidebar
        )

    active, sections = entries(persons)
    assert active == [persons]
    assert "Danh mục" in sections
    active, _ = entries(persons + "?q=le")  # the same entry with a query
    assert active == [persons]
    assert entries("/")[0] == ["/"]  # the dashboard's own link, no menu entry
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    active, sections = entries(persons)
    assert active == [persons] and "Reference data" in sections
