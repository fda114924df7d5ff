"""Factories of the outreach records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.outreach.models import OutreachEvent, PressReporter, PressVisit, Publication
from tests.factories import contract_children, contract_factory


@contract_factory("outreach.pressvisit")
class PressVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressVisit

    title = factory.Sequence(lambda n: f"Đoàn phóng viên thử nghiệm số {n}")
    outlet = "Đài Truyền hình NHK"
    country_id = "JP"
    topics = "Du lịch cộng đồng"
    places = "Xã Châu Tiến"
    start_date = factory.Sequence(lambda n: date(2025, 1, 10) + timedelta(days=n % 300))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=2))
    accompanying_officer = "Lê Thị Hạnh"
    status = "done"


@contract_children("outreach.pressvisit")
def _reporters(visit: PressVisit) -> None:
    PressReporter.objects.create(
        visit=visit, full_name="Tanaka Hiroshi", country_id="JP", press_card="MOFA-2025-001"
    )
    PressReporter.objects.create(visit=visit, full_name="Sato Yuki", country_id="JP")


@contract_factory("outreach.publication")
class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    kind = "bulletin"
    title = "Bản tin Đối ngoại Nghệ An"
    languages = "Tiếng Việt, tiếng Anh"
    issue_number = factory.Sequence(lambda n: f"Số {n + 1}")
    published_on = factory.Sequence(lambda n: date(2025, 1, 10) + timedelta(days=n % 300))
    copies = 1000


@contract_factory("outreach.outreachevent")
class OutreachEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachEvent

    title = factory.Sequence(lambda n: f"Tuần văn hóa thử nghiệm số {n}")
    kind = "cultural"
    location = "home"
    place = "Quảng trường Hồ Chí Minh, Vinh"
    start_date = factory.Sequence(lambda n: date(2025, 1, 10) + timedelta(days=n % 300))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=1))
    status = "held"
