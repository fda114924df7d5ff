"""Factories of core's records, and the registry the generic contract suite draws from:
every registered record type needs one ``@contract_factory`` (a meta-test enforces it)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from doingoai.core import roles as R
from doingoai.core.models import Country, LegalDocument, Organisation, Person, User

#: record-type key → factory class, filled by ``contract_factory``.
CONTRACT_FACTORIES: dict[str, type[factory.django.DjangoModelFactory]] = {}
#: record-type key → ``add(obj)`` that gives a record its child rows (members, targets ...),
#: so that the contract's restore test proves they come back too.
CONTRACT_CHILDREN: dict[str, object] = {}


def contract_children(key: str):  # noqa: ANN201
    """Register how the contract suite gives a record of type ``key`` its child rows."""

    def decorate(fn):  # noqa: ANN001, ANN202
        CONTRACT_CHILDREN[key] = fn
        return fn

    return decorate


def contract_factory(key: str):  # noqa: ANN201
    """Register the factory the generic contract suite uses for record type ``key``."""

    def decorate(cls):  # noqa: ANN001, ANN202
        CONTRACT_FACTORIES[key] = cls
        return cls

    return decorate


@contract_factory("core.country")
class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")
    alpha3 = factory.LazyAttribute(lambda o: f"{o.code}X")
    name_vi = factory.Sequence(lambda n: f"Quốc gia thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test country {n}")


@contract_factory("core.organisation")
class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    kind = "provincial_agency"
    country_id = "VN"


@contract_factory("core.person")
class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = "M"
    birth_date = factory.Sequence(lambda n: date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
    birth_year = factory.LazyAttribute(lambda o: o.birth_date.year)
    nationality_id = "VN"
    position = "Chuyên viên"


@contract_factory("core.legaldocument")
class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    kind = "QĐ"
    issued_date = date(2025, 7, 1)
    issuer = "UBND tỉnh Nghệ An"
    summary = "Quyết định thử nghiệm"


@contract_factory("core.administrativeunit")
class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.AdministrativeUnit"

    code = factory.Sequence(lambda n: 900000 + n)
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    division_type = "xã"
    level = "commune"
    period = "current"


def make_user(
    role: str, username: str | None = None, organisation: Organisation | None = None, **extra
) -> User:  # noqa: ANN003
    """A user in the group of ``role`` (a specialist also gets every per-area group)."""
    user = User.objects.create_user(
        username=username or f"u-{role}-{User.objects.count()}",
        password="Mat-khau-thu-2026",
        **extra,
    )
    user.groups.add(Group.objects.get(name=R.GROUP_NAMES[role]))
    if role == R.SPECIALIST:
        for group in Group.objects.filter(name__startswith=R.SPECIALIST_AREA_PREFIX):
            user.groups.add(group)
    if role == R.AGENCY:
        user.organisation = organisation or OrganisationFactory()
        user.save()
    return user


@contract_factory("core.exchangerate")
class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.ExchangeRate"

    currency = factory.Iterator(["EUR", "JPY", "KRW", "CNY", "LAK", "THB", "AUD", "GBP"])
    date = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=n))
    usd = Decimal("1.1700000000")
    vnd = Decimal("30650.0000")
    source = "Tỷ giá trung tâm (thử nghiệm)"


def xlsx_bytes(headers, rows) -> bytes:  # noqa: ANN001
    """A workbook of one sheet: the header row, then ``rows`` (an import file in a test)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
