"""``core.kept.Kept``: a worker's values kept for a while, computed once per key, dropped when
their time is up, when there are too many, or (when asked) when their model is written."""

from __future__ import annotations

import pytest

from doingoai.core import kept as kept_module
from doingoai.core.kept import Kept
from doingoai.core.models import Country, Person


def test_a_value_is_computed_once_then_again_when_its_time_is_up(monkeypatch) -> None:  # noqa: ANN001
    now = [1000.0]
    monkeypatch.setattr(kept_module.time, "monotonic", lambda: now[0])
    calls = []
    keeper = Kept("test-time", 60)

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert keeper.get(("a",), compute) == 1
    now[0] += 59
    assert keeper.get(("a",), compute) == 1
    now[0] += 2
    assert keeper.get(("a",), compute) == 2


def test_past_most_keys_every_value_is_computed_again() -> None:
    keeper = Kept("test-most", 60, most=2)
    keeper.get(1, lambda: "one")
    keeper.get(2, lambda: "two")
    assert len(keeper) == 2
    keeper.get(3, lambda: "three")
    assert len(keeper) == 1 and keeper.get(1, lambda: "again") == "again"


@pytest.mark.django_db
def test_a_write_forgets_the_values_of_its_model_only() -> None:
    keeper = Kept("test-write", 60, forget_on_write=True)
    keeper.get(("core.person", "default"), lambda: 1)
    keeper.get(("core.country", "default"), lambda: 2)
    Person.objects.create(full_name="Nguyễn Văn Ghi")
    assert keeper.get(("core.person", "default"), lambda: 10) == 10
    assert keeper.get(("core.country", "default"), lambda: 20) == 2
    Country.objects.filter(code="VN").delete()  # a queryset's delete sends post_delete too
    Country.objects.create(code="ZZ", name_vi="Thử", name_en="Test")
    assert keeper.get(("core.country", "default"), lambda: 30) == 30


def test_peek_and_put_keep_a_value_without_computing_it() -> None:
    keeper = Kept("test-peek", 60, most=2)
    assert keeper.peek(("a",)) is None
    keeper.put(("a",), 5)
    assert keeper.peek(("a",)) == 5
    assert keeper.get(("a",), lambda: 6) == 5
    keeper.put(("b",), 1)
    keeper.put(("c",), 2)  # past ``most``: all dropped, then kept
    assert keeper.peek(("a",)) is None and keeper.peek(("c",)) == 2
