"""Countries under the Ministry of Foreign Affairs' names, every other name in use accepted
(imports, filters, search); Vietnamese collation in sorted lists on both databases."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from doingoai.core.collation import sort_key, vi_collate
from doingoai.core.country_names import MFA_NAMES
from doingoai.core.io import parse_cell
from doingoai.core.models import Country, Person
from doingoai.core.roles import SPECIALIST
from doingoai.core.search import global_search
from doingoai.core.text import fold
from doingoai.delegations.models import OutboundDelegation
from tests.delegations.factories import OutboundFactory


@pytest.mark.django_db
def test_names_as_the_ministry_writes_them():
    names = dict(Country.objects.values_list("code", "name_vi"))
    assert names["IS"] == "Ai-xơ-len"
    assert names["IE"] == "Ai-len"
    assert names["NE"] == "Ni-giê"
    assert names["NG"] == "Ni-giê-ri-a"
    assert names["JE"] == "Jersey"
    assert names["AT"] == "Áo"
    assert names["AU"] == "Ô-xtrây-li-a"
    for code, name in MFA_NAMES.items():
        assert names[code] == name
    english = dict(Country.objects.values_list("code", "name_en"))
    untranslated = [code for code in MFA_NAMES if names[code] == english[code]]
    assert untranslated == []
    assert len(MFA_NAMES) >= 195


@pytest.mark.django_db
def test_no_two_countries_share_a_name_or_an_alias():
    names = Counter(fold(n) for n in Country.objects.values_list("name_vi", flat=True))
    assert [name for name, n in names.items() if n > 1] == []
    owners: dict[str, str] = {}
    for country in Country.objects.all():
        for name in {fold(country.name_vi), *(fold(a) for a in country.alias_list())}:
            assert owners.setdefault(name, country.code) == country.code, name


@pytest.mark.django_db
def test_common_names_are_aliases():
    expected = {
        "Úc": "AU",
        "Australia": "AU",
        "Mỹ": "US",
        "United States of America": "US",
        "Anh": "GB",
        "Nga": "RU",
        "Singapore": "SG",
        "Italia": "IT",
        "Ý": "IT",
        "Iceland": "IS",
        "Nigeria": "NG",
        "Niger": "NE",
        "uc": "AU",
        "KOR": "KR",
    }
    for name, code in expected.items():
        assert list(Country.objects.by_alias(name).values_list("code", flat=True)) == [code]
    assert not Country.objects.by_alias("Ai-len").exclude(code="IE").exists()


@pytest.mark.django_db
def test_import_cells_accept_any_name():
    field = OutboundDelegation._meta.get_field("destinations")
    countries = parse_cell(field, "Úc; Mỹ; Anh; Nga; Singapore; Italia; Hàn Quốc", {})
    assert [c.code for c in countries] == ["AU", "US", "GB", "RU", "SG", "IT", "KR"]


@pytest.mark.django_db
def test_list_filter_and_search_accept_aliases(client_as):
    trip = OutboundFactory(destinations=["AU"])
    OutboundFactory(destinations=["AT"])
    client = client_as(SPECIALIST)
    for value in ("AU", "Úc", "Australia", "o-xtray-li-a"):
        page = client.get("/delegations/outbound/", {"country": value})
        assert list(page.context["table"].data) == [trip], value
    hits = global_search(client.user, "Úc")
    assert any(h.type == "core.country" and h.title == "Ô-xtrây-li-a" for h in hits)


@pytest.mark.django_db
def test_reload_fixes_previous_wrong_names_but_keeps_user_edits():
    Country.objects.filter(code="IS").update(name_vi="Ai-len", aliases="", alias_keys="")
    Country.objects.filter(code="NE").update(name_vi="Nigeria", aliases="")
    Country.objects.filter(code="FR").update(name_vi="Cộng hòa Pháp")
    call_command("load_reference", verbosity=0)
    assert Country.objects.get(code="IS").name_vi == "Ai-xơ-len"
    assert Country.objects.get(code="NE").name_vi == "Ni-giê"
    assert Country.objects.get(code="FR").name_vi == "Cộng hòa Pháp"
    assert Country.objects.by_alias("Iceland").get().code == "IS"


def test_vietnamese_sort_key():
    names = ["Bùi Xuân Phong", "Bùi Đức Dũng", "Ấn Độ", "Anh", "Ăng-gô-la", "Đức", "Dim-ba-bu-ê"]
    assert sorted(names, key=sort_key) == [
        "Anh",
        "Ăng-gô-la",
        "Ấn Độ",
        "Bùi Đức Dũng",
        "Bùi Xuân Phong",
        "Dim-ba-bu-ê",
        "Đức",
    ]
    assert sorted(["bạ", "bá", "ba", "bà", "Ba"], key=sort_key) == ["ba", "Ba", "bà", "bá", "bạ"]


VIETNAMESE_NAMES = [
    "Bùi Xuân Phong",
    "Bùi Đức Dũng",
    "Đặng Văn An",
    "Dương Thị Hà",
    "Ấn Thị Lan",
    "Anh Văn Minh",
    "Ăn Văn Ba",
    "Ông Ích Khiêm",
    "Ơn Văn Tư",
    "Ưng Văn Út",
    "Uông Thị Hoa",
    "Nguyễn Văn Ánh",
    "Nguyễn Văn Anh",
    "Nguyễn Văn Ảnh",
    "Lê Văn (Hai)",
    "Lê-Văn Ba",
    "Lê, Văn Bốn",
    "Lê.Văn Năm",
    "Lê Văn 2",
    "Lê Văn 10",
]


@pytest.mark.django_db
def test_database_order_is_vietnamese_on_either_backend():
    for name in VIETNAMESE_NAMES:
        Person.objects.create(full_name=name)
    expected = sorted(VIETNAMESE_NAMES, key=sort_key)
    assert list(Person.objects.values_list("full_name", flat=True)) == expected
    ordered = Person.objects.order_by(vi_collate("full_name").desc())
    assert list(ordered.values_list("full_name", flat=True)) == expected[::-1]
    countries = list(Country.objects.values_list("name_vi", flat=True))
    assert countries == sorted(countries, key=sort_key)
    assert countries.index("Ấn Độ") > countries.index("Ăng-gô-la")


@pytest.mark.django_db
def test_sorted_list_page_and_export_use_vietnamese_order(client_as):
    for name in VIETNAMESE_NAMES:
        Person.objects.create(full_name=name)
    client = client_as(SPECIALIST)
    expected = sorted(VIETNAMESE_NAMES, key=sort_key)
    page = client.get("/core/persons/", {"sort": "full_name"})
    rows = [row.record.full_name for row in page.context["table"].page.object_list]
    assert rows == expected
    page = client.get("/core/persons/", {"sort": "-full_name"})
    rows = [row.record.full_name for row in page.context["table"].page.object_list]
    assert rows == expected[::-1]
    export = client.get("/core/persons/export/", {"format": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    exported = [name for line in text.splitlines() for name in VIETNAMESE_NAMES if name in line]
    assert exported == expected


def test_the_kept_character_weights_give_the_full_key():
    """``sort_key`` reads each composed character's weights once: the key is the one the
    character-by-character decomposition gives, for any text (stray combining marks, a mark
    that composes with nothing, letters of other scripts); none of them breaks it."""
    import random

    from doingoai.core.collation import _slow_sort_key

    rng = random.Random(17)
    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệóòỏõọớờởỡợúùủũụứừửữự"
        " 0123456789-,.()'/QWZfjz\u0301\u0300\u0323\u0306\u0302\u031bÅßñçøÆ中İ"
    )
    texts = ["", "Anh", "e\u0301", "\u0301abc", "A\u0323\u0302", "q\u031b", "İstanbul"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for text in texts:
        sort_key.cache_clear()
        assert sort_key(text) == _slow_sort_key(text), ascii(text)
    assert sorted(["q\u031bua", "qua", "pa"], key=sort_key)[0] == "pa"


def test_the_key_orders_as_its_weights_and_is_small():
    """Each level of the key is a text of one character per weight: texts sort exactly as
    the tuples of the weights (the letter, tone and case of every unit) would, and a worker's
    kept keys stay small (tuples of ints weighed ~1.3 KB for a title of 50 letters: 65,536
    kept keys held ~85 MB)."""
    import random
    import sys

    from doingoai.core.collation import _unit_key, _units

    def as_weights(text: str) -> tuple:
        keys = [_unit_key(char, tone) for char, tone in _units(text)]
        return tuple(tuple(k[level] for k in keys) for level in range(3)) + (text,)

    rng = random.Random(29)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÔƠƯáàảãạấầẫậéèếềọớờụứừ 0123456789-,.()中한Å"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(4000)]
    assert sorted(texts, key=sort_key) == sorted(texts, key=as_weights)
    title = "Bản ghi nhớ hợp tác giữa Sở Ngoại vụ và tỉnh Gifu"
    key = sort_key(title)
    assert sum(sys.getsizeof(level) for level in key) + sys.getsizeof(key) < 600
