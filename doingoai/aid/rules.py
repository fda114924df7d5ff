"""The numbers of the aid module an administrator can change on the rules page, each with
its legal source (Decree 80/2020/NĐ-CP on foreign non-governmental aid)."""

from doingoai.core.rules import define_rule

define_rule(
    "aid.approval_lapse_months",
    "Số tháng kể từ ngày phê duyệt mà khoản viện trợ không được triển khai thì văn bản phê duyệt"
    " hết hiệu lực",
    6,
    "tháng",
    "Nghị định 80/2020/NĐ-CP về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ"
    " phát triển chính thức của các cơ quan, tổ chức, cá nhân nước ngoài dành cho Việt Nam",
)
define_rule(
    "aid.approval_lapse_warning_days",
    "Số ngày trước khi văn bản phê duyệt hết hiệu lực thì được nhắc trong danh sách việc cần làm",
    30,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ",
)
define_rule(
    "aid.progress_report_months",
    "Chu kỳ báo cáo tình hình thực hiện chương trình, dự án, phi dự án viện trợ",
    6,
    "tháng",
    "Nghị định 80/2020/NĐ-CP (báo cáo 6 tháng và hằng năm)",
)
define_rule(
    "aid.progress_report_grace_days",
    "Số ngày sau khi kết thúc kỳ báo cáo mà chưa có báo cáo thì coi là chậm",
    15,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ",
)
define_rule(
    "aid.ending_soon_days",
    "Số ngày trước ngày kết thúc chương trình, dự án thì được nhắc trong danh sách việc cần làm",
    30,
    "ngày",
    "Quy định nội bộ của Sở Ngoại vụ",
)
