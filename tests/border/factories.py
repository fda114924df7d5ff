"""Factories of the border records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory

from doingoai.border.models import (
    BorderGate,
    BorderIncident,
    BorderMarker,
    CommuneExchange,
    GateCrossing,
    GateStatusChange,
    MarkerInspection,
)
from tests.factories import (
    AdministrativeUnitFactory,
    OrganisationFactory,
    contract_children,
    contract_factory,
)


@contract_factory("border.bordermarker")
class MarkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BorderMarker

    number = factory.Sequence(lambda n: f"{400 + n}(2)")
    kind = "main"
    arrangement = "single"
    country_id = "LA"
    segment = "Đoạn Nghệ An - Hủa Phăn"
    commune = factory.SubFactory(AdministrativeUnitFactory)
    latitude = factory.Sequence(lambda n: Decimal("19.500000") + Decimal(n % 50) / 100)
    longitude = factory.Sequence(lambda n: Decimal("104.200000") + Decimal(n % 50) / 100)
    condition = "intact"


@contract_factory("border.markerinspection")
class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarkerInspection

    marker = factory.SubFactory(MarkerFactory)
    inspected_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    condition = "intact"
    inspector = "Đồn Biên phòng Thử nghiệm"


@contract_factory("border.bordergate")
class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BorderGate

    name = factory.Sequence(lambda n: f"Cửa khẩu Thử nghiệm {n}")
    level = "secondary"
    country_id = "LA"
    counterpart = factory.Sequence(lambda n: f"Cửa khẩu đối diện {n}")
    commune = factory.SubFactory(AdministrativeUnitFactory)
    latitude = Decimal("19.400000")
    longitude = Decimal("104.100000")
    status = "open"


@contract_children("border.bordergate")
def _status_changes(gate: BorderGate) -> None:
    GateStatusChange.objects.create(gate=gate, changed_on=date(2020, 3, 1), status="closed")
    GateStatusChange.objects.create(
        gate=gate, changed_on=date(2022, 5, 1), status="open", reason="Mở lại sau dịch"
    )
    GateCrossing.objects.create(
        gate=gate, month=date(2025, 3, 1), people=1200, vehicles=300, goods_value_usd=Decimal("2.5")
    )


@contract_factory("border.borderincident")
class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BorderIncident

    title = factory.Sequence(lambda n: f"Sự cố thử nghiệm số {n}")
    kind = "land"
    occurred_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    place = "Khu vực mốc 400"
    country_id = "LA"
    status = "reported"


@contract_factory("border.communeexchange")
class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommuneExchange

    agency = factory.SubFactory(
        OrganisationFactory, name=factory.Sequence(lambda n: f"UBND xã {n}")
    )
    commune = factory.SubFactory(AdministrativeUnitFactory)
    held_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    kind = "meeting"
    counterpart = factory.Sequence(lambda n: f"Chính quyền bản đối diện {n}")
    country_id = "LA"
    content = "Trao đổi tình hình an ninh, trật tự khu vực biên giới"
