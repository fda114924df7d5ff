"""``manage.py diaspora_stress [--factor F] [--seed S]``: write the diaspora module's stress
data (1,000,000 persons at factor 1.0) by bulk inserts and say how long it took;
``--file N PATH`` instead writes a generated import file of N persons (the template's
columns) for ``manage.py import_records diaspora.diasporaperson PATH --commit``."""

from __future__ import annotations

import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from doingoai.core.text import format_number


class Command(BaseCommand):
    help = "Tạo dữ liệu thử tải người Việt Nam ở nước ngoài (1.000.000 người với --factor 1)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--factor", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--file", nargs=2, metavar=("ROWS", "PATH"))

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        from doingoai.diaspora import stress

        started = time.perf_counter()
        if options["file"]:
            rows, path = int(options["file"][0]), Path(options["file"][1])
            path.write_bytes(stress.persons_xlsx(rows, seed=options["seed"]))
            self.stdout.write(
                f"Đã ghi {format_number(rows)} dòng vào {path} "
                f"trong {time.perf_counter() - started:.1f} giây."
            )
            return
        counts = stress.run(random.Random(options["seed"]), options["factor"])
        took = time.perf_counter() - started
        for key, n in counts.items():
            self.stdout.write(f"{key}: {format_number(n)}")
        self.stdout.write(f"Xong trong {took:.1f} giây.")
