"""Demo plans: this year's annual plan and the 2021–2025 term plan, with targets on the
indicators the sections produce and key tasks. Idempotent (by title)."""

from __future__ import annotations

import random
from datetime import date

from doingoai.core.demo import Seeder, register_seeder


def seed_plans(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.reports.models import KeyTask, Plan, Target

    plans = [
        (
            f"Kế hoạch công tác đối ngoại năm {today.year}",
            "annual",
            today.year,
            today.year,
            {
                "delegations.outbound.delegations": 12,
                "delegations.outbound.person_trips": 50,
                "delegations.inbound.delegations": 10,
                "delegations.inbound.foreign_visitors": 120,
            },
        ),
        (
            "Kế hoạch công tác đối ngoại nhiệm kỳ 2021–2025",
            "term",
            2021,
            2025,
            {"delegations.outbound.delegations": 55, "delegations.inbound.delegations": 45},
        ),
    ]
    for title, kind, start, end, targets in plans:
        plan, created = Plan.objects.get_or_create(
            title=title, defaults={"kind": kind, "start_year": start, "end_year": end}
        )
        if not created:
            continue
        plan.search_text = plan.build_search_text()
        plan.save(update_fields=["search_text"])
        for indicator, value in targets.items():
            Target.objects.create(plan=plan, indicator=indicator, value=value * scale)
        Target.objects.create(
            plan=plan,
            indicator="manual",
            label="Số thỏa thuận quốc tế được ký kết",
            value=4,
            achieved_manual=rng.randint(2, 6),
        )
        for task, owner, month in [
            ("Tổ chức đoàn xúc tiến đầu tư tại Hàn Quốc, Nhật Bản", "Sở Công Thương", 6),
            ("Kỷ niệm năm chẵn quan hệ hữu nghị với các tỉnh của Lào", "Sở Ngoại vụ", 9),
            ("Tổng kết công tác đối ngoại, xây dựng kế hoạch năm sau", "Sở Ngoại vụ", 12),
        ]:
            KeyTask.objects.create(
                plan=plan,
                title=task,
                owner=owner,
                due=date(end, month, 28),
                status="done" if date(end, month, 28) < today else "doing",
            )


register_seeder(Seeder("reports", 20, seed_plans))
