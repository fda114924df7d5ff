"""Stress data of the conferences module for the benchmark harness (``core/stress.py``): at
factor 1.0, 30,000 international conferences and seminars over twenty years, by bulk inserts
with their derived columns (approval level, filing and report deadlines, search text)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.stress import StressGenerator, register_stress

BATCH = 2000
STATES = ("reported", "reported", "held", "permitted", "requested", "cancelled", "refused")
CRITERIA = ("", "", "", "", "foreign_high_level", "topic_religion", "topic_borders")


def generate(rng: random.Random, factor: float) -> dict[str, int]:
    from doingoai.conferences.approval import assess, lead_days, report_due_days
    from doingoai.conferences.models import Conference
    from doingoai.core.models import Organisation

    organisations = list(Organisation.objects.filter(country_id="VN").order_by("pk")[:200])
    if not organisations:
        organisations = [
            Organisation.objects.create(
                name="Sở Ngoại vụ (dữ liệu thử tải)", kind="provincial_agency", country_id="VN"
            )
        ]
    leads = {level: lead_days(level) for level in ("chair", "prime_minister")}
    report_days = report_due_days()
    origin = date(2006, 1, 1)
    rows = []
    for n in range(int(30_000 * factor)):
        start = origin + timedelta(days=rng.randint(0, 20 * 365))
        form = rng.choice(("in_person", "in_person", "online", "hybrid"))
        status = rng.choice(STATES)
        obj = Conference(
            title=f"Hội nghị, hội thảo quốc tế thử tải số {n + 1}",
            title_en=f"Stress conference {n + 1}",
            kind=rng.choice(("conference", "seminar")),
            event_form=form,
            role=rng.choice(("organised", "co_organised", "permitted")),
            organiser=rng.choice(organisations),
            topic="Hợp tác phát triển",
            sector=rng.choice(("economy", "education", "health", "culture", "other")),
            venue="" if form == "online" else "Thành phố Vinh",
            online_platform="" if form == "in_person" else "Zoom",
            start_date=start,
            end_date=start + timedelta(days=rng.randint(0, 2)),
            foreign_participants=rng.randint(0, 80),
            domestic_participants=rng.randint(10, 300),
            requested_on=start - timedelta(days=rng.randint(20, 60)),
            status=status,
        )
        flag = rng.choice(CRITERIA)
        if flag:
            setattr(obj, flag, True)
        obj.approval_level = assess(obj).level
        obj.request_due = start - timedelta(days=leads[obj.approval_level])
        if status in ("held", "reported"):
            obj.report_due = obj.end_date + timedelta(days=report_days)
        obj.search_text = obj.build_search_text()
        rows.append(obj)
    Conference.objects.bulk_create(rows, batch_size=BATCH)
    return {"conferences.conference": len(rows)}


register_stress(StressGenerator("conferences", 80, generate))
