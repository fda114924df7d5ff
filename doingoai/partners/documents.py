"""The partners module's document in the national format (Decree 30/2020/NĐ-CP): the report
on the signing of an international agreement, sent with its copy within 15 days of signing
(Law 70/2020/QH14 on international agreements; Decree 64/2021/NĐ-CP)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from doingoai.core.documents import NationalDocument
from doingoai.core.models import SiteSettings
from doingoai.core.text import fold, format_date
from doingoai.partners.models import Agreement


def _or_dash(value: object) -> str:
    return str(value) if value else "—"


def signing_report_docx(agreement: Agreement) -> tuple[str, bytes]:
    """The department's report on the signing of ``agreement`` (a draft until numbered)."""
    site = SiteSettings.load()
    parties = list(agreement.foreign_parties.select_related("country"))
    foreign = "; ".join(f"{p.name} ({p.country.name_vi})" for p in parties) or "—"
    doc = NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=f"      /BC-{site.agency_symbol}",
        place=site.place_name,
        day=timezone.localdate(),
    )
    doc.title("BÁO CÁO", f"Về việc ký kết {agreement.title}")
    doc.addressee("Kính gửi: Bộ Ngoại giao.")
    doc.paragraph(
        "Thực hiện Luật Thỏa thuận quốc tế số 70/2020/QH14 và Nghị định số 64/2021/NĐ-CP "
        "của Chính phủ, "
        f"{site.agency_name} báo cáo việc ký kết thỏa thuận quốc tế như sau:"
    )
    doc.paragraph(
        f"{agreement.title}"
        + (f" ({agreement.title_foreign})" if agreement.title_foreign else "")
        + (f", số {agreement.number}" if agreement.number else "")
        + f"; loại thỏa thuận: {agreement.get_kind_display()}.",
        lead="1. Tên thỏa thuận:",
    )
    doc.paragraph(
        f"Bên Việt Nam: {agreement.vietnamese_party}; cơ quan chủ trì: {agreement.agency}. "
        f"Bên nước ngoài: {foreign}.",
        lead="2. Các bên ký kết:",
    )
    doc.paragraph(
        f"ngày {_or_dash(format_date(agreement.signed_on))} "
        f"tại {_or_dash(agreement.signed_place)}; "
        f"người ký phía Việt Nam: {_or_dash(agreement.vietnamese_signer)}; người ký phía nước "
        f"ngoài: {_or_dash(agreement.foreign_signer)}.",
        lead="3. Ký kết:",
    )
    validity = f"từ ngày {_or_dash(format_date(agreement.valid_from))}"
    if agreement.valid_to:
        validity += f" đến ngày {format_date(agreement.valid_to)}"
    if agreement.renewal:
        validity += f"; gia hạn: {agreement.renewal}"
    doc.paragraph(f"{validity}.", lead="4. Hiệu lực:")
    if agreement.consultation_sent_on:
        consultation = (
            f"hồ sơ gửi lấy ý kiến ngày {format_date(agreement.consultation_sent_on)}"
            + (
                f" (văn bản số {agreement.consultation_document})"
                if agreement.consultation_document_id
                else ""
            )
            + (
                f"; ý kiến trả lời ngày {format_date(agreement.consultation_answered_on)}: "
                f"{agreement.get_consultation_opinion_display() or '—'}"
                if agreement.consultation_answered_on
                else "; chưa nhận được ý kiến trả lời"
            )
            + "."
        )
    else:
        consultation = "chưa ghi nhận việc lấy ý kiến."
    doc.paragraph(consultation, lead="5. Lấy ý kiến Bộ Ngoại giao và cơ quan liên quan:")
    doc.paragraph(
        (agreement.implementation or "Các bên sẽ xây dựng kế hoạch triển khai thỏa thuận.")
        .strip()
        .rstrip(".")
        + ".",
        lead="6. Nội dung chính và kế hoạch triển khai:",
    )
    doc.paragraph(
        f"{site.agency_name} gửi kèm bản sao thỏa thuận quốc tế nêu trên và kính báo cáo "
        "Bộ Ngoại giao."
    )
    doc.signature(
        recipients=["Như trên", f"{site.committee_name} (để b/c)", "Lưu: VT, HTQT"],
        title=site.director_title,
        name=site.director_name,
    )
    return f"bao-cao-ky-ket-{slugify(fold(agreement.title))[:40]}.docx", doc.render()
