"""A report section names its own figures: no English key name reaches a Vietnamese report."""

from __future__ import annotations

from django.utils import translation

from doingoai.core.sections import sections
from doingoai.reports.assembly import _humanize


def test_every_figure_key_of_every_section_has_a_vietnamese_name():
    import re

    with translation.override("vi"):
        for section in sections():
            for indicator in section.indicators:
                for part in indicator.path.split("."):
                    name = _humanize(part, section)
                    assert not re.fullmatch(r"[a-z ]+", name), (section.key, part, name)
            for key, label in section.labels.items():
                assert not re.fullmatch(r"[a-z ]+", str(label)), (section.key, key, label)
