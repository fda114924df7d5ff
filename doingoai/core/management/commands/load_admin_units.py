"""``manage.py load_admin_units [--province CODE]``: administrative units of both periods."""

from django.conf import settings
from django.core.management.base import BaseCommand

from doingoai.core.reference_data import load_admin_units


class Command(BaseCommand):
    help = (
        "Load the province's communes after 1/7/2025, its districts and communes before, "
        "and the old→new mapping, from vietnam-provinces (idempotent)."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--province",
            type=int,
            default=settings.PROVINCE_CODE,
            help="province code after 1/7/2025 (default: DOINGOAI_PROVINCE_CODE)",
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        counts = load_admin_units(options["province"])
        self.stdout.write(f"administrative units: {counts}")
