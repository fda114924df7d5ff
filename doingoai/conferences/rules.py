"""The numbers the rules of the field set for international conferences and seminars, each
with its legal source (editable by an administrator on the rules page). Who approves is in
``approval.py``."""

from doingoai.core.rules import define_rule

DECISION_06 = "Quyết định 06/2020/QĐ-TTg"
PROVINCE_REGULATION = "Quy chế quản lý thống nhất hoạt động đối ngoại của tỉnh"

define_rule(
    "conferences.lead_days_prime_minister",
    "Thời hạn gửi hồ sơ xin phép hội nghị, hội thảo quốc tế thuộc thẩm quyền Thủ tướng Chính phủ "
    "(trước ngày tổ chức)",
    40,
    "ngày",
    f"Điều 5 {DECISION_06}",
)
define_rule(
    "conferences.lead_days_chair",
    "Thời hạn gửi hồ sơ xin phép hội nghị, hội thảo quốc tế thuộc thẩm quyền Chủ tịch UBND tỉnh "
    "(trước ngày tổ chức)",
    30,
    "ngày",
    f"Điều 5 {DECISION_06}",
)
define_rule(
    "conferences.report_due_days",
    "Hạn báo cáo kết quả hội nghị, hội thảo quốc tế (sau ngày kết thúc)",
    15,
    "ngày",
    f"Điều 7 {DECISION_06}; {PROVINCE_REGULATION}",
)
define_rule(
    "conferences.lead_warning_days",
    "Nhắc trước khi hết thời hạn gửi hồ sơ xin phép hội nghị, hội thảo quốc tế",
    7,
    "ngày",
    PROVINCE_REGULATION,
)
