"""Services of the diaspora module: consents, duplicate candidates and their merge, and the
requests a person makes about their data (a copy of everything, erasure).

Every write of a record goes through core's services (``record_save``, ``merge_records``);
the only direct updates are of derived columns (the consent flag) and of historical rows
scrubbed by an erasure, which is the point of an erasure."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import field_policy, services
from doingoai.core.registry import registry
from doingoai.diaspora.models import Consent, DataRequest, DiasporaPerson, DuplicateCandidate

PERSON = "diaspora.diasporaperson"


# --- consent ------------------------------------------------------------------------------
def consent_in_force(person_id: int, purpose: str, on: date | None = None) -> bool:
    """Whether the person consented to ``purpose`` and has not withdrawn it by ``on``
    (today). Silence is not consent: no row, no consent."""
    return Consent.given_and_not_withdrawn(person_id, purpose, on)


def sync_contact_consent(person_id: int) -> None:
    """Keep the person's stored flag "agrees to be contacted" (a derived column the lists
    filter on and the contact exports follow) in step with their consents."""
    flag = consent_in_force(person_id, Consent.Purpose.CONTACT)
    DiasporaPerson.objects.filter(pk=person_id).exclude(contact_consent=flag).update(
        contact_consent=flag
    )


# --- duplicates ---------------------------------------------------------------------------
#: The blocking keys: persons are compared only with those sharing one of these.
BLOCKING_KEYS = ("key_name_year", "key_sorted_country", "key_passport")
#: Blocks larger than this are common names, compared within the first ones only.
MAX_BLOCK = 200
#: A pair scoring this much or more is a candidate.
THRESHOLD = Decimal("0.600")

_FIELDS = (
    "id",
    "name_folded",
    "key_sorted_country",
    "birth_year",
    "birth_date",
    "country_id",
    "home_unit_id",
    "key_passport",
)


def score_pair(a: dict[str, Any], b: dict[str, Any]) -> tuple[Decimal, list[str]]:
    """How likely two persons (rows of ``_FIELDS``) are one, between 0 and 1, and on what."""
    score = 0.0
    reasons = []
    if a["key_passport"] and a["key_passport"] == b["key_passport"]:
        score += 0.5
        reasons.append("passport")
    if a["name_folded"] == b["name_folded"]:
        score += 0.35
        reasons.append("name")
    elif a["key_sorted_country"].split("|")[0] == b["key_sorted_country"].split("|")[0]:
        score += 0.3
        reasons.append("name_order")
    else:
        ratio = SequenceMatcher(None, a["name_folded"], b["name_folded"]).ratio()
        if ratio >= 0.8:
            score += 0.3 * ratio
            reasons.append("similar_name")
    if a["birth_year"] and b["birth_year"]:
        if a["birth_year"] == b["birth_year"]:
            score += 0.15
            reasons.append("birth_year")
        else:
            score -= 0.3
    if a["birth_date"] and b["birth_date"] and a["birth_date"] != b["birth_date"]:
        score -= 0.3
    if a["country_id"] == b["country_id"]:
        score += 0.15
        reasons.append("country")
    else:
        score -= 0.1
    if a["home_unit_id"] and b["home_unit_id"]:
        if a["home_unit_id"] == b["home_unit_id"]:
            score += 0.15
            reasons.append("home_unit")
        else:
            score -= 0.1
    value = Decimal(str(round(min(max(score, 0.0), 1.0), 3)))
    return value, reasons


REASON_LABELS = {
    "passport": "hộ chiếu",
    "name": "họ tên",
    "name_order": "họ tên (đảo thứ tự)",
    "similar_name": "họ tên gần giống",
    "birth_year": "năm sinh",
    "country": "nước cư trú",
    "home_unit": "quê quán",
}


def _blocks(key: str, person_ids: Iterable[int] | None) -> Iterable[list[dict[str, Any]]]:
    """Groups of persons sharing ``key`` (only groups with a person of ``person_ids``)."""
    people = DiasporaPerson.objects.exclude(**{key: ""}).filter(erased_at__isnull=True)
    if person_ids is not None:
        values = people.filter(pk__in=list(person_ids)).values_list(key, flat=True)
        keys = list(set(values))
    else:
        keys = list(
            people.values(key)
            .annotate(n=models.Count("id"))
            .filter(n__gt=1)
            .order_by()
            .values_list(key, flat=True)
        )
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in people.filter(**{f"{key}__in": chunk}).order_by("id").values(key, *_FIELDS):
            group = groups.setdefault(row[key], [])
            if len(group) < MAX_BLOCK:
                group.append(row)
        yield from (g for g in groups.values() if len(g) > 1)


def find_candidates(person_ids: Iterable[int] | None = None) -> int:
    """Find the pairs of persons that may be one (all persons, or those of ``person_ids``
    against everyone) and store the new ones as open candidates; returns how many are new.
    Pairs already reviewed are not proposed again."""
    found: dict[tuple[int, int], tuple[Decimal, list[str]]] = {}
    for key in BLOCKING_KEYS:
        for block in _blocks(key, person_ids):
            for a, b in combinations(block, 2):
                pair = (a["id"], b["id"]) if a["id"] < b["id"] else (b["id"], a["id"])
                if pair in found:
                    continue
                score, reasons = score_pair(a, b)
                if score >= THRESHOLD:
                    found[pair] = (score, reasons)
    existing = set()
    pairs = list(found)
    for start in range(0, len(pairs), 500):
        firsts = {p[0] for p in pairs[start : start + 500]}
        existing |= set(
            DuplicateCandidate.objects.filter(first_id__in=firsts).values_list(
                "first_id", "second_id"
            )
        )
    new = [
        DuplicateCandidate(
            first_id=pair[0], second_id=pair[1], score=score, reasons=",".join(reasons)
        )
        for pair, (score, reasons) in found.items()
        if pair not in existing
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def reason_text(candidate: DuplicateCandidate) -> str:
    return ", ".join(REASON_LABELS.get(r, r) for r in candidate.reasons.split(",") if r)


@transaction.atomic
def merge_candidate(
    *, candidate: DuplicateCandidate, keep_id: int, user, reason: str = ""
) -> DuplicateCandidate:
    """Merge the two persons of ``candidate`` into the one ``keep_id``: blanks of the kept
    person are filled from the other, then core's merge moves every row, link, attachment
    and document and keeps both histories (undo on the kept person's page)."""
    from doingoai.core.merge import merge_records

    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("This pair has already been reviewed."))
    ids = {candidate.first_id, candidate.second_id}
    if keep_id not in ids:
        raise ValidationError(_("Choose one of the two persons to keep."))
    (drop_id,) = ids - {keep_id}
    rt = registry.get(PERSON)
    target = DiasporaPerson.objects.get(pk=keep_id)
    source = DiasporaPerson.objects.get(pk=drop_id)
    filled = False
    for name in rt.fields:
        field = DiasporaPerson._meta.get_field(name)
        if field.many_to_many:
            continue
        if getattr(target, field.attname) in (None, "") and getattr(source, field.attname) not in (
            None,
            "",
        ):
            setattr(target, field.attname, getattr(source, field.attname))
            filled = True
    if filled:
        services.record_save(
            rt=rt, obj=target, user=user, reason=_("completed from a duplicate before merging")
        )
    merge_records(
        rt=rt,
        source=source,
        target=target,
        user=user,
        reason=reason or _("duplicate entry of the same person"),
    )
    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.decided_at = timezone.now()
    candidate.decided_by = user if user and user.is_authenticated else None
    candidate.save()
    # other pairs with the merged person are found again with the kept one
    DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).filter(
        models.Q(first_id=drop_id) | models.Q(second_id=drop_id)
    ).delete()
    sync_contact_consent(keep_id)
    return candidate


