"""The numbers the rules of the field set for delegations, each with its legal source (an
administrator can change the value on the rules page without a release)."""

from doingoai.core.rules import define_rule

PROVINCE_REGULATION = "Quy chế quản lý thống nhất hoạt động đối ngoại của tỉnh"
DECISION_67 = "Quyết định 67/2011/QĐ-TTg"
REGULATION_272 = "Quy định 272-QĐ/TW (2015) đối với đoàn của cấp ủy"

define_rule(
    "delegations.report_due_days",
    "Hạn nộp báo cáo kết quả chuyến công tác sau khi về nước",
    15,
    "ngày",
    f"{PROVINCE_REGULATION}; {DECISION_67}",
)
define_rule(
    "delegations.request_lead_days",
    "Thời hạn gửi hồ sơ đề nghị cử đoàn ra trước ngày xuất cảnh",
    20,
    "ngày",
    f"{PROVINCE_REGULATION}; {DECISION_67}",
)
define_rule(
    "delegations.max_members",
    "Số thành viên tối đa của một đoàn ra",
    10,
    "người",
    PROVINCE_REGULATION,
)
define_rule(
    "delegations.max_days",
    "Thời gian tối đa của một chuyến công tác nước ngoài",
    10,
    "ngày",
    PROVINCE_REGULATION,
)
define_rule(
    "delegations.max_countries",
    "Số nước tối đa trong một chuyến công tác",
    3,
    "nước",
    PROVINCE_REGULATION,
)
define_rule(
    "delegations.leader_trips_per_year",
    "Số chuyến đi nước ngoài tối đa mỗi năm của một lãnh đạo tỉnh",
    2,
    "chuyến",
    f"{PROVINCE_REGULATION}; {REGULATION_272}",
)
