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


# --- checks and effects that several workflows share ----------------------------------------
Effect = Callable[[Any, Any, str], None]


def not_in_future(field: str, message: str | Promise) -> Check:
    """A check: the move waits until the date in ``field`` has come (an event held, a visit
    received). ``message`` (translated, with ``%(date)s``) says so with the date."""

    def check(obj: Any) -> list[str]:
        from django.utils import timezone

        from doingoai.core.text import format_date

        day = getattr(obj, field)
        if day and day > timezone.localdate():
            return [str(message) % {"date": format_date(day)}]
        return []

    check.__name__ = f"not_in_future_{field}"
    return check


def stamp_today(field: str, *, not_before: tuple[str, ...] = ()) -> Effect:
    """An effect: set ``field`` to today unless a date is recorded; with ``not_before``, to the
    first recorded date of those fields when it is later than today (a case closed on the
    day it was opened, even if that was entered ahead)."""

    def effect(obj: Any, user: Any, comment: str) -> None:
        from django.utils import timezone

        if getattr(obj, field) is not None:
            return
        today = timezone.localdate()
        floor = next((d for d in (getattr(obj, f) for f in not_before) if d is not None), None)
        setattr(obj, field, max(today, floor) if floor is not None else today)

    effect.__name__ = f"stamp_{field}"
    return effect


def keep_comment(field: str) -> Effect:
    """An effect: the move's comment becomes ``field`` (the department's opinion)."""

    def effect(obj: Any, user: Any, comment: str) -> None:
        setattr(obj, field, comment)

    effect.__name__ = f"keep_comment_{field}"
    return effect


def still_valid(obj: Any, user: Any, comment: str) -> None:
    """Last effect of a move: the record as moved passes the checks its form applies, so that
    no move leaves a record its form cannot save (each error named by its field's label)."""
    from django.core.exceptions import ValidationError
    from django.utils.text import capfirst

    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as exc:
        labels = {f.name: f.verbose_name for f in obj._meta.fields}
        raise ValidationError(
            [
                f"{capfirst(labels[name])}: {message}" if name in labels else message
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc
