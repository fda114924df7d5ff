"""The workflow helper: states, allowed transitions per role, one audit row per move.

A record type declares a ``Workflow``; moves go through ``services.workflow_apply``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.functional import Promise

Check = Callable[[Any], list[str]]


@dataclass(frozen=True)
class State:
    """A state a record can be in."""

    value: str
    label: str | Promise
    terminal: bool = False
    tone: str = "secondary"


@dataclass(frozen=True)
class Transition:
    """A move from any of ``sources`` to ``target`` that users of ``roles`` may make.

    ``checks`` return the reasons the move is refused, for the user (empty: allowed).
    """

    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    comment_required: bool = False
    style: str = "primary"
    checks: tuple[Check, ...] = ()
    agency_own_only: bool = True
    #: ``effect(obj, user, comment)`` run after the state is set, before the save (same
    #: transaction): stamp a date, copy the comment into a field ...
    effects: tuple[Callable[[Any, Any, str], None], ...] = ()
    #: Model fields the move itself may set (a decision, the actual dates): the API's
    #: ``values`` and the services' ``values=`` accept only these.
    fields: tuple[str, ...] = ()
    #: False when the module's own panel makes the move (recording a decision with its
    #: number, date and signer): the generic panel shows no bare button for it.
    button: bool = True


@dataclass
class Workflow:
    """The workflow of a record type, stored in the model field ``field``."""

    states: list[State]
    transitions: list[Transition]
    field: str = "status"
    initial: str = ""
    _by_value: dict[str, State] = dataclass_field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_value = {s.value: s for s in self.states}
        if not self.initial:
            self.initial = self.states[0].value
        for t in self.transitions:
            unknown = {*t.sources, t.target} - self._by_value.keys()
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {unknown}")

    @classmethod
    def from_choices(
        cls,
        choices: Any,
        *,
        transitions: list[Transition],
        tones: dict[str, str] | None = None,
        terminal: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> Workflow:
        """A workflow whose states are the members of the model's ``TextChoices`` (the one
        declaration of the states, their order and labels), with each state's tone and the
        terminal ones added here: the states cannot disagree with the field's choices."""
        tones = tones or {}
        states = [
            State(
                member.value,
                member.label,
                member.value in terminal,
                tones.get(member.value, "secondary"),
            )
            for member in choices
        ]
        unknown = ({*tones} | {*terminal}) - {s.value for s in states}
        if unknown:
            raise ValueError(f"tones or terminal name unknown states {unknown}")
        return cls(states=states, transitions=transitions, **kwargs)

    @property
    def choices(self) -> list[tuple[str, Any]]:
        return [(s.value, s.label) for s in self.states]

    def state(self, value: str) -> State:
        return self._by_value[value]

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def available(self, obj: Any, roles: set[str]) -> list[Transition]:
        """The moves from ``obj``'s state that a user with ``roles`` may make."""
        current = getattr(obj, self.field)
        return [t for t in self.transitions if current in t.sources and roles & set(t.roles)]
