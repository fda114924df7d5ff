"""``manage.py seed_demo [--scale N]``: demo data of every installed module."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from doingoai.core.demo import seeders


class Command(BaseCommand):
    help = "Build deterministic demo data for every module (idempotent; --scale for benchmarks)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--scale", type=int, default=1, help="volume multiplier (default 1)")
        parser.add_argument(
            "--status", action="store_true", help="print 'empty' or 'seeded' and stop"
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        from doingoai.core.models import User

        if options["status"]:
            seeded = User.objects.filter(username="quantri").exists()
            self.stdout.write("seeded" if seeded else "empty")
            return
        today = timezone.localdate()
        for seeder in seeders():
            with transaction.atomic():
                seeder.run(random.Random(f"doingoai-{seeder.name}"), options["scale"], today)
            self.stdout.write(f"seeded {seeder.name}")
