"""Factory of the test-only sensitive type (the contract suite draws from it)."""

from __future__ import annotations

from datetime import date

import factory

from tests.factories import contract_factory
from tests.personal_app.models import TrialCase


@contract_factory("personal_app.trialcase")
class TrialCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialCase

    full_name = factory.Sequence(lambda n: f"Công dân thử nghiệm số {n}")
    passport_number = factory.Sequence(lambda n: f"C{n:07d}")
    health_note = "Đang điều trị"
    opened_on = date(2026, 1, 5)
