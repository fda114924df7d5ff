"""The numbers the rules of the field set for delegations, with their sources."""

from doingoai.core.rules import define_rule

SOURCE = (
    "Quyết định 67/2011/QĐ-TTg; Quy chế quản lý thống nhất hoạt động đối ngoại của tỉnh "
    "(Quy định 272-QĐ/TW đối với đoàn của cấp ủy)"
)

define_rule(
    "delegations.report_due_days", "Hạn nộp báo cáo kết quả sau khi về nước", 15, "ngày", SOURCE
)
define_rule(
    "delegations.request_lead_days",
    "Thời hạn gửi hồ sơ đề nghị trước ngày xuất cảnh",
    20,
    "ngày",
    SOURCE,
)
define_rule("delegations.max_members", "Số thành viên tối đa của một đoàn ra", 10, "người", SOURCE)
define_rule("delegations.max_days", "Thời gian tối đa của một chuyến công tác", 10, "ngày", SOURCE)
define_rule(
    "delegations.max_countries", "Số nước tối đa trong một chuyến công tác", 3, "nước", SOURCE
)
define_rule(
    "delegations.leader_trips_per_year",
    "Số chuyến đi nước ngoài tối đa mỗi năm của một lãnh đạo tỉnh",
    2,
    "chuyến",
    SOURCE,
)
