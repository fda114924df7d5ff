"""The ABTC recommendation letter in the national format (Decree 30/2020/NĐ-CP): the
department asks the Immigration Department (Ministry of Public Security) to consider
permitting the businessperson to use an APEC Business Travel Card."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from doingoai.consular.models import AbtcApplication
from doingoai.core import field_policy
from doingoai.core.documents import NationalDocument
from doingoai.core.models import SiteSettings
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value
from doingoai.core.text import fold, format_date

IMMIGRATION = "Cục Quản lý xuất nhập cảnh - Bộ Công an"


def recommendation_docx(application: AbtcApplication, user=None) -> tuple[str, bytes]:  # noqa: ANN001
    """The letter (file name, DOCX bytes). The passport number and date of birth are shown
    as ``user`` may see them (core's field policy)."""
    site = SiteSettings.load()
    person = application.businessperson
    enterprise = person.enterprise
    people_rt = registry.get("consular.businessperson")
    number = application.letter_number or f"      /{site.agency_symbol}-LS"
    doc = NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=number,
        place=site.place_name,
        day=application.recommended_on or timezone.localdate(),
        subject="V/v đề nghị xem xét cho phép sử dụng thẻ đi lại của doanh nhân APEC",
    )
    doc.addressee(f"Kính gửi: {IMMIGRATION}.")
    doc.paragraph(
        "Căn cứ Quyết định số 09/2023/QĐ-TTg ngày 18/4/2023 của Thủ tướng Chính phủ về việc cấp "
        "và quản lý thẻ đi lại của doanh nhân APEC;"
    )
    doc.paragraph(
        f"Xét hồ sơ đề nghị của {enterprise.name} (mã số doanh nghiệp {enterprise.tax_code}, "
        f"đăng ký lần đầu ngày {format_date(enterprise.established_on)})"
        f" nhận ngày {format_date(application.received_on)},"
    )
    doc.paragraph(
        f"{site.agency_name} đề nghị {IMMIGRATION} xem xét, cho phép doanh nhân có tên sau đây "
        "được sử dụng thẻ đi lại của doanh nhân APEC (thẻ ABTC)"
        + (f" đến {application.economies}" if application.economies else "")
        + ":"
    )

    def shown(name: str) -> str:
        value = field_policy.shown(people_rt, user, name, getattr(person, name))
        if hasattr(value, "year"):
            return format_date(value)
        return value or "—"

    doc.table(
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Doanh nghiệp", "Số hộ chiếu"],
        [
            [
                "1",
                person.full_name,
                shown("birth_date"),
                person.post_title or person.get_post_display(),
                enterprise.name,
                shown("passport_number"),
            ]
        ],
        widths=[1.3, 3.2, 2.6, 2.6, 3.5, 2.8],
    )
    if application.opinion:
        doc.paragraph(f"Ý kiến của {site.agency_name}: {application.opinion}")
    doc.paragraph(
        f"Doanh nghiệp đã hoạt động từ {rule_value('consular.abtc_min_operation_months')} "
        "tháng trở lên; doanh nhân giữ chức vụ thuộc đối tượng được "
        f"xem xét theo quy định. {site.agency_name} trân trọng đề nghị {IMMIGRATION} xem xét, "
        "giải quyết./."
    )
    doc.signature(
        recipients=["Như trên", enterprise.name, "Lưu: VT, LS"],
        title=site.director_title,
        name=site.director_name,
    )
    return f"de-nghi-abtc-{slugify(fold(person.full_name))[:40]}.docx", doc.render()