def dismiss_candidate(*, candidate: DuplicateCandidate, user) -> None:
    candidate.status = DuplicateCandidate.Status.DISMISSED
    candidate.decided_at = timezone.now()
    candidate.decided_by = user if user and user.is_authenticated else None
    candidate.save(update_fields=["status", "decided_at", "decided_by"])


# --- requests about personal data -----------------------------------------------------------
#: Kept by an erasure: what the statistics count (country, home unit, sex, birth year,
#: nationality status, field of expertise, education, date recorded).
KEPT_FIELDS = (
    "country",
    "home_unit",
    "sex",
    "birth_year",
    "nationality",
    "expertise",
    "education",
    "recorded_on",
)
#: Cleared by an erasure, in the record and in every historical row of it.
ERASED_VALUES: dict[str, Any] = {
    "code": "",
    "former_names": "",
    "birth_date": None,
    "home_address": "",
    "city": "",
    "occupation": "",
    "phone": "",
    "email": "",
    "address_abroad": "",
    "passport_number": "",
    "family_in_province": "",
    "source": "",
    "note": "",
    "name_folded": "",
    "key_name_year": "",
    "key_sorted_country": "",
    "key_passport": "",
}
CONSENT_ERASED = {"scope": "", "note": ""}


def erased_name(pk: int) -> str:
    return f"[Đã xóa dữ liệu cá nhân, hồ sơ số {pk}]"


@dataclass
class RequestInput:
    received_on: date
    channel: str
    reason: str


