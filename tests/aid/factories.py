"""Factories of the aid records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory

from doingoai.aid.models import AidItem, AidSector, Disbursement, Donor, ProgressReport
from tests.factories import OrganisationFactory, contract_children, contract_factory


@contract_factory("aid.donor")
class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    name = factory.Sequence(lambda n: f"Tổ chức Tài trợ Thử nghiệm {n}")
    kind = "21"
    country_id = "JP"
    permit_kind = "registration"
    permit_number = factory.Sequence(lambda n: f"{n + 1}/BNG-GĐK")


@contract_factory("aid.aiditem")
class AidItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidItem
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DA-{n:04d}")
    title = factory.Sequence(lambda n: f"Dự án viện trợ thử nghiệm {n}")
    kind = "project"
    source = "ngo"
    agency = factory.SubFactory(OrganisationFactory)
    committed_amount = Decimal("100000")
    committed_currency = "USD"
    approved_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    start = factory.LazyAttribute(lambda o: o.approved_on or date(2025, 1, 1))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=365) if o.start else None)
    status = "implementing"

    @factory.post_generation
    def donors(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create and extracted:
            self.donors.set(extracted)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create and extracted:
            self.localities.set(extracted)


@contract_children("aid.aiditem")
def _item_children(item: AidItem) -> None:
    donor = DonorFactory()
    item.donors.add(donor)
    AidSector.objects.create(item=item, code="12220", percentage=Decimal("60"))
    AidSector.objects.create(item=item, code="11220", percentage=Decimal("40"))
    Disbursement.objects.create(
        item=item, date=date(2025, 3, 1), amount=Decimal("20000"), currency="USD", donor=donor
    )
    ProgressReport.objects.create(
        item=item, period_end=date(2025, 6, 30), submitted_on=date(2025, 7, 10), summary="Tốt"
    )


@contract_factory("aid.disbursement")
class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    item = factory.SubFactory(AidItemFactory)
    date = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    amount = Decimal("1000")
    currency = "USD"
