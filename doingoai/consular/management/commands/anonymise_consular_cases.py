"""Remove the personal data of consular and protection cases closed longer ago than the
retention rule (``consular.retention_years``), keeping what the reports count."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from doingoai.consular import services


class Command(BaseCommand):
    help = (
        "Ẩn danh hóa dữ liệu cá nhân của các vụ việc lãnh sự, bảo hộ công dân đã kết thúc quá "
        "thời hạn lưu giữ (giữ lại số liệu thống kê)."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không thay đổi dữ liệu."
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        cases = services.anonymisable()
        if options["dry_run"]:
            self.stdout.write(f"Sẽ ẩn danh hóa {cases.count()} vụ việc.")
            return
        done = services.anonymise(cases)
        self.stdout.write(f"Đã ẩn danh hóa {done} vụ việc.")