@transaction.atomic
def erase_person(*, person: DiasporaPerson, user, request: RequestInput) -> DataRequest:
    """Erase (anonymise) a person's data on their request: every personal field is cleared
    in the record and in every historical row of it (and of the persons merged into it),
    their consents' texts and their attachments go, what the statistics count is kept, and
    a record of the request stays (without the person's data)."""
    from doingoai.core.models import Attachment, MergeLog

    rt = registry.get(PERSON)
    services.require_object(rt, user, "change", person)
    if person.erased_at:
        raise ValidationError(_("This person's data was already erased."))
    pk = person.pk
    ct = ContentType.objects.get_for_model(DiasporaPerson)
    merge_logs = MergeLog.objects.filter(content_type=ct, target_id=str(pk))
    # how the person was named in change reasons ("merged into “Name (1980)”")
    names = {person.full_name, str(person), *merge_logs.values_list("source_title", flat=True)}
    blank = {**ERASED_VALUES, "full_name": erased_name(pk)}
    for name, value in blank.items():
        setattr(person, name, value)
    person.contact_consent = False
    person.erased_at = timezone.now()
    services.record_save(rt=rt, obj=person, user=user, reason=_("personal data erased on request"))
    merged = list(merge_logs.values_list("source_id", flat=True))
    ids = [pk, *(int(i) for i in merged)]
    DiasporaPerson.history.filter(id__in=ids).update(**blank)
    for source_id in merged:  # a merged duplicate's own (deleted) name too
        DiasporaPerson.history.filter(id=int(source_id)).update(full_name=erased_name(pk))
    MergeLog.objects.filter(content_type=ct, target_id=str(pk)).update(source_title=erased_name(pk))
    # the consents' copy of the name (their sort key, core.sortkeys) in their history too
    consent_erased = {**CONSENT_ERASED, "person_name": erased_name(pk)}
    Consent.objects.filter(person_id__in=ids).update(**consent_erased)
    Consent.history.filter(person_id__in=ids).update(**consent_erased)
    for consent in Consent.objects.filter(person_id__in=ids):
        Consent.objects.filter(pk=consent.pk).update(search_text=consent.build_search_text())
    _scrub_change_reasons(names - {""}, erased_name(pk))
    for attachment in Attachment.objects.filter(content_type=ct, object_id__in=map(str, ids)):
        attachment.file.delete(save=False)
        attachment.delete()
    DuplicateCandidate.objects.filter(
        models.Q(first_id__in=ids) | models.Q(second_id__in=ids)
    ).delete()
    return DataRequest.objects.create(
        person_id=pk,
        kind=DataRequest.Kind.ERASE,
        received_on=request.received_on,
        channel=request.channel,
        reason=request.reason,
        done_by=user if user and user.is_authenticated else None,
        outcome=_(
            "Personal fields cleared in the record and its %(n)d historical versions; kept "
            "for the statistics: country, home commune, sex, year of birth, nationality "
            "status, field of expertise, education, date recorded."
        )
        % {"n": DiasporaPerson.history.filter(id__in=ids).count()},
    )


def _scrub_change_reasons(names: set[str], replacement: str) -> None:
    """Change reasons that name the person (a merge writes "merged into “Name (1980)”" on
    every row it moved) say the replacement instead, in every history of the module."""
    from django.apps import apps
    from django.db.models import Value
    from django.db.models.functions import Replace

    for model in apps.get_app_config("diaspora").get_models():
        if not hasattr(model, "history"):
            continue
        history = model.history.model
        for name in sorted(names, key=len, reverse=True):
            history.objects.filter(history_change_reason__contains=name).update(
                history_change_reason=Replace(
                    "history_change_reason", Value(name), Value(replacement)
                )
            )


def _value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, models.Model):
        return str(value)
    return value


