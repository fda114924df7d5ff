"""List cells write dates as the locales' short formats say, without asking for them per cell."""

from datetime import UTC, date, datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from doingoai.core.tables import DayColumn, MomentColumn


def test_cells_follow_the_short_formats_of_both_languages() -> None:
    day, moment = date(2025, 7, 1), datetime(2025, 7, 1, 1, 5, tzinfo=UTC)
    for language in ("vi", "en"):
        with translation.override(language):
            assert DayColumn().render(day) == date_format(day, "SHORT_DATE_FORMAT") == "01/07/2025"
            local = date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
            assert MomentColumn().render(moment) == local
