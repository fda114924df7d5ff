"""Factories of the reports module's record types."""

from __future__ import annotations

from datetime import date

import factory

from doingoai.reports.models import IssuedReport, KeyTask, Plan, Target
from tests.factories import contract_children, contract_factory


@contract_factory("reports.plan")
class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Kế hoạch công tác đối ngoại thử {n}")
    kind = "annual"
    start_year = 2025
    end_year = 2025


@contract_factory("reports.issuedreport")
class IssuedReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedReport

    title = factory.Sequence(lambda n: f"Báo cáo thử nghiệm {n}")
    kind = "year"
    period_start = date(2025, 1, 1)
    period_end = date(2025, 12, 31)
    number = factory.Sequence(lambda n: f"{n + 1}/BC-SNgV")
    issued_on = date(2026, 1, 10)


@contract_children("reports.plan")
def _plan_targets_and_tasks(plan: Plan) -> None:
    """A target and a key task: deleted with the plan, restored with it."""
    Target.objects.create(plan=plan, indicator="manual", label="Số đoàn ra", value=12)
    KeyTask.objects.create(plan=plan, title="Tổ chức hội nghị xúc tiến đầu tư", owner="Sở Ngoại vụ")
