"""``manage.py import_records TYPE FILE [--commit] [--valid-only] [--user NAME]``: the import of
the web pages from the command line: a dry run by default, with a progress bar on a terminal;
``--commit`` writes all or nothing, ``--valid-only`` the valid rows only."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from doingoai.core import io as record_io
from doingoai.core import io_safety
from doingoai.core.models import User
from doingoai.core.registry import registry
from doingoai.core.roles import ADMIN, GROUP_NAMES
from doingoai.core.text import format_number


class _Bar:
    """A one-line progress bar on a terminal (silent when the output is not one)."""

    def __init__(self, stream) -> None:  # noqa: ANN001
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.tty or now - self.last < 0.2:
            return
        self.last = now
        total = max(total, 1)
        rate = done / max(now - self.start, 0.001)
        width = 30
        filled = int(width * done / total)
        label = "kiểm tra" if phase == "check" else "ghi"
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} dòng "
            f"({label}, {rate:.0f} dòng/giây)"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Kiểm tra (mặc định) hoặc nhập một tệp Excel vào một loại hồ sơ."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("type", help="loại hồ sơ, ví dụ core.person")
        parser.add_argument("file", help="tệp .xlsx theo mẫu nhập của loại hồ sơ")
        parser.add_argument("--commit", action="store_true", help="ghi (tất cả hoặc không gì)")
        parser.add_argument("--valid-only", action="store_true", help="chỉ ghi các dòng hợp lệ")
        parser.add_argument(
            "--user", default="", help="người nhập (mặc định: quản trị hệ thống đầu tiên)"
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        translation.activate("vi")
        try:
            rt = registry.get(options["type"])
        except KeyError as exc:
            keys = ", ".join(sorted(t.key for t in registry.all() if t.importable))
            raise CommandError(f"Không có loại hồ sơ “{options['type']}”. Có: {keys}") from exc
        if not rt.importable:
            raise CommandError(f"Loại hồ sơ {rt.key} không nhập từ tệp.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        data = path.read_bytes()
        try:
            if path.suffix.lower() != ".csv":  # a CSV is read as text (core.io.readers)
                io_safety.check_spreadsheet(data)
        except io_safety.UnsafeSpreadsheet as exc:
            raise CommandError(str(exc)) from exc
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        else:  # the first administrator: the command runs with an administrator's rights
            user = (
                User.objects.filter(is_active=True, groups__name=GROUP_NAMES[ADMIN]).first()
                or User.objects.filter(is_active=True, is_superuser=True).first()
            )
            if user is None:
                raise CommandError("Chưa có quản trị hệ thống: hãy chỉ rõ --user.")
        bar = _Bar(sys.stderr)
        started = time.monotonic()
        try:
            if options["commit"] or options["valid_only"]:
                try:
                    result, plan = record_io.commit_import(
                        rt,
                        data,
                        user,
                        valid_only=options["valid_only"],
                        progress=bar,
                        name=path.name,
                    )
                except record_io.ImportRefused as refused:
                    bar.close()
                    self._problems(refused.args[0])
                    raise CommandError("Không nhập gì: tệp còn lỗi (xem trên).") from None
            else:
                plan = record_io.plan_import(rt, data, user, progress=bar, name=path.name)
                result = None
        except record_io.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        bar.close()
        elapsed = time.monotonic() - started
        self._problems(plan)
        rows = len(plan.rows)
        speed = format_number(rows / elapsed) if elapsed else "—"
        if result is None:
            self.stdout.write(
                f"Kiểm tra {format_number(rows)} dòng trong {elapsed:.1f} giây "
                f"({speed} dòng/giây): "
                f"{plan.count('create')} thêm mới, {plan.count('update')} cập nhật, "
                f"{plan.count('unchanged')} không đổi, {len(plan.errors)} lỗi."
            )
        else:
            self.stdout.write(
                f"Đã nhập {format_number(rows)} dòng trong {elapsed:.1f} giây "
                f"({speed} dòng/giây): "
                f"{result.created} thêm mới, {result.updated} cập nhật, "
                f"{result.unchanged} không đổi, {result.rejected} bị từ chối."
            )

    def _problems(self, plan: record_io.ImportPlan) -> None:
        for problem in plan.problems[:200]:
            column = f" [{problem.column}]" if problem.column else ""
            self.stderr.write(f"Dòng {problem.row}{column}: {problem.message}")
        if len(plan.problems) > 200:
            self.stderr.write(f"… và {len(plan.problems) - 200} vấn đề khác.")
