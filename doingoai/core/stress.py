"""Stress data for the benchmark harness (``bench/``): each module registers a generator that
writes its records at the stress size by bulk inserts, the way it registers its demo seeder.

A generator is called with a seeded ``random.Random`` (deterministic output) and a ``factor``:
1.0 is the full stress size the module declares in its docstring (e.g. 1,000,000 overseas
Vietnamese persons), 0.01 a hundredth of it for a quick run. It must write with
``bulk_create`` in batches (no per-row query, no per-row history), fill every stored derived
column (folded search text, effective dates), reuse the reference rows that core's generator
made (countries, organisations, persons, units), and return the rows it wrote per table, e.g.
``{"aid.aiditem": 20000, "aid.disbursement": 60000}``. Never imported by a request path."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StressGenerator:
    """A module's stress-data writer: ``order`` puts it after what it refers to (core 0,
    delegations 20, partners 30, then the areas)."""

    name: str
    order: int
    run: Callable[[random.Random, float], dict[str, int]]


_GENERATORS: dict[str, StressGenerator] = {}


def register_stress(generator: StressGenerator) -> None:
    """Register (or replace, by name) a module's stress generator; call it from ``ready()``."""
    _GENERATORS[generator.name] = generator


def stress_generators() -> list[StressGenerator]:
    """Every registered generator, in the order they must run."""
    return sorted(_GENERATORS.values(), key=lambda g: (g.order, g.name))
