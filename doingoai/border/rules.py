"""The numbers of the border module an administrator can change on the rules page."""

from doingoai.core.rules import define_rule

define_rule(
    "border.incident_open_days",
    "Số ngày một sự cố biên giới chưa giải quyết thì được nhắc trong danh sách việc cần làm",
    30,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ (văn bản pháp luật không quy định thời hạn này)",
)
