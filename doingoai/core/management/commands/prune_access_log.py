"""``manage.py prune_access_log [--months N]``: delete access-log lines older than the
retention period (``DOINGOAI_ACCESS_LOG_MONTHS``, default 12; at least 3 by TCVN 11930)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from doingoai.core.models import AccessLog

MINIMUM_MONTHS = 3


class Command(BaseCommand):
    help = "Delete access-log lines older than ACCESS_LOG_RETENTION_MONTHS (run it monthly)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--months", type=int, default=settings.ACCESS_LOG_RETENTION_MONTHS)

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        months = options["months"]
        if months < MINIMUM_MONTHS:
            raise CommandError(f"Nhật ký phải được giữ ít nhất {MINIMUM_MONTHS} tháng.")
        # a month counted as 31 days: the log is kept at least the period, never less
        cutoff = timezone.now() - timedelta(days=31 * months)
        deleted, _detail = AccessLog.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Đã xóa {deleted} dòng nhật ký truy cập cũ hơn {months} tháng.")
