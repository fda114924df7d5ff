"""Test settings: the production settings plus the test-only apps ``tests.contract_app``
(links, money, places, child rows, merge) and ``tests.personal_app`` (sensitive fields), whose
record types run through the generic contract suite."""

from __future__ import annotations

from doingoai.config import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})
INSTALLED_APPS = [*_base.INSTALLED_APPS, "tests.contract_app", "tests.personal_app"]
#: The dashboard's figures are recomputed on every request in tests (a rolled-back test sends
#: no signal that would forget them); tests/reports/test_dashboard_cache.py turns it on.
DASHBOARD_FIGURES_SECONDS = 0
#: Pages are rendered on every request in tests (a test's writes and changed settings would
#: not all reach a kept page); tests/core/test_page_cache.py turns it on.
PAGE_CACHE = False
