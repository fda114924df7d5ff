"""Personal data (issue 8): one field policy on every output, proven for every registered
type with sensitive fields; one access-log line per read; the log's page, export and
retention."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from doingoai.core import field_policy
from doingoai.core import roles as R
from doingoai.core.models import AccessLog, Person
from doingoai.core.registry import registry


@pytest.mark.django_db
def test_access_log_is_kept_for_the_retention_period_then_pruned(settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 12
    ct = ContentType.objects.get_for_model(Person)
    old = AccessLog.objects.create(content_type=ct, action="view")
    recent = AccessLog.objects.create(content_type=ct, action="view")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31 * 12 + 1))
    AccessLog.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=360))
    call_command("prune_access_log")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--months", "2")


# --- one field policy for every output ------------------------------------------------------

SECRET = "040185009999"
NEWER = "040185001234"
PERSONS = registry.get("core.person")
SENSITIVE_TYPES = [rt for rt in registry.all() if rt.sensitive_fields]
#: roles that do not hold the permission of personal data, and those that do
BLIND = [R.READONLY, R.SPECIALIST, R.AGENCY]
SIGHTED = [R.LEADER, R.ADMIN]


def test_every_sensitive_type_is_covered_here():
    """Every type that declares sensitive fields runs through the generic tests below (a
    factory is enough); Person is the first."""
    from tests.factories import CONTRACT_FACTORIES

    assert "core.person" in [rt.key for rt in SENSITIVE_TYPES]
    assert all(rt.key in CONTRACT_FACTORIES for rt in SENSITIVE_TYPES)


@pytest.fixture
def person(db):  # noqa: ANN001, ANN201
    person = Person.objects.create(full_name="Hồ Bảo Mật", id_number=SECRET, nationality_id="VN")
    person.id_number = NEWER
    person.save()  # a second version: the history has a diff of the number
    return person


def _secret(rt, name: str, version: int) -> str:  # noqa: ANN001
    return f"BIMAT{version}{rt.model._meta.model_name[:6].upper()}{name[:4].upper()}9"


def make_sensitive(rt):  # noqa: ANN001, ANN201
    """A record of ``rt`` from its contract factory whose sensitive fields changed once
    (so that the history holds a diff of each)."""
    from tests.factories import CONTRACT_FACTORIES

    obj = CONTRACT_FACTORIES[rt.key]()
    for version in (1, 2):
        for name in rt.sensitive_fields:
            setattr(obj, name, _secret(rt, name, version))
        obj.save()
    return obj


def _api(rt) -> str:  # noqa: ANN001
    return f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"


def _outputs(client, rt, obj) -> dict[str, str]:  # noqa: ANN001
    """Every output of ``obj`` the client can reach, as text."""
    out = {
        "detail": client.get(rt.url("detail", obj.pk)).content.decode(),
        "history": client.get(rt.url("history", obj.pk)).content.decode(),
        "list": client.get(rt.url("list")).content.decode(),
        "api-detail": client.get(f"{_api(rt)}{obj.pk}/").content.decode(),
        "api-list": client.get(_api(rt)).content.decode(),
        "search": client.get(f"/search/?q={obj}").content.decode(),
    }
    edit = client.get(rt.url("edit", obj.pk))
    out["edit"] = edit.content.decode() if edit.status_code == 200 else ""
    xlsx = client.get(rt.url("export") + "?reason=kiem+tra")
    ws = load_workbook(io.BytesIO(xlsx.getvalue())).active
    out["xlsx"] = " ".join(str(c.value) for row in ws.iter_rows() for c in row)
    csv_response = client.get(rt.url("export") + "?format=csv&reason=kiem+tra")
    out["csv"] = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("rt", SENSITIVE_TYPES, ids=[rt.key for rt in SENSITIVE_TYPES])
@pytest.mark.parametrize("role", BLIND)
def test_no_output_shows_a_sensitive_value_to_a_role_without_the_permission(client_as, rt, role):
    obj = make_sensitive(rt)
    client = client_as(role)
    if not rt.can_object(client.user, "view", obj):
        pytest.skip("this role does not see this record at all")
    texts = _outputs(client, rt, obj)
    for output, text in texts.items():
        for name in rt.sensitive_fields:
            for version in (1, 2):
                assert _secret(rt, name, version) not in text, (output, name)
    for output in ("detail", "history", "api-detail", "xlsx", "csv"):  # shown, masked
        assert field_policy.MASK in texts[output], output
    assert not AccessLog.objects.exists()  # nothing sensitive was read


@pytest.mark.django_db
@pytest.mark.parametrize("rt", SENSITIVE_TYPES, ids=[rt.key for rt in SENSITIVE_TYPES])
@pytest.mark.parametrize("role", SIGHTED)
def test_a_role_with_the_permission_sees_the_values(client_as, rt, role):
    obj = make_sensitive(rt)
    texts = _outputs(client_as(role), rt, obj)
    for name in rt.sensitive_fields:
        for output in ("detail", "history", "api-detail", "xlsx", "csv"):
            assert _secret(rt, name, 2) in texts[output], (output, name)
        assert _secret(rt, name, 1) in texts["history"]


@pytest.mark.django_db
@pytest.mark.parametrize("rt", SENSITIVE_TYPES, ids=[rt.key for rt in SENSITIVE_TYPES])
def test_each_read_leaves_exactly_one_access_log_line(client_as, rt):
    obj = make_sensitive(rt)
    client = client_as(R.LEADER)
    reads = [
        (lambda: client.get(rt.url("detail", obj.pk)), "view", "ui"),
        (lambda: client.get(rt.url("list")), "list", "ui"),
        (lambda: client.get(rt.url("history", obj.pk)), "history", "ui"),
        (lambda: client.get(f"{_api(rt)}{obj.pk}/"), "view", "api"),
        (lambda: client.get(_api(rt)), "list", "api"),
        (lambda: client.get(rt.url("export") + "?reason=B%C3%A1o+c%C3%A1o"), "export", "ui"),
    ]
    for read, action, channel in reads:
        before = AccessLog.objects.count()
        assert read().status_code == 200
        assert AccessLog.objects.count() == before + 1, action
        line = AccessLog.objects.order_by("-pk").first()
        assert (line.user, line.action, line.channel) == (client.user, action, channel)
        assert str(obj.pk) in line.record_ids.split(",")
    export = AccessLog.objects.get(action="export")
    assert export.reason == "Báo cáo" and export.record_count >= 1


@pytest.mark.django_db
def test_export_of_personal_data_needs_a_typed_reason(client_as, person):
    client = client_as(R.LEADER)
    ask = client.get(PERSONS.url("export"))
    assert ask.status_code == 200 and 'id="export-reason"' in ask.content.decode()
    refused = client.get(PERSONS.url("export") + "?reason=+")
    assert refused.status_code == 400
    assert not AccessLog.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_api_get_then_put_keeps_the_real_number(client_as, person):
    for role in (R.SPECIALIST, R.ADMIN):
        client = client_as(role)
        url = f"/api/v1/core/persons/{person.pk}/"
        data = client.get(url).json()
        data["id_number"] = field_policy.MASK
        data["position"] = f"Chức vụ {role}"
        response = client.put(url, data, content_type="application/json")
        assert response.status_code == 200, response.content
        person.refresh_from_db()
        assert person.id_number == NEWER and person.position == f"Chức vụ {role}"


@pytest.mark.django_db
def test_masked_edit_form_submitted_back_changes_nothing(client_as, person):
    client = client_as(R.SPECIALIST)
    form = client.get(PERSONS.url("edit", person.pk)).context["form"]
    data = {
        name: ("" if value is None else getattr(value, "pk", value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["version"] = person.version
    data["full_name"] = "Hồ Bảo Mật Đã Sửa"
    data["birth_date"] = ""
    sent = {k: v for k, v in data.items() if v != ""} | {"id_number": ""}
    response = client.post(PERSONS.url("edit", person.pk), sent)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.full_name == "Hồ Bảo Mật Đã Sửa" and person.id_number == NEWER


@pytest.mark.django_db
def test_reimporting_a_masked_export_keeps_the_number(client_as, person):
    from doingoai.core import io as record_io

    specialist = client_as(R.SPECIALIST).user
    data = record_io.export_xlsx(PERSONS, Person.objects.filter(pk=person.pk), user=specialist)
    result, _plan = record_io.commit_import(PERSONS, data, specialist)
    person.refresh_from_db()
    assert person.id_number == NEWER and result.rejected == 0


@pytest.mark.django_db
def test_access_log_page_searches_links_records_and_exports(client_as, person, role_user):
    leader = client_as(R.LEADER)
    leader.get(PERSONS.url("detail", person.pk))
    leader.get(PERSONS.url("export") + "?reason=Gửi+Bộ+Ngoại+giao")
    reader = leader.user
    admin = role_user(R.ADMIN)
    leader.force_login(admin)
    page = leader.get("/system/access-log/?user=" + reader.username).content.decode()
    assert PERSONS.url("detail", person.pk) in page and "Gửi Bộ Ngoại giao" in page
    assert ">Hồ Bảo Mật</a>" in page  # the record by its name, linked
    only_exports = leader.get("/system/access-log/?action=export").context["rows"]
    assert [item["row"].action for item in only_exports] == ["export"]
    by_record = leader.get(f"/system/access-log/?record={person.pk}").context["rows"]
    assert len(by_record) == 2
    none = leader.get("/system/access-log/?channel=api").context["rows"]
    assert none == []
    xlsx = leader.get("/system/access-log/?format=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert ws.max_row == 3 and "Gửi Bộ Ngoại giao" in [c.value for c in ws[2]] + [
        c.value for c in ws[3]
    ]
    client_as(R.LEADER)
    assert leader.get("/system/access-log/").status_code == 403


def test_a_sensitive_field_may_not_search_filter_or_look_up_records():
    class Leaky(type(PERSONS)):
        filter_fields = ["sex", "id_number"]

    assert field_policy.check_declarations(PERSONS) == []
    assert field_policy.check_declarations(Leaky()) == [
        "core.person: sensitive field 'id_number' is in filter_fields"
    ]
