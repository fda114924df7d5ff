"""The documents of a delegation in the national format (Decree 30/2020/NĐ-CP): the
decision sending it (with its members table) and the department's appraisal letter."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from doingoai.core.documents import NationalDocument, issuer_name_lines
from doingoai.core.models import SiteSettings
from doingoai.core.rules import rule_value
from doingoai.core.text import fold, format_date, format_number
from doingoai.delegations.models import OutboundDelegation


def _countries(delegation: OutboundDelegation) -> str:
    return ", ".join(c.name_vi for c in delegation.destinations.all())


def _members(delegation: OutboundDelegation) -> list[list[str]]:
    """The member table's rows, the head of delegation first and marked as such."""
    members = delegation.members.select_related(
        "person", "organisation", "person__organisation"
    ).order_by("-is_head", "id")
    rows = []
    for i, m in enumerate(members, start=1):
        position = m.position or m.person.position
        if m.is_head:
            position = f"{position} – Trưởng đoàn" if position else "Trưởng đoàn"
        rows.append(
            [
                str(i),
                m.person.full_name,
                position,
                str(m.organisation or m.person.organisation or ""),
            ]
        )
    return rows


def _cost(delegation: OutboundDelegation) -> str:
    """The cost clause (", dự toán 150.000.000 VND", Vietnamese separators) or nothing."""
    if not delegation.estimated_cost:
        return ""
    return f", dự toán {format_number(delegation.estimated_cost)} {delegation.currency}"


def decision_docx(delegation: OutboundDelegation) -> tuple[str, bytes]:
    """The People's Committee's decision sending the delegation (draft until numbered)."""
    site = SiteSettings.load()
    decision = delegation.decision
    number = decision.number if decision else f"      /QĐ-{site.committee_symbol}"
    day = decision.issued_date if decision else timezone.localdate()
    committee = site.committee_name.upper()
    issuer = issuer_name_lines(site.committee_name)
    doc = NationalDocument(
        issuer_lines=issuer,
        bold_lines=len(issuer),
        number=number,
        place=site.place_name,
        day=day,
    )
    doc.title("QUYẾT ĐỊNH", f"Về việc cử đoàn công tác đi {_countries(delegation)}")
    doc.paragraph(f"{site.chair_title} {committee}".upper(), bold=True, center=True)
    doc.paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;", italic=True)
    doc.paragraph(
        "Căn cứ Quyết định số 67/2011/QĐ-TTg ngày 12/12/2011 của Thủ tướng Chính phủ "
        "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại của Ủy ban nhân "
        "dân các tỉnh, thành phố trực thuộc Trung ương;",
        italic=True,
    )
    doc.paragraph(
        f"Theo đề nghị của {delegation.agency} và ý kiến thẩm định của {site.agency_name}.",
        italic=True,
    )
    doc.paragraph("QUYẾT ĐỊNH:", bold=True, center=True)
    doc.paragraph(
        f"Cử đoàn công tác gồm {delegation.members.count()} người có tên sau "
        f"đi {_countries(delegation)}"
        f"{' (' + delegation.cities + ')' if delegation.cities else ''} "
        f"từ ngày {format_date(delegation.planned_departure)} đến ngày "
        f"{format_date(delegation.planned_return)}, mục đích: "
        f"{delegation.get_purpose_display()}:",
        lead="Điều 1.",
    )
    doc.table(
        ["STT", "Họ và tên", "Chức vụ", "Cơ quan"], _members(delegation), widths=[1.2, 5, 5, 5]
    )
    doc.paragraph(
        f"Kinh phí chuyến công tác: {delegation.get_funding_source_display()}{_cost(delegation)}.",
        lead="Điều 2.",
    )
    doc.paragraph(
        f"Trong thời hạn {rule_value('delegations.report_due_days')} ngày kể "
        "từ ngày về nước, trưởng đoàn báo cáo kết quả chuyến công tác về "
        f"{site.committee_name} (qua {site.agency_name}).",
        lead="Điều 3.",
    )
    doc.paragraph(
        f"Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng {site.committee_name}, "
        f"Giám đốc {site.agency_name}, Thủ trưởng {delegation.agency} và các "
        "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 4.",
    )
    # The Chair decides (Decision 67/2011/QĐ-TTg): no "TM." of the collective body; a
    # vice-chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (Decree 30/2020/NĐ-CP, Appendix I, I.7).
    signer_name = decision.signer_name if decision else ""
    doc.signature(
        recipients=["Như Điều 4", "Bộ Ngoại giao (để b/c)", "Lưu: VT"],
        title=site.chair_title,
        signer_title=(decision.signer_title if decision and signer_name else ""),
        name=signer_name or site.chair_name,
    )
    return f"quyet-dinh-{slugify(fold(delegation.title))[:40]}.docx", doc.render()


def appraisal_docx(delegation: OutboundDelegation) -> tuple[str, bytes]:
    """The department's letter to the People's Committee appraising the request."""
    site = SiteSettings.load()
    doc = NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=f"      /{site.agency_symbol}-HTQT",
        place=site.place_name,
        day=timezone.localdate(),
        subject=f"V/v thẩm định đề nghị cử đoàn đi {_countries(delegation)}",
    )
    doc.addressee(f"Kính gửi: {site.committee_name}.")
    doc.paragraph(
        f"{site.agency_name} nhận được hồ sơ đề nghị của {delegation.agency} về việc "
        f"cử đoàn “{delegation.title}” đi {_countries(delegation)} từ ngày "
        f"{format_date(delegation.planned_departure)} đến ngày "
        f"{format_date(delegation.planned_return)}"
        + (
            f" (hồ sơ nhận ngày {format_date(delegation.requested_on)})"
            if delegation.requested_on
            else ""
        )
        + "."
    )
    doc.paragraph(f"Thành phần đoàn gồm {delegation.members.count()} người:")
    doc.table(
        ["STT", "Họ và tên", "Chức vụ", "Cơ quan"], _members(delegation), widths=[1.2, 5, 5, 5]
    )
    doc.paragraph(
        "Ý kiến thẩm định: "
        + (delegation.appraisal_opinion or f"đề nghị {site.committee_name} xem xét, quyết định.")
    )
    doc.signature(
        recipients=["Như trên", "Lưu: VT, HTQT"], title=site.director_title, name=site.director_name
    )
    return f"tham-dinh-{slugify(fold(delegation.title))[:40]}.docx", doc.render()
