"""Demo conferences and seminars for the configured province: this year's and last year's
events of each role and form, in every state of the workflow, some with a Prime-Minister
level criterion, one filed late; linked to the demo partners (core record links).
Deterministic and idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doingoai.core.demo import DEMO_AGENCY, Seeder, register_seeder

#: title, English title, kind, form, role, sector, criterion (or ""), foreign partner word
EVENTS = [
    (
        "Hội nghị xúc tiến đầu tư vào tỉnh với các doanh nghiệp Hàn Quốc",
        "Investment Promotion Conference with Korean Businesses",
        "conference",
        "hybrid",
        "organised",
        "economy",
        "",
        "Hàn Quốc",
    ),
    (
        "Hội thảo quốc tế về du lịch cộng đồng và di sản văn hóa",
        "International Seminar on Community Tourism and Cultural Heritage",
        "seminar",
        "in_person",
        "co_organised",
        "culture",
        "",
        "Nhật Bản",
    ),
    (
        "Hội nghị trực tuyến hợp tác giáo dục với các trường đại học Australia",
        "Online Conference on Education Cooperation with Australian Universities",
        "conference",
        "online",
        "organised",
        "education",
        "",
        "Australia",
    ),
    (
        "Hội thảo quốc tế về quản lý tài nguyên nước lưu vực sông Cả",
        "International Seminar on Water Resources of the Ca River Basin",
        "seminar",
        "in_person",
        "permitted",
        "agriculture",
        "topic_borders",
        "Lào",
    ),
    (
        "Hội thảo khoa học quốc tế về y học cổ truyền",
        "International Scientific Seminar on Traditional Medicine",
        "seminar",
        "hybrid",
        "permitted",
        "health",
        "",
        "Trung Quốc",
    ),
    (
        "Hội nghị hợp tác phát triển các tỉnh Bắc Trung Bộ với tỉnh Xiêng Khoảng",
        "Development Cooperation Conference with Xiengkhouang Province",
        "conference",
        "in_person",
        "organised",
        "economy",
        "foreign_high_level",
        "Lào",
    ),
    (
        "Hội thảo quốc tế về chuyển đổi số trong doanh nghiệp nhỏ và vừa",
        "International Seminar on Digital Transformation for SMEs",
        "seminar",
        "online",
        "permitted",
        "science",
        "",
        "Singapore",
    ),
    (
        "Hội thảo về tín ngưỡng dân gian vùng Bắc Trung Bộ",
        "Seminar on Folk Beliefs of North Central Viet Nam",
        "seminar",
        "in_person",
        "permitted",
        "culture",
        "topic_religion",
        "Pháp",
    ),
]
STATES_PAST = ["reported", "reported", "held", "reported", "cancelled", "reported", "refused"]
STATES_FUTURE = ["draft", "requested", "appraised", "permitted"]


def seed_conferences(rng: random.Random, scale: int, today: date) -> None:
    from doingoai.conferences.models import Conference
    from doingoai.core.models import Organisation

    if Conference.objects.filter(topic__startswith="DEMO").exists():
        return
    agencies = list(Organisation.objects.filter(kind="provincial_agency").order_by("name")[:8])
    demo_agency = Organisation.objects.filter(name=DEMO_AGENCY).first()
    if demo_agency is None or not agencies:
        return
    made = []
    plan = []  # (start, index, suffix): past events of last year and this year, then upcoming
    for year in (today.year - 1, today.year):
        for n in range(scale):
            for index in range(len(EVENTS)):
                start = date(year, 1 + (index * 3 + n) % 12, 5 + (index * 7) % 20)
                if start < today:
                    plan.append((start, index, f" năm {year}" + (f" (lần {n + 1})" if n else "")))
    for index in range(len(EVENTS)):
        start = today + timedelta(days=20 + 11 * index)
        plan.append((start, index, f" năm {start.year} (dự kiến)"))
    for start, index, suffix in plan:
        title, title_en, kind, form, role, sector, flag, partner = EVENTS[index]
        past = start < today
        status = rng.choice(STATES_PAST) if past else STATES_FUTURE[index % len(STATES_FUTURE)]
        organiser = demo_agency if index % 3 == 0 else agencies[index % len(agencies)]
        lead = 25 if index == 2 else rng.randint(35, 60)  # one filed late
        obj = Conference(
            title=f"{title}{suffix}",
            title_en=f"{title_en} {start.year}",
            kind=kind,
            event_form=form,
            role=role,
            organiser=organiser,
            topic=f"DEMO: {title.lower()}; đối tác {partner}",
            sector=sector,
            venue="" if form == "online" else "Trung tâm Hội nghị tỉnh, thành phố Vinh",
            online_platform="" if form == "in_person" else "Zoom",
            start_date=start,
            end_date=start + timedelta(days=1 if kind == "seminar" else 0),
            foreign_participants=rng.randint(5, 60),
            domestic_participants=rng.randint(40, 200),
            funding_source=rng.choice(["state_budget", "foreign", "mixed"]),
            requested_on=None if status == "draft" else min(start - timedelta(days=lead), today),
            report_summary="Hội nghị, hội thảo diễn ra đúng nội dung được phép."
            if status == "reported"
            else "",
            status=status,
        )
        if flag:
            setattr(obj, flag, True)
        if status == "reported":
            obj.report_submitted_on = min(obj.end_date + timedelta(days=rng.randint(3, 14)), today)
        obj.save()
        made.append((obj, partner))
    _link_partners(made)


def _link_partners(made) -> None:  # noqa: ANN001
    """Each demo event to a demo partner of its country, if the partners module has one."""
    from doingoai.core.links import link_add
    from doingoai.core.registry import registry

    try:
        partner_model = registry.get("partners.partner").model
    except KeyError:
        return
    by_country = {}
    for partner in partner_model._default_manager.filter(note__startswith="DEMO").select_related(
        "country"
    ):
        by_country.setdefault(partner.country.name_vi, partner)
    for obj, country in made:
        partner = by_country.get(country)
        if partner is not None:
            link_add(source=obj, target=partner, kind="with_partner", user=None)


register_seeder(Seeder("conferences", 60, seed_conferences))
