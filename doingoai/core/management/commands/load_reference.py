"""``manage.py load_reference``: countries and the configured province's administrative units."""

from django.conf import settings
from django.core.management.base import BaseCommand

from doingoai.core.reference_data import load_admin_units, load_countries


class Command(BaseCommand):
    help = "Load countries and the configured province's administrative units (idempotent)."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        created = load_countries()
        counts = load_admin_units(settings.PROVINCE_CODE)
        self.stdout.write(f"countries: {created} new; administrative units: {counts}")
