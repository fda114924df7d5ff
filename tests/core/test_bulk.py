"""The fast bulk insert (core/bulk.py) writes what Django's ``bulk_create`` and
django-simple-history's ``bulk_create_with_history`` write: same columns, same history rows
(who, why, "+"), keys set on the objects in order; used by long imports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from simple_history.utils import bulk_create_with_history

from doingoai.core import bulk, services
from doingoai.core import roles as R
from doingoai.core.models import Country, ExchangeRate, LegalDocument, Person
from doingoai.core.registry import registry
from doingoai.core.text import fold
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _persons(suffix: str) -> list[Person]:
    vn = Country.objects.get(code="VN") if Country.objects.filter(code="VN").exists() else None
    return [
        Person(
            full_name=f"Nguyễn Văn An {suffix}",
            sex="M",
            birth_date=date(1980, 2, 29),
            nationality=vn,
            position="Chuyên viên",
        ),
        Person(full_name=f"Trần Thị Bình {suffix}", sex="F", birth_year=1975),
        Person(full_name=f"Lê Đức {suffix}", note="Ghi chú ‘có dấu’ — và ký tự lạ ✓"),
    ]


def _comparable(obj) -> dict:  # noqa: ANN001
    data = model_to_dict(obj)
    for key in ("id", "full_name", "search_text"):
        data.pop(key, None)
    return data


def test_insert_matches_djangos_bulk_create_field_by_field() -> None:
    fast = bulk.insert(Person, _persons("x"))
    slow = Person.objects.bulk_create(_persons("x"))
    assert all(p.pk for p in fast) and len({p.pk for p in fast}) == 3
    for a, b in zip(fast, slow, strict=True):
        stored_a = Person.objects.get(pk=a.pk)
        stored_b = Person.objects.get(pk=b.pk)
        assert _comparable(stored_a) == _comparable(stored_b)
        assert stored_a.full_name == a.full_name  # keys come back in the rows' order
        assert stored_a.created_at is not None and stored_a.updated_at is not None
        assert not a._state.adding


def test_values_of_another_type_are_converted_by_their_field() -> None:
    odd = Person(full_name="Số 12", position=12345, birth_year="1980")
    bulk.insert(Person, [odd])
    stored = Person.objects.get(pk=odd.pk)
    assert (stored.position, stored.birth_year) == ("12345", 1980)


def test_insert_handles_decimals_and_dates() -> None:
    rate = ExchangeRate(
        currency="EUR", date=date(2025, 7, 1), usd=Decimal("1.1712345678"), vnd=Decimal("30650.5")
    )
    doc = LegalDocument(number="12/QĐ-UBND", issued_date=date(2025, 7, 1), summary="Quyết định")
    bulk.insert(ExchangeRate, [rate])
    bulk.insert(LegalDocument, [doc])
    stored = ExchangeRate.objects.get(pk=rate.pk)
    assert (stored.date, stored.usd, stored.vnd) == (
        date(2025, 7, 1),
        Decimal("1.1712345678"),
        Decimal("30650.5000"),
    )
    assert LegalDocument.objects.get(pk=doc.pk).issued_date == date(2025, 7, 1)


def test_history_rows_are_those_of_bulk_create_with_history() -> None:
    user = make_user(R.SPECIALIST)
    rt = registry.get("core.person")
    fast = services.record_bulk_create(rt=rt, objs=_persons("h"), user=user, reason="nhập tệp")
    slow = bulk_create_with_history(
        _persons("h2"), Person, default_user=user, default_change_reason="nhập tệp"
    )
    for a, b in zip(fast, slow, strict=True):
        ha = Person.history.get(id=a.pk)
        hb = Person.history.get(id=b.pk)
        assert (ha.history_type, ha.history_user, ha.history_change_reason) == (
            "+",
            user,
            "nhập tệp",
        )
        assert (hb.history_type, hb.history_user) == ("+", user)
        for f in Person.history.model.tracked_fields:
            if f.attname in {
                "id",
                "full_name",
                "created_at",
                "updated_at",
                "version",
                "created_by_id",
                "updated_by_id",
            }:
                continue
            assert getattr(ha, f.attname) == getattr(hb, f.attname), f.attname
        assert ha.full_name == a.full_name and ha.created_at == a.created_at
        assert a.created_by == user and a.version == 1
        assert a.search_text == fold(a.full_name) or a.search_text.startswith(fold(a.full_name))


def test_fold_fast_path_keeps_the_same_results() -> None:
    assert fold("Đặng Thị Hạnh") == "dang thi hanh"
    assert fold("  NGHỆ   An ") == "nghe an"
    assert fold("plain ascii") == "plain ascii"
    assert fold("Ủy ban nhân dân") == "uy ban nhan dan"
    assert fold("ـمَرحبا") == "ـمرحبا"  # marks of other scripts (Arabic fatha) dropped too
    assert fold(None) == "" and fold(12) == "12"
