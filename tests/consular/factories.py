"""Factories of the consular records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.consular.models import (
    AbtcApplication,
    AbtcEnterprise,
    Businessperson,
    CaseAction,
    CasePerson,
    ConsularCase,
)
from tests.factories import contract_children, contract_factory


@contract_factory("consular.consularcase")
class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsularCase

    title = factory.Sequence(lambda n: f"Vụ việc thử nghiệm số {n}")
    kind = "protection"
    category = "detention"
    country_id = "KR"
    place = "Busan"
    reported_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    reported_by = "Gia đình"
    details = "Bị tạm giữ"
    status = "received"


@contract_children("consular.consularcase")
def _case_children(case: ConsularCase) -> None:
    CaseAction.objects.create(case=case, done_on=case.reported_on, action="Tiếp nhận thông tin")
    CaseAction.objects.create(
        case=case,
        done_on=case.reported_on + timedelta(days=3),
        action="Đề nghị Cục Lãnh sự hỗ trợ",
        document_ref="12/SNV-LS",
    )


@contract_factory("consular.caseperson")
class CasePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePerson

    case = factory.SubFactory(CaseFactory)
    full_name = factory.Sequence(lambda n: f"Công dân thử nghiệm {n}")
    role = "citizen"
    birth_year = 1990
    passport_number = factory.Sequence(lambda n: f"C{n:07d}")
    id_number = factory.Sequence(lambda n: f"040090{n:06d}")


@contract_factory("consular.abtcenterprise")
class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbtcEnterprise

    name = factory.Sequence(lambda n: f"Công ty Thử nghiệm {n}")
    tax_code = factory.Sequence(lambda n: f"29{n:08d}")
    established_on = date(2015, 3, 1)


@contract_factory("consular.businessperson")
class BusinesspersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Businessperson

    full_name = factory.Sequence(lambda n: f"Doanh nhân Thử nghiệm {n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    post = "director"
    post_title = "Giám đốc"
    birth_date = date(1980, 5, 6)
    passport_number = factory.Sequence(lambda n: f"P{n:07d}")


@contract_factory("consular.abtcapplication")
class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbtcApplication

    businessperson = factory.SubFactory(BusinesspersonFactory)
    received_on = date(2025, 2, 10)
    status = "received"
