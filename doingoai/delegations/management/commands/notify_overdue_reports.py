"""Tell the submitting agencies of every post-trip report that is overdue (run daily, e.g. from
cron: ``manage.py notify_overdue_reports``); each overdue report is notified once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from doingoai.delegations.notices import notify_overdue_reports


class Command(BaseCommand):
    help = "Notify the agencies of overdue post-trip reports (once per report)."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        count = notify_overdue_reports()
        self.stdout.write(f"{count} overdue report(s) notified")
