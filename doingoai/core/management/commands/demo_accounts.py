"""``manage.py demo_accounts``: print the URL and the demo accounts, one per role."""

from django.conf import settings
from django.core.management.base import BaseCommand

from doingoai.core import roles as R
from doingoai.core.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print how to log in to the demo installation."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        lines = [
            "",
            f"doingoai đang chạy tại {options['url']}",
            "",
            "Tài khoản demo (mật khẩu chung: " + DEMO_PASSWORD + "):",
        ]
        required = set(settings.TWO_FACTOR_ROLES)
        for username, full_name, role, _position in DEMO_USERS:
            note = "  (xác thực hai lớp ở lần đăng nhập đầu)" if role in required else ""
            lines.append(f"  {username:<12} {R.GROUP_NAMES[role]:<18} {full_name}{note}")
        if required:
            lines += [
                "",
                "Quản trị hệ thống và Lãnh đạo phải dùng xác thực hai lớp: ở lần đăng nhập đầu,",
                "cài một ứng dụng xác thực trên điện thoại (Google Authenticator, FreeOTP...),",
                "quét mã QR hiện ra, nhập mã 6 số và cất các mã khôi phục.",
            ]
        lines.append("")
        self.stdout.write("\n".join(lines))
