"""The documents of the border module in the national format (Decree 30/2020/NĐ-CP,
Appendix I): the department's report on a damaged or destroyed border marker (to the
provincial People's Committee, with the marker's particulars and its inspections) and its
report on a border incident (what happened, who is involved, the handling steps)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import NEEDS_REPAIR, BorderIncident, BorderMarker
from doingoai.border.reports import _two
from doingoai.core.documents import NationalDocument
from doingoai.core.models import SiteSettings
from doingoai.core.places import format_dms as dms
from doingoai.core.text import fold, format_date

#: Inspections listed in a marker's report (the latest first).
INSPECTIONS_SHOWN = 10


def _lower_first(name: str) -> str:
    """ "Xã Tri Lễ" inside a sentence: "xã Tri Lễ"."""
    return name[:1].lower() + name[1:]


def _header(site: SiteSettings) -> NationalDocument:
    return NationalDocument(
        issuer_lines=[site.governing_body, site.agency_letterhead],
        number=f"      /BC-{site.agency_symbol}",
        place=site.place_name,
        day=timezone.localdate(),
    )


def _recipients(site: SiteSettings) -> list[str]:
    return [
        f"{site.committee_name} (để b/c)",
        "Ủy ban Biên giới quốc gia - Bộ Ngoại giao (để b/c)",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Lưu: VT",
    ]


def damage_report_docx(marker: BorderMarker) -> tuple[str, bytes]:
    """The report on a marker that inspections found damaged or destroyed."""
    site = SiteSettings.load()
    doc = _header(site)
    country = marker.country.name_vi
    doc.title("BÁO CÁO", f"Về tình trạng mốc quốc giới số {marker.number} trên tuyến biên giới")
    doc.paragraph(
        f"Thực hiện nhiệm vụ quản lý biên giới quốc gia trên tuyến biên giới Việt Nam - {country}, "
        f"{site.agency_name} báo cáo tình trạng mốc quốc giới số {marker.number} như sau:"
    )
    doc.heading("1. Thông tin về mốc quốc giới")
    doc.table(
        ["Nội dung", "Thông tin"],
        [
            ["Số hiệu mốc", marker.number],
            [
                "Loại mốc",
                f"{capfirst(marker.get_kind_display())}, {marker.get_arrangement_display()}",
            ],
            ["Tuyến biên giới", f"Việt Nam - {country}"],
            ["Đoạn biên giới", marker.segment or "—"],
            ["Địa bàn", str(marker.commune) if marker.commune else "—"],
            [
                "Tọa độ (WGS-84)",
                f"{dms(marker.latitude, 'lat')}, {dms(marker.longitude, 'lon')}"
                if marker.latitude is not None
                else "—",
            ],
            ["Tình trạng hiện nay", capfirst(marker.get_condition_display())],
        ],
        widths=[5, 11],
    )
    doc.heading("2. Kết quả kiểm tra")
    inspections = list(marker.inspections.order_by("-inspected_on", "-id")[:INSPECTIONS_SHOWN])
    doc.table(
        ["STT", "Ngày kiểm tra", "Tình trạng", "Đơn vị kiểm tra", "Ghi chú, sửa chữa"],
        [
            [
                str(i),
                format_date(x.inspected_on),
                capfirst(x.get_condition_display()),
                x.inspector,
                "; ".join(t for t in (x.notes, x.repair_works) if t) or "—",
            ]
            for i, x in enumerate(inspections, start=1)
        ]
        or [["—", "—", "Chưa có đợt kiểm tra", "—", "—"]],
        widths=[1.2, 2.8, 2.6, 4.2, 5.2],
    )
    doc.heading("3. Đề xuất")
    if marker.condition in NEEDS_REPAIR:
        doc.paragraph(
            f"Đề nghị {site.committee_name} chỉ đạo Bộ Chỉ huy Bộ đội Biên phòng tỉnh chủ trì, "
            f"phối hợp {site.agency_name}, Ủy ban nhân dân "
            f"{_lower_first(marker.commune.name) if marker.commune else 'xã biên giới'} và các "
            "cơ quan liên "
            "quan khảo sát, lập phương án sửa chữa, khôi phục mốc quốc giới theo quy định; "
            f"thông báo cho phía {country} theo quy chế quản lý biên giới giữa hai nước."
        )
    else:
        doc.paragraph(
            "Mốc quốc giới hiện ở tình trạng ổn định; tiếp tục duy trì tuần tra, kiểm tra "
            "định kỳ theo quy định."
        )
    doc.paragraph(f"{site.agency_name} kính báo cáo {site.committee_name} xem xét, chỉ đạo./.")
    doc.signature(recipients=_recipients(site), title=site.director_title, name=site.director_name)
    return f"bao-cao-moc-{slugify(fold(marker.number))[:30]}.docx", doc.render()


def incident_report_docx(incident: BorderIncident) -> tuple[str, bytes]:
    """The report on a border incident (land or sea)."""
    site = SiteSettings.load()
    doc = _header(site)
    doc.title("BÁO CÁO", f"Về vụ việc: {incident.title}")
    doc.paragraph(
        f"{site.agency_name} báo cáo vụ việc xảy ra ngày {format_date(incident.occurred_on)}"
        f"{' tại ' + incident.place if incident.place else ''} như sau:"
    )
    doc.heading("1. Diễn biến vụ việc")
    rows = [
        ["Loại vụ việc", capfirst(incident.get_kind_display())],
        ["Ngày xảy ra", format_date(incident.occurred_on)],
        ["Địa điểm", incident.place or "—"],
    ]
    if incident.commune_id:
        rows.append(["Địa bàn", str(incident.commune)])
    if incident.country_id:
        rows.append(["Quốc gia liên quan", incident.country.name_vi])
    if incident.parties:
        rows.append(["Các bên liên quan", incident.parties])
    if incident.vessel_name or incident.vessel_registration:
        rows.append(
            [
                "Phương tiện",
                " - ".join(
                    dict.fromkeys(
                        x for x in (incident.vessel_name, incident.vessel_registration) if x
                    )
                ),
            ]
        )
    if incident.crew_count is not None:
        rows.append(["Số người trên phương tiện", f"{_two(incident.crew_count)} người"])
    if incident.held_by_id:
        rows.append(["Bị bắt giữ bởi", incident.held_by.name_vi])
    doc.table(["Nội dung", "Thông tin"], rows, widths=[5, 11])
    doc.heading("2. Công tác xử lý")
    doc.paragraph(incident.handling or "Đang phối hợp các cơ quan chức năng xác minh, xử lý.")
    doc.heading("3. Kết quả và tình trạng hiện nay")
    status = capfirst(incident.get_status_display())
    result = f"Tình trạng: {status}"
    if incident.resolved_on:
        result += f" (ngày {format_date(incident.resolved_on)})"
    doc.paragraph(result + (f". {incident.outcome}" if incident.outcome else "."))
    doc.paragraph(
        f"{site.agency_name} kính báo cáo {site.committee_name} biết, chỉ đạo./.",
    )
    doc.signature(recipients=_recipients(site), title=site.director_title, name=site.director_name)
    return f"bao-cao-vu-viec-{slugify(fold(incident.title))[:40]}.docx", doc.render()


BUILDERS = {
    "marker-damage": (damage_report_docx, _("Report on the marker (generated)")),
    "incident": (incident_report_docx, _("Incident report (generated)")),
}
