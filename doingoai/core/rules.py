"""Rules of the field: numbers set by a legal text or the province's own regulation.

Each is declared once with its default and source; an administrator can change the value
(``Rule`` rows) without a release. Read them with ``rule_value(key)``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import OperationalError, ProgrammingError


@dataclass(frozen=True)
class RuleSpec:
    """The declaration of one rule."""

    key: str
    label: str
    default: int
    unit: str
    source: str


_SPECS: dict[str, RuleSpec] = {}


def define_rule(key: str, label: str, default: int, unit: str, source: str) -> RuleSpec:
    """Declare a rule (modules call this from their ``rules.py`` at import)."""
    spec = RuleSpec(key, label, default, unit, source)
    _SPECS[key] = spec
    return spec


def all_rules() -> list[RuleSpec]:
    return sorted(_SPECS.values(), key=lambda s: s.key)


def rule_value(key: str) -> int:
    """The rule's current value: the administrator's, else the declared default."""
    from doingoai.core.models import Rule

    spec = _SPECS[key]
    try:
        row = Rule.objects.filter(key=key).values_list("value", flat=True).first()
    except (OperationalError, ProgrammingError):
        row = None
    return spec.default if row is None else row


def sync_rules() -> None:
    """Create the ``Rule`` rows of declared rules that have none (values are never overwritten)."""
    from doingoai.core.models import Rule

    for spec in _SPECS.values():
        Rule.objects.get_or_create(
            key=spec.key,
            defaults={
                "label": spec.label,
                "value": spec.default,
                "unit": spec.unit,
                "source": spec.source,
            },
        )
