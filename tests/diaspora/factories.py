"""Factories of the diaspora records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory

from doingoai.diaspora.models import (
    Association,
    Consent,
    DiasporaPerson,
    Event,
    Investment,
    Visit,
)
from tests.factories import AdministrativeUnitFactory, contract_children, contract_factory


@contract_factory("diaspora.diasporaperson")
class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiasporaPerson
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"KB-T{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = "male"
    birth_year = factory.Sequence(lambda n: 1950 + n % 50)
    home_unit = factory.SubFactory(AdministrativeUnitFactory)
    country_id = "LA"
    city = "Viêng Chăn"
    occupation = "Kinh doanh"
    phone = factory.Sequence(lambda n: f"+856 20 555 {n:04d}")
    email = factory.Sequence(lambda n: f"thu{n}@example.org")
    passport_number = factory.Sequence(lambda n: f"C{1000000 + n}")
    family_in_province = "Mẹ: Trần Thị Lan"
    recorded_on = date(2023, 3, 1)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        """The person consents to be contacted (``consent=False``: silence)."""
        if create and extracted is not False:
            Consent.objects.create(
                person=self, purpose="contact", given_on=date(2024, 1, 1), method="written"
            )


@contract_factory("diaspora.consent")
class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = "contact"
    given_on = date(2025, 1, 10)
    method = "written"
    scope = "Nhận thư mời qua thư điện tử"


@contract_factory("diaspora.association")
class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội đồng hương Thử nghiệm {n}")
    kind = "hometown"
    country_id = "LA"
    city = "Viêng Chăn"
    founded_on = date(2010, 5, 1)
    member_count = 100

    @factory.post_generation
    def members(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create:
            self.members.set(extracted if extracted is not None else [PersonFactory()])


@contract_factory("diaspora.investment")
class InvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dự án thử nghiệm {n}")
    kind = "project"
    sector = "industry"
    registered_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    registered_capital = Decimal("1000000")
    currency = "USD"

    @factory.post_generation
    def investors(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create:
            self.investors.set(extracted if extracted is not None else [PersonFactory()])


@contract_factory("diaspora.visit")
class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Đoàn kiều bào thử nghiệm {n}")
    arrived_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    country_id = "LA"
    visitor_count = 5

    @factory.post_generation
    def visitors(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create:
            self.visitors.set(extracted if extracted is not None else [PersonFactory()])


@contract_factory("diaspora.event")
class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gặp mặt kiều bào thử nghiệm {n}")
    kind = "tet"
    start_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 300))
    participant_count = 50

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if create:
            self.participants.set(extracted if extracted is not None else [PersonFactory()])


@contract_children("diaspora.diasporaperson")
def _consents(person: DiasporaPerson) -> None:
    Consent.objects.create(
        person=person, purpose="contact", given_on=date(2025, 1, 10), method="written"
    )
