"""Reference data: official Vietnamese country names and sourced relation dates; the
configured province's units of both periods with the old→new mapping."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from doingoai.core.agenda import anniversary_on, country_anniversaries
from doingoai.core.models import AdministrativeUnit, Country
from doingoai.core.roles import READONLY


@pytest.mark.django_db
def test_countries_use_official_vietnamese_names():
    names = dict(Country.objects.values_list("code", "name_vi"))
    assert len(names) >= 249
    assert names["RU"] == "Liên bang Nga"
    assert names["US"] == "Hoa Kỳ"
    assert names["TW"] == "Đài Loan (Trung Quốc)"
    assert names["HK"] == "Hồng Công (Trung Quốc)"
    assert names["MO"] == "Ma Cao (Trung Quốc)"
    assert names["LA"] == "Lào" and names["KR"] == "Hàn Quốc" and names["JP"] == "Nhật Bản"
    assert Country.objects.get(code="GB").name_en == "United Kingdom"


@pytest.mark.django_db
def test_relation_dates_only_where_sourced_or_cited_and_marked():
    kr = Country.objects.get(code="KR")
    assert (kr.relations_date, kr.relations_confidence) == (date(1992, 12, 22), "sourced")
    us = Country.objects.get(code="US")
    assert us.relations_confidence == "common"
    assert Country.objects.exclude(relations_date=None).count() == 22
    assert Country.objects.get(code="BR").relations_date is None


@pytest.mark.django_db
def test_reloading_never_overwrites_user_edits():
    Country.objects.filter(code="KR").update(
        name_vi="Đại Hàn Dân Quốc", relations_date=None, relations_confidence="user"
    )
    call_command("load_reference", verbosity=0)
    kr = Country.objects.get(code="KR")
    assert (kr.name_vi, kr.relations_date) == ("Đại Hàn Dân Quốc", None)


@pytest.mark.django_db
def test_admin_units_of_both_periods_and_mapping():
    current = AdministrativeUnit.objects.filter(period="current", level="commune")
    assert current.count() == 130
    assert current.filter(name="Phường Thành Vinh").exists()
    assert AdministrativeUnit.objects.filter(period="legacy", level="district").count() >= 20
    old = AdministrativeUnit.objects.get(period="legacy", level="commune", code=16663)
    assert [u.name for u in old.successors.all()] == ["Phường Thành Vinh"]
    assert old.parent.level == "district"
    new = AdministrativeUnit.objects.get(period="current", code=16681)
    assert new.predecessors.count() == 6
    before = AdministrativeUnit.objects.count()
    call_command("load_admin_units", verbosity=0)
    assert AdministrativeUnit.objects.count() == before


def test_anniversary_handles_29_february():
    assert anniversary_on(date(2000, 2, 29), 2025) == date(2025, 2, 28)
    assert anniversary_on(date(2000, 2, 29), 2028) == date(2028, 2, 29)


@pytest.mark.django_db
def test_round_anniversaries_of_relations(role_user):
    items = list(country_anniversaries(role_user(READONLY), date(2027, 1, 1), date(2027, 12, 31)))
    titles = {item.title for item in items}
    assert any("Hàn Quốc" in t and "35" in t for t in titles)  # 1992 → 2027
    assert not any("Nhật Bản" in t for t in titles)  # 1973 → 54 years: not round
