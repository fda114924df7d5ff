"""``manage.py prune_imports [--hours N]``: delete staged import files older than a day."""

from django.conf import settings
from django.core.management.base import BaseCommand

from doingoai.core import import_staging


class Command(BaseCommand):
    help = "Delete staged import files (DATA_DIR/imports) older than IMPORT_STAGING_HOURS."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--hours", type=int, default=settings.IMPORT_STAGING_HOURS)

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        deleted = import_staging.prune(options["hours"])
        self.stdout.write(f"Đã xóa {deleted} tệp nhập dữ liệu tạm.")
