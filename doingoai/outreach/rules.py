"""The numbers the rules of the field set for foreign press visits, with their legal source
(editable by an administrator on the rules page)."""

from doingoai.core.rules import define_rule

define_rule(
    "outreach.press_notice_working_days",
    "Thời hạn phóng viên nước ngoài đề nghị hoạt động báo chí (trước chuyến đi)",
    10,
    "ngày làm việc",
    "Nghị định 88/2012/NĐ-CP",
)
