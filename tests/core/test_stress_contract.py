"""Every module's stress generator keeps the contract of ``core.stress``: the rows it writes
carry the folded search text their own save would give (a search at the stress scale meets
the text a user's record would have: a generator that left it empty made every search of
its type scan the table for nothing)."""

from __future__ import annotations

import random

import pytest

from doingoai.core.registry import registry
from doingoai.core.stress import stress_generators

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_rows_carry_the_search_text_their_save_would_give() -> None:
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)  # what the generators reuse, as the harness has
    for generator in stress_generators():
        generator.run(random.Random(7), 0.0005)
    wrong = {}
    for rt in registry.all():
        model = rt.model
        if not hasattr(model, "build_search_text"):
            continue
        rows = list(model._default_manager.order_by("-pk")[:40])
        bad = [r.pk for r in rows if r.search_text != r.build_search_text()]
        if bad:
            sample = model._default_manager.get(pk=bad[0])
            wrong[rt.key] = (len(bad), sample.search_text, sample.build_search_text())
    assert not wrong, wrong  # type: (rows wrong of the last 40, stored, as saved)
