"""The numbers of the consular module an administrator can change on the rules page, each
with its source."""

from __future__ import annotations

from datetime import date

from doingoai.core.rules import define_rule, rule_value

define_rule(
    "consular.abtc_min_operation_months",
    "Thời gian hoạt động tối thiểu của doanh nghiệp để được xem xét cho phép sử dụng thẻ ABTC",
    12,
    "tháng",
    "Quyết định số 09/2023/QĐ-TTg ngày 18/4/2023 của Thủ tướng Chính phủ (Điều 3)",
)
define_rule(
    "consular.abtc_card_years",
    "Thời hạn của thẻ ABTC (không gia hạn; hết hạn thì làm thủ tục cấp thẻ mới)",
    5,
    "năm",
    "Quyết định số 09/2023/QĐ-TTg; Bộ Công an (Cục Quản lý xuất nhập cảnh) cấp thẻ",
)
define_rule(
    "consular.abtc_expiry_reminder_days",
    "Số ngày trước khi thẻ ABTC hết hạn thì nhắc trong danh sách việc cần làm",
    90,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ",
)
define_rule(
    "consular.case_idle_days",
    "Số ngày một vụ việc lãnh sự, bảo hộ công dân chưa có hoạt động xử lý thì được nhắc",
    15,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ (văn bản pháp luật không quy định thời hạn này)",
)
define_rule(
    "consular.retention_years",
    "Số năm giữ dữ liệu cá nhân của vụ việc đã kết thúc trước khi ẩn danh hóa "
    "(giữ lại số liệu thống kê)",
    5,
    "năm",
    "Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân; quy định lưu trữ của Sở Ngoại vụ",
)


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def card_expiry(issued_on: date) -> date:
    """The expiry date of a card issued on ``issued_on`` (the same day, N years later)."""
    return add_years(issued_on, rule_value("consular.abtc_card_years"))
