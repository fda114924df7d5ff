"""The workflow checks and effects several areas share (core.workflow) and the report
sections' link helper (core.sections.records_url)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from doingoai.core.registry import registry
from doingoai.core.sections import Period, records_url
from doingoai.core.workflow import keep_comment, not_in_future, stamp_today, still_valid

TODAY = timezone.localdate()


def test_stamp_today_keeps_a_recorded_date_and_never_goes_before_the_floor() -> None:
    stamp = stamp_today("closed_on", not_before=("opened_on", "reported_on"))
    later = TODAY + timedelta(days=3)
    case = SimpleNamespace(closed_on=None, opened_on=None, reported_on=date(2020, 1, 1))
    stamp(case, None, "")
    assert case.closed_on == TODAY  # the floor is in the past: today
    case = SimpleNamespace(closed_on=None, opened_on=later, reported_on=date(2020, 1, 1))
    stamp(case, None, "")
    assert case.closed_on == later  # the first recorded floor, opened_on, is ahead
    case = SimpleNamespace(closed_on=date(2021, 5, 5), opened_on=later, reported_on=None)
    stamp(case, None, "")
    assert case.closed_on == date(2021, 5, 5)
    plain = SimpleNamespace(requested_on=None)
    stamp_today("requested_on")(plain, None, "")
    assert plain.requested_on == TODAY


def test_not_in_future_waits_for_the_day_and_says_it() -> None:
    check = not_in_future("start_date", _("Not yet (start %(date)s)."))
    assert check(SimpleNamespace(start_date=None)) == []
    assert check(SimpleNamespace(start_date=TODAY)) == []
    ahead = TODAY + timedelta(days=1)
    with override("vi"):
        assert check(SimpleNamespace(start_date=ahead)) == [f"Not yet (start {ahead:%d/%m/%Y})."]


def test_keep_comment_and_still_valid() -> None:
    obj = SimpleNamespace(appraisal_opinion="")
    keep_comment("appraisal_opinion")(obj, None, "Đồng ý")
    assert obj.appraisal_opinion == "Đồng ý"

    from doingoai.core.models import Organisation

    nameless = Organisation(name="")
    with pytest.raises(ValidationError) as exc:
        still_valid(nameless, None, "")
    label = str(Organisation._meta.get_field("name").verbose_name)
    assert any(m.startswith(label[:1].upper() + label[1:] + ":") for m in exc.value.messages)


def test_records_url_puts_the_period_first_then_the_filters() -> None:
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    base = registry.get("core.organisation").url("list")
    assert records_url("core.organisation", period, "held_on", kind="land") == (
        f"{base}?held_on_from=2025-01-01&held_on_to=2025-12-31&kind=land"
    )
    assert records_url("core.organisation", standing_on="2025-12-31") == (
        f"{base}?standing_on=2025-12-31"
    )
    assert records_url("core.organisation") == base