def person_export_xlsx(*, person: DiasporaPerson, user, request: RequestInput) -> bytes:
    """Every record about the person in one workbook (their request for a copy): the
    record, consents, associations, investments, visits, events, linked records, the history
    of changes and who read their data. Logged, and the request kept."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from doingoai.core.models import AccessLog

    rt = registry.get(PERSON)
    if not field_policy.can_see(rt, user):
        raise PermissionError(_("Your role may not see this person's personal data."))
    wb = Workbook()
    ws = wb.active
    ws.title = "Thông tin cá nhân"

    def sheet(title: str, headers: list[str], rows: Iterable[list[Any]]) -> None:
        target = wb.create_sheet(title)
        target.append(headers)
        for cell in target[1]:
            cell.font = Font(bold=True)
        for row in rows:
            target.append(["" if v is None else v for v in row])

    ws.append(["Thông tin", "Giá trị"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(["Số hồ sơ", person.pk])
    for name in rt.fields:
        field = DiasporaPerson._meta.get_field(name)
        value = _value(person, name)
        ws.append([str(field.verbose_name).capitalize(), "" if value is None else value])
    sheet(
        "Đồng ý",
        ["Mục đích", "Ngày đồng ý", "Hình thức", "Phạm vi", "Ngày rút lại"],
        (
            [c.get_purpose_display(), c.given_on, c.get_method_display(), c.scope, c.withdrawn_on]
            for c in person.consents.all()
        ),
    )
    sheet(
        "Hội, tổ chức",
        ["Tên hội", "Nước", "Thành phố"],
        ([a.name, str(a.country), a.city] for a in person.associations.select_related("country")),
    )
    sheet(
        "Đầu tư, tài trợ",
        ["Dự án / khoản tài trợ", "Ngày", "Vốn đăng ký", "Tiền tệ"],
        (
            [i.title, i.registered_on, i.registered_capital, i.currency]
            for i in person.investments.all()
        ),
    )
    sheet(
        "Về thăm quê",
        ["Đợt về thăm", "Ngày đến"],
        ([v.title, v.arrived_on] for v in person.visits.all()),
    )
    sheet(
        "Sự kiện",
        ["Sự kiện", "Ngày bắt đầu"],
        ([e.name, e.start_on] for e in person.events.all()),
    )
    sheet(
        "Hồ sơ liên quan",
        ["Loại", "Hồ sơ"],
        ([str(item.get("kind_label", "")), str(item.get("title", ""))] for item in _links(person)),
    )
    history = DiasporaPerson.history.filter(id=person.pk).order_by("history_date")
    sheet(
        "Lịch sử thay đổi",
        ["Thời gian", "Người thực hiện", "Thao tác", "Lý do"],
        (
            [
                timezone.localtime(h.history_date).replace(tzinfo=None),
                str(h.history_user or ""),
                {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}.get(h.history_type, h.history_type),
                h.history_change_reason or "",
            ]
            for h in history.select_related("history_user")
        ),
    )
    ct = ContentType.objects.get_for_model(DiasporaPerson)
    reads = AccessLog.objects.filter(content_type=ct).filter(
        models.Q(object_id=str(person.pk)) | models.Q(record_ids__regex=rf"(^|,){person.pk}(,|$)")
    )
    sheet(
        "Nhật ký truy cập",
        ["Thời gian", "Người đọc", "Thao tác", "Lý do"],
        (
            [
                timezone.localtime(r.at).replace(tzinfo=None),
                str(r.user or ""),
                r.get_action_display(),
                r.reason,
            ]
            for r in reads.select_related("user").order_by("at")
        ),
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    field_policy.log_read(
        user=user, rt=rt, action="export", obj=person, reason=request.reason or "Yêu cầu"
    )
    DataRequest.objects.create(
        person_id=person.pk,
        kind=DataRequest.Kind.EXPORT,
        received_on=request.received_on,
        channel=request.channel,
        reason=request.reason,
        done_by=user if user and user.is_authenticated else None,
        outcome=_("A copy of every record about the person was given (one XLSX file)."),
    )
    return buffer.getvalue()


def _links(person: DiasporaPerson) -> list[dict[str, Any]]:
    """Record links of the person, both ways, as (kind, other record) without permission
    scoping (the person's own request)."""
    from doingoai.core.models import RecordLink

    ct = ContentType.objects.get_for_model(DiasporaPerson)
    rows = []
    for link in RecordLink.objects.filter(
        models.Q(source_type=ct, source_id=str(person.pk))
        | models.Q(target_type=ct, target_id=str(person.pk))
    ).select_related("source_type", "target_type"):
        outbound = link.source_type_id == ct.pk and link.source_id == str(person.pk)
        other_type = link.target_type if outbound else link.source_type
        other_id = link.target_id if outbound else link.source_id
        model = other_type.model_class()
        other = model._default_manager.filter(pk=other_id).first() if model else None
        rows.append({"kind_label": link.kind, "title": str(other) if other else other_id})
    return rows


def contact_rows(qs: models.QuerySet) -> Iterable[list[Any]]:
    """The contact list of the persons of ``qs`` who consent to be contacted today."""
    consenting = Consent.objects.filter(
        purpose=Consent.Purpose.CONTACT, given_on__lte=timezone.localdate()
    ).filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=timezone.localdate()))
    qs = qs.filter(contact_consent=True, pk__in=consenting.values("person_id"))
    for p in qs.select_related("country").iterator(chunk_size=2000):
        yield [p.pk, p.full_name, str(p.country), p.city, p.phone, p.email, p.address_abroad]
