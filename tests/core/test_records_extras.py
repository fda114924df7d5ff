"""Attachments, linked documents, workflow helper, rules, OpenAPI schema, language switch."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from doingoai.core import roles as R
from doingoai.core.models import Attachment, LegalDocument, Person, RecordDocument
from doingoai.core.rules import define_rule, rule_value, sync_rules
from doingoai.core.workflow import State, Transition, Workflow


@pytest.mark.django_db
def test_attachment_upload_download_and_limits(client_as, settings):
    person = Person.objects.create(full_name="Võ Đính Kèm")
    client = client_as(R.SPECIALIST)
    attach = f"/core/persons/{person.pk}/attachments/"
    pdf = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(attach, {"file": pdf, "description": "Bản quét"})
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.size) == ("quyet-dinh.pdf", 13)
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    download = client.get(f"/core/persons/{person.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    client.post(attach, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    settings.ATTACHMENT_MAX_BYTES = 10
    client.post(attach, {"file": SimpleUploadedFile("lon.pdf", b"x" * 11)})
    assert Attachment.objects.count() == 1
    readonly = client_as(R.READONLY, username="xem")
    assert readonly.post(attach, {"file": SimpleUploadedFile("a.pdf", b"x")}).status_code == 403
    nobody = client_as(R.AGENCY, username="dv")  # agencies may view persons, not attach
    assert nobody.post(attach, {"file": SimpleUploadedFile("a.pdf", b"x")}).status_code == 403


@pytest.mark.django_db
def test_link_and_unlink_a_document(client_as):
    person = Person.objects.create(full_name="Đỗ Văn Bản")
    doc = LegalDocument.objects.create(
        number="240/UBND-KH",
        kind="CV",
        issued_date="2022-04-15",
        issuer="UBND tỉnh Nghệ An",
        summary="Về việc cử cán bộ",
    )
    client = client_as(R.SPECIALIST)
    url = f"/core/persons/{person.pk}/documents/"
    client.post(url, {"document": doc.pk, "note": "căn cứ"})
    client.post(url, {"document": doc.pk, "note": "căn cứ"})
    link = RecordDocument.objects.get()
    assert (link.record, link.note) == (person, "căn cứ")
    assert "240/UBND-KH" in client.get(person.get_absolute_url()).content.decode()
    client.post(url, {"document": doc.pk, "unlink": "on"})
    assert not RecordDocument.objects.exists()


@pytest.mark.django_db
def test_workflow_helper_checks_state_role_comment_and_checks(role_user):
    from doingoai.core import services
    from doingoai.core.registry import registry

    rt = registry.get("core.person")
    flow = Workflow(
        field="position",
        states=[State("a", "A"), State("b", "B")],
        transitions=[
            Transition(
                "go",
                "Go",
                ("a",),
                "b",
                (R.LEADER,),
                comment_required=True,
                checks=(lambda o: [] if o.full_name else ["cần tên"],),
            )
        ],
    )
    person = Person.objects.create(full_name="Lý Quy Trình", position="a")
    rt.__class__.workflow = flow
    try:
        with pytest.raises(PermissionDenied):
            services.workflow_apply(
                rt=rt, obj=person, transition_name="go", user=role_user(R.SPECIALIST), comment="x"
            )
        leader = role_user(R.LEADER)
        with pytest.raises(PermissionDenied):  # the move needs change on the type
            services.workflow_apply(
                rt=rt, obj=person, transition_name="go", user=leader, comment="x"
            )
        from django.contrib.auth.models import Permission

        leader.user_permissions.add(Permission.objects.get(codename="change_person"))
        leader = type(leader).objects.get(pk=leader.pk)
        with pytest.raises(ValidationError):
            services.workflow_apply(rt=rt, obj=person, transition_name="go", user=leader)
        step = services.workflow_apply(
            rt=rt, obj=person, transition_name="go", user=leader, comment="đồng ý"
        )
        assert (step.from_state, step.to_state, step.comment, step.user) == (
            "a",
            "b",
            "đồng ý",
            leader,
        )
        with pytest.raises(ValidationError):
            services.workflow_apply(
                rt=rt, obj=person, transition_name="go", user=leader, comment="lần hai"
            )
    finally:
        rt.__class__.workflow = None


@pytest.mark.django_db
def test_rules_default_and_override():
    define_rule("test.days", "Số ngày thử", 15, "ngày", "Văn bản thử nghiệm")
    sync_rules()
    assert rule_value("test.days") == 15
    from doingoai.core.models import Rule

    Rule.objects.filter(key="test.days").update(value=20)
    assert rule_value("test.days") == 20


@pytest.mark.django_db
def test_openapi_schema_is_valid(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert text.startswith("openapi: 3.") and "/api/v1/search/" in text


@pytest.mark.django_db
def test_language_switch_works_before_login(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_swagger_ui_is_served_offline(client_as):
    html = client_as(R.READONLY).get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


def test_seed_demo_is_deterministic_and_idempotent(db):
    call_command("seed_demo")
    first = list(Person.objects.order_by("pk").values_list("full_name", "birth_date"))
    call_command("seed_demo")
    assert list(Person.objects.order_by("pk").values_list("full_name", "birth_date")) == first
    assert any(name.startswith("Đặng") for name, _ in first)


@pytest.mark.django_db
def test_administrator_manages_accounts(client_as):
    from django.contrib.auth.models import Group

    from doingoai.core.models import Organisation, User

    admin = client_as(R.ADMIN)
    agency_group = Group.objects.get(name=R.GROUP_NAMES[R.AGENCY])
    data = {
        "username": "sct-nhap",
        "last_name": "Ngô Thị",
        "first_name": "Lan",
        "password": "Mot-mat-khau-dai-2026",
        "groups": [agency_group.pk],
        "is_active": "on",
    }
    refused = admin.post("/system/users/add/", data)
    assert refused.status_code == 400 and not User.objects.filter(username="sct-nhap").exists()
    org = Organisation.objects.create(name="Sở Du lịch thử", kind="provincial_agency")
    assert admin.post("/system/users/add/", {**data, "organisation": org.pk}).status_code == 302
    user = User.objects.get(username="sct-nhap")
    assert user.check_password("Mot-mat-khau-dai-2026") and user.organisation == org
    assert user.get_full_name() == "Ngô Thị Lan"
    assert "sct-nhap" in admin.get("/system/users/", {"q": "ngo thi"}).content.decode()
    specialist = client_as(R.SPECIALIST, username="cv-khong-quan-tri")
    assert specialist.get("/system/users/").status_code == 403


@pytest.mark.django_db
def test_delete_page_names_the_record_type(client_as):
    person = Person.objects.create(full_name="Phan Văn Xóa")
    html = client_as(R.SPECIALIST).get(f"/core/persons/{person.pk}/delete/").content.decode()
    assert "Xóa cá nhân này?" in html
