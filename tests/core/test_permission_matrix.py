"""The permission matrix, asked over HTTP and compared with a reviewed golden file.

For every registered record type, every role and every action (list, view, add, change,
delete, restore, export, import and each workflow move), the UI and the API are asked the
way a user would, and the answer (allowed or refused) must equal the cell of
``tests/core/permissions.golden.json``. The roles include a submitting agency trying another
agency's record by its ID, and a specialist whose area group gives only ``view``.

A new record type without a golden entry fails here. After a deliberate change of
permissions, regenerate with ``UPDATE_GOLDEN=1 pytest tests/core/test_permission_matrix.py``
and review the diff of the golden file like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from doingoai.core import roles as R
from doingoai.core.registry import registry
from tests.factories import CONTRACT_FACTORIES, OrganisationFactory, make_user

GOLDEN = Path(__file__).with_name("permissions.golden.json")
TYPES = sorted(registry.all(), key=lambda rt: rt.key)
ROLES = [
    "admin",
    "leader",
    "specialist",
    "specialist_view_only",
    "agency",
    "agency_other",
    "readonly",
]
DENIED = {401, 403, 404}


def actions_of(rt) -> list[str]:
    actions = ["list", "view", "add", "change", "delete", "restore", "export", "import"]
    if rt.workflow:
        actions += [f"transition:{t.name}" for t in rt.workflow.transitions]
    return actions


def _user(role: str, home):  # noqa: ANN001, ANN202
    if role == "agency":
        return make_user(R.AGENCY, organisation=home)
    if role == "agency_other":
        return make_user(R.AGENCY, organisation=OrganisationFactory())
    if role == "specialist_view_only":
        user = make_user(R.READONLY)
        user.groups.set([Group.objects.get(name=R.GROUP_NAMES[R.SPECIALIST])])
        return user
    return make_user(role)


def _own(rt, obj, org) -> None:  # noqa: ANN001
    """Make ``obj`` belong to ``org`` (the home agency) when the type is owned."""
    if not rt.owner_field:
        return
    *path, last = rt.owner_field.split("__")
    target = obj
    for part in path:
        target = getattr(target, part)
    type(target)._default_manager.filter(pk=target.pk).update(**{f"{last}_id": org.pk})


def _fresh(rt, org):  # noqa: ANN001, ANN202
    obj = CONTRACT_FACTORIES[rt.key]()
    _own(rt, obj, org)
    return rt.model._default_manager.get(pk=obj.pk)


def _api(rt) -> str:  # noqa: ANN001
    return f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"


def _allowed(response) -> bool:  # noqa: ANN001
    return response.status_code not in DENIED


def ask(client, rt, action: str, org) -> dict[str, bool]:  # noqa: ANN001
    """Answers of the UI and the API to ``action`` on a fresh record owned by ``org``."""
    obj = _fresh(rt, org)
    api = _api(rt)
    answers: dict[str, bool] = {}
    if action == "list":
        answers["ui"] = _allowed(client.get(rt.url("list")))
        answers["api"] = _allowed(client.get(api))
    elif action == "view":
        answers["ui"] = _allowed(client.get(rt.url("detail", obj.pk)))
        answers["api"] = _allowed(client.get(f"{api}{obj.pk}/"))
    elif action == "add":
        answers["ui"] = _allowed(client.get(rt.url("add")))
        answers["api"] = _allowed(client.post(api, {}, content_type="application/json"))
    elif action == "change":
        answers["ui"] = _allowed(client.get(rt.url("edit", obj.pk)))
        answers["api"] = _allowed(
            client.patch(
                f"{api}{obj.pk}/", {"version": obj.version}, content_type="application/json"
            )
        )
    elif action == "delete":
        response = client.post(rt.url("delete", obj.pk), {"version": obj.version})
        answers["ui"] = _allowed(response)
        other = _fresh(rt, org)
        answers["api"] = _allowed(
            client.delete(f"{api}{other.pk}/", HTTP_IF_MATCH=f'"{other.version}"')
        )
    elif action == "restore":
        obj.save()  # a second version to go back from
        first = obj.history.order_by("history_id").first()
        response = client.post(rt.url("restore", first.history_id), {"version": obj.version})
        answers["ui"] = _allowed(response)
    elif action == "export":
        answers["ui"] = _allowed(client.get(rt.url("export")))
    elif action == "import":
        answers["ui"] = rt.importable and _allowed(client.get(rt.url("import")))
    elif action.startswith("transition:"):
        name = action.split(":", 1)[1]
        transition = rt.workflow.transition(name)
        field = rt.workflow.field
        rt.model._default_manager.filter(pk=obj.pk).update(**{field: transition.sources[0]})
        response = client.post(
            rt.url("transition", obj.pk, name), {"version": obj.version, "comment": "ý kiến"}
        )
        answers["ui"] = _allowed(response)
        other = _fresh(rt, org)
        rt.model._default_manager.filter(pk=other.pk).update(**{field: transition.sources[0]})
        answers["api"] = _allowed(
            client.post(
                f"{api}{other.pk}/transitions/{name}/",
                {"version": other.version, "comment": "ý kiến"},
                content_type="application/json",
            )
        )
    return answers


def observed_matrix(rt, client) -> dict[str, dict[str, bool]]:  # noqa: ANN001
    home = OrganisationFactory(name="Sở Công Thương (thử nghiệm)")
    matrix: dict[str, dict[str, bool]] = {}
    for role in ROLES:
        user = _user(role, home)
        client.force_login(user)
        row = {}
        for action in actions_of(rt):
            answers = ask(client, rt, action, home)
            values = set(answers.values())
            assert len(values) == 1, f"{rt.key} {role} {action}: UI and API disagree {answers}"
            row[action] = values.pop()
        matrix[role] = row
    return matrix


def _load() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}


def test_every_registered_type_has_a_golden_entry():
    golden = _load()
    missing = [rt.key for rt in TYPES if rt.key not in golden]
    assert not missing, f"record types without a golden permission entry: {missing}"
    for rt in TYPES:
        for role in ROLES:
            assert set(golden[rt.key][role]) == set(actions_of(rt)), (rt.key, role)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor == "postgresql" and not os.environ.get("MATRIX_ON_POSTGRES"),
    reason="permissions do not depend on the database; PostgreSQL's write paths are driven "
    "by test_transactions.py (set MATRIX_ON_POSTGRES=1 to run the matrix there too)",
)
@pytest.mark.parametrize("rt", TYPES, ids=[rt.key for rt in TYPES])
def test_http_answers_match_the_golden_file(client, rt):
    observed = observed_matrix(rt, client)
    if os.environ.get("UPDATE_GOLDEN"):
        golden = _load()
        golden[rt.key] = observed
        GOLDEN.write_text(
            json.dumps(dict(sorted(golden.items())), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        return
    expected = _load().get(rt.key)
    assert expected is not None, f"{rt.key} has no golden entry"
    wrong = [
        f"{role} {action}: golden {expected[role][action]}, observed {allowed}"
        for role, row in observed.items()
        for action, allowed in row.items()
        if expected[role].get(action) != allowed
    ]
    assert not wrong, "\n".join(wrong)
