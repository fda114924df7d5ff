"""The numbers the rules of the field set for international agreements and anniversaries,
each with its legal source (editable by an administrator on the rules page)."""

from doingoai.core.rules import define_rule

LAW_70 = "Luật Thỏa thuận quốc tế số 70/2020/QH14"
DECREE_64 = "Nghị định 64/2021/NĐ-CP"
PROVINCE_REGULATION = "Quy chế quản lý thống nhất hoạt động đối ngoại của tỉnh"

define_rule(
    "partners.consultation_answer_working_days",
    "Thời hạn Bộ Ngoại giao và cơ quan liên quan trả lời ý kiến về thỏa thuận quốc tế",
    7,
    "ngày làm việc",
    f"{LAW_70}; {DECREE_64}",
)
define_rule(
    "partners.report_due_days",
    "Hạn gửi bản sao và báo cáo sau khi ký thỏa thuận quốc tế",
    15,
    "ngày",
    f"{LAW_70}; {DECREE_64}",
)
define_rule(
    "partners.expiry_warning_days",
    "Nhắc trước khi thỏa thuận quốc tế hết hiệu lực",
    90,
    "ngày",
    PROVINCE_REGULATION,
)
define_rule(
    "partners.anniversary_step_years",
    "Chu kỳ kỷ niệm năm chẵn",
    5,
    "năm",
    PROVINCE_REGULATION,
)
define_rule(
    "partners.anniversary_notice_days",
    "Nhắc trước ngày kỷ niệm năm chẵn",
    60,
    "ngày",
    PROVINCE_REGULATION,
)
