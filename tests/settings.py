"""Test settings: the production settings plus the test-only app ``tests.contract_app``."""

from __future__ import annotations

from doingoai.config import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})
INSTALLED_APPS = [*_base.INSTALLED_APPS, "tests.contract_app", "tests.personal_app"]
