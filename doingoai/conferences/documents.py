"""The documents of an international conference or seminar in the national format (Decree
30/2020/NĐ-CP): the provincial chair's decision permitting it, and the department's
submission (tờ trình) to the chair."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.text import slugify

from doingoai.conferences.approval import DECISION_06, assess, report_due_days
from doingoai.conferences.models import Conference, Level
from doingoai.core.documents import NationalDocument, issuer_name_lines
from doingoai.core.models import SiteSettings
from doingoai.core.text import fold, format_date, format_number


def _kind(conference: Conference) -> str:
    return "hội nghị" if conference.kind == Conference.Kind.CONFERENCE else "hội thảo"


def _dates(conference: Conference) -> str:
    if conference.end_date and conference.end_date != conference.start_date:
        return (
            f"từ ngày {format_date(conference.start_date)} "
            f"đến ngày {format_date(conference.end_date)}"
        )
    return f"ngày {format_date(conference.start_date)}"


def _place(conference: Conference) -> str:
    places = []
    if conference.venue:
        places.append(f"tại {conference.venue}")
    if conference.online_platform and conference.event_form != Conference.Form.IN_PERSON:
        places.append(f"trực tuyến qua {conference.online_platform}")
    return " và ".join(places)


def _foreign(conference: Conference) -> str:
    names = [o.name for o in conference.foreign_organisers.all()]
    return f", phối hợp với {', '.join(names)}" if names else ""


def _participants(conference: Conference) -> str:
    return (
        f"khoảng {format_number(conference.participants)} đại biểu, trong đó "
        f"{format_number(conference.foreign_participants)} đại biểu nước ngoài"
    )


def _slug(conference: Conference) -> str:
    return slugify(fold(conference.title))[:40]


def permit_docx(conference: Conference) -> tuple[str, bytes]:
    """The chair's decision permitting the event (a draft without number until recorded)."""
    site = SiteSettings.load()
    permit = conference.permit
    kind = _kind(conference)
    number = permit.number if permit else f"      /QĐ-{site.committee_symbol}"
    day = permit.issued_date if permit else timezone.localdate()
    issuer = issuer_name_lines(site.committee_name)
    doc = NationalDocument(
        issuer_lines=issuer, bold_lines=len(issuer), number=number, place=site.place_name, day=day
    )
    doc.title("QUYẾT ĐỊNH", f"Về việc cho phép tổ chức {kind} quốc tế “{conference.title}”")
    doc.paragraph(
        f"{site.chair_title} {site.committee_name.upper()}".upper(), bold=True, center=True
    )
    doc.paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;", italic=True)
    doc.paragraph(
        f"Căn cứ {DECISION_06} về việc tổ chức và quản lý hội nghị, hội thảo quốc tế tại Việt Nam;",
        italic=True,
    )
    doc.paragraph(
        f"Theo đề nghị của {conference.organiser} và ý kiến thẩm định của {site.agency_name}.",
        italic=True,
    )
    doc.paragraph("QUYẾT ĐỊNH:", bold=True, center=True)
    title_en = f" ({conference.title_en})" if conference.title_en else ""
    doc.paragraph(
        f"Cho phép {conference.organiser}{_foreign(conference)} tổ chức {kind} quốc tế "
        f"“{conference.title}”{title_en}, hình thức {conference.get_event_form_display()}, "
        f"{_dates(conference)} {_place(conference)}.",
        lead="Điều 1.",
    )
    doc.paragraph(
        f"Nội dung: {conference.topic.strip()}. Thành phần: {_participants(conference)}. "
        f"Kinh phí: {conference.get_funding_source_display()}"
        + (
            f", dự toán {format_number(conference.estimated_cost)} {conference.currency}"
            if conference.estimated_cost
            else ""
        )
        + ".",
        lead="Điều 2.",
    )
    doc.paragraph(
        f"{conference.organiser} chịu trách nhiệm tổ chức {kind} đúng nội dung được phép, "
        "bảo đảm an ninh, an toàn, không để lộ bí mật nhà nước; trong thời hạn "
        f"{report_due_days()} ngày kể từ ngày kết thúc, báo cáo kết quả về {site.committee_name} "
        f"(qua {site.agency_name}).",
        lead="Điều 3.",
    )
    doc.paragraph(
        f"Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng {site.committee_name}, Giám đốc "
        f"{site.agency_name}, Thủ trưởng {conference.organiser} và các cơ quan liên quan chịu "
        "trách nhiệm thi hành Quyết định này.",
        lead="Điều 4.",
    )
    signer_name = permit.signer_name if permit else ""
    doc.signature(
        recipients=["Như Điều 4", "Bộ Ngoại giao (để b/c)", "Bộ Công an (để b/c)", "Lưu: VT"],
        title=site.chair_title,
        signer_title=(permit.signer_title if permit and signer_name else ""),
        name=signer_name or site.chair_name,
    )
    return f"giay-phep-{_slug(conference)}.docx", doc.render()


def submission_docx(conference: Conference) -> tuple[str, bytes]:
    """The department's submission to the chair: the request, the approval level with its
    reasons, the opinion and the proposal (to permit, or to seek the Prime Minister's
    approval)."""
    site = SiteSettings.load()
    kind = _kind(conference)
    assessment = assess(conference)
    doc = NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=f"      /TTr-{site.agency_symbol}",
        place=site.place_name,
        day=timezone.localdate(),
    )
    doc.title("TỜ TRÌNH", f"Về việc tổ chức {kind} quốc tế “{conference.title}”")
    doc.addressee(f"Kính gửi: {site.chair_title.capitalize()} {site.committee_name}.")
    filed = (
        f" (hồ sơ nhận ngày {format_date(conference.requested_on)})"
        if conference.requested_on
        else ""
    )
    doc.paragraph(
        f"{site.agency_name} nhận được hồ sơ của {conference.organiser}{filed} đề nghị tổ chức "
        f"{kind} quốc tế “{conference.title}”, hình thức {conference.get_event_form_display()}, "
        f"{_dates(conference)} {_place(conference)}{_foreign(conference)}; thành phần "
        f"{_participants(conference)}."
    )
    doc.paragraph(f"Nội dung: {conference.topic.strip()}.")
    doc.paragraph("Thẩm quyền cho phép, căn cứ " + DECISION_06 + ":")
    with translation.override("vi"):  # the document is Vietnamese whatever the page's language
        for reason in assessment.reasons:
            doc.paragraph(f"- {reason.text} ({reason.source})")
    if conference.filed_late:
        doc.paragraph(
            "Hồ sơ gửi chậm so với thời hạn (chậm nhất ngày "
            f"{format_date(conference.request_due)})."
        )
    opinion = conference.appraisal_opinion.strip()
    if opinion:
        doc.paragraph(f"Ý kiến thẩm định: {opinion}")
    if assessment.level == Level.PRIME_MINISTER:
        proposal = (
            f"{site.agency_name} kính trình {site.chair_title.capitalize()} {site.committee_name} "
            "xem xét, có văn bản đề nghị Thủ tướng Chính phủ cho phép tổ chức."
        )
    else:
        proposal = (
            f"{site.agency_name} kính trình {site.chair_title.capitalize()} {site.committee_name} "
            f"xem xét, cho phép tổ chức {kind} (dự thảo Quyết định kèm theo)."
        )
    doc.paragraph(proposal)
    doc.signature(
        recipients=["Như trên", "Lưu: VT, HTQT"], title=site.director_title, name=site.director_name
    )
    return f"to-trinh-{_slug(conference)}.docx", doc.render()
