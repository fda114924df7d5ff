"""``manage.py demo_accounts``: print the URL and the demo accounts, one per role."""

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
        for username, full_name, role, _position in DEMO_USERS:
            lines.append(f"  {username:<12} {R.GROUP_NAMES[role]:<18} {full_name}")
        lines.append("")
        self.stdout.write("\n".join(lines))
