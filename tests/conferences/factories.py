"""Factories of the conference records (the contract suite draws from them)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from doingoai.conferences.models import Conference
from tests.factories import OrganisationFactory, contract_factory


@contract_factory("conferences.conference")
class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội thảo quốc tế thử nghiệm số {n}")
    title_en = factory.Sequence(lambda n: f"Test International Seminar {n}")
    kind = "seminar"
    event_form = "in_person"
    role = "permitted"
    organiser = factory.SubFactory(OrganisationFactory)
    topic = "Hợp tác phát triển nguồn nhân lực"
    sector = "education"
    venue = "Trung tâm Hội nghị tỉnh"
    start_date = factory.Sequence(lambda n: date(2025, 1, 10) + timedelta(days=n % 300))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=1))
    foreign_participants = 10
    domestic_participants = 50
    requested_on = factory.LazyAttribute(lambda o: o.start_date - timedelta(days=45))
    status = "requested"

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003, ANN201
        """Taking part: Japan, unless the test names the countries."""
        if create:
            self.countries.set(extracted if extracted is not None else ["JP"])
