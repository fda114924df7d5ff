"""Vietnamese collation, one helper for the database and for Python.

Vietnamese orders its letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y and
compares tone marks only when the letters are equal (ngang, huyền, hỏi, ngã, sắc, nặng): "Anh"
before "Ấn Độ", "Bùi Đức Dũng" before "Bùi Xuân Phong". Code points and ``fold()`` both get
this wrong.

- PostgreSQL: an ICU collation named ``vi`` (created by core's migration 0003);
- SQLite: a collation function of the same name registered on every connection
  (:func:`register_sqlite_collation`), whose order is :func:`sort_key`'s;
- Python (rows of a report, a list built in memory): ``sorted(rows, key=sort_key)``.

``vi_collate("name")`` is the expression to order by on either database; an index on it
(``models.Index(vi_collate("name"), name=...)``) serves that order.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

COLLATION = "vi"

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
#: Combining marks that make a letter of its own (ă â đ ê ô ơ ư) once composed.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
#: Tone marks in the traditional order (ngang first, then huyền, hỏi, ngã, sắc, nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_BASE = 1000
_DIGIT_BASE = 500
#: Punctuation in the order of the Unicode Collation Algorithm's default table (ICU's root),
#: so that names with hyphens, commas or brackets sort as PostgreSQL sorts them.
_PUNCTUATION = {
    char: 10 + index for index, char in enumerate("_-‐–—,;:!?.…'‘’\"“”()[]{}@*/\\&#%`^+<=>|~$")
}


def _units(text: str) -> list[tuple[str, int]]:
    """(Vietnamese letter or other character, tone) for every character of ``text``."""
    units: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not units:
                continue
            base, tone = units[-1]
            if char in _TONES:
                units[-1] = (base, _TONES[char])
            elif char in _LETTER_MARKS:
                units[-1] = (unicodedata.normalize("NFC", base + char), tone)
            continue
        units.append((char, 0))
    return units


def _unit_key(char: str, tone: int) -> tuple[int, int, int]:
    """(letter, tone, case) weights of one unit. A letter with a mark that does not compose
    with it (a horn on a q) weighs as its letter."""
    lower = char.lower()
    if len(lower) != 1:
        lower = lower[:1] or " "
    if lower in _RANK:
        primary = _LETTER_BASE + _RANK[lower]
    elif lower.isdigit():
        primary = _DIGIT_BASE + int(unicodedata.digit(lower, 0))
    elif lower.isspace():
        primary = 1
    elif lower.isalpha():
        primary = _LETTER_BASE + len(_ALPHABET) + ord(lower)
    else:
        primary = _PUNCTUATION.get(lower, 100 + min(ord(lower), 399))
    return primary, tone, 0 if char == char.lower() else 1


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[str, str, str] | None:
    """The weights of one composed character (a letter with its marks), each as one
    character (:func:`_weights`), or None when it is a combining mark left alone (then the
    whole text takes the slow path)."""
    if unicodedata.combining(char):
        return None
    units = _units(char)
    return _weights(_unit_key(*units[0])) if len(units) == 1 else None


def _weights(key: tuple[int, int, int]) -> tuple[str, str, str]:
    """Each weight as the character of that code point: a text of them compares as the
    tuple of the weights would (a shorter one first), and weighs a fifth of it in memory (a
    worker's 65,536 kept keys of report and anniversary titles held ~85 MB as tuples)."""
    return tuple(chr(min(weight, 0x10FFFF)) for weight in key)  # type: ignore[return-value]


def _slow_sort_key(value: str) -> tuple[str, str, str, str]:
    keys = [_weights(_unit_key(char, tone)) for char, tone in _units(value)]
    return (
        "".join(k[0] for k in keys),
        "".join(k[1] for k in keys),
        "".join(k[2] for k in keys),
        value,
    )


@lru_cache(maxsize=65536)
def sort_key(text: object) -> tuple[str, str, str, str]:
    """The Vietnamese sort key of ``text``: letters first, then tones, then case, then the
    text itself (so that different texts never compare equal); each level a text of one
    character per weight. Each composed character's weights are kept (SQLite calls the
    collation for every comparison of an index insert: two thirds of an import's
    writing)."""
    value = "" if text is None else str(text)
    keys = [_char_key(char) for char in unicodedata.normalize("NFC", value)]
    if None in keys:
        return _slow_sort_key(value)
    return (
        "".join(k[0] for k in keys),
        "".join(k[1] for k in keys),
        "".join(k[2] for k in keys),
        value,
    )


def compare(left: str, right: str) -> int:
    """-1, 0 or 1, as SQLite's collation callback wants."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender=None, connection=None, **kwargs) -> None:  # noqa: ANN001, ANN003
    """``connection_created`` receiver: teach every SQLite connection the ``vi`` collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def vi_collate(expression: str | Combinable) -> Collate:
    """``expression`` under Vietnamese collation, for ``order_by`` and indexes."""
    return Collate(F(expression) if isinstance(expression, str) else expression, COLLATION)


def vi_order(expression: str) -> object:
    """An ``order_by`` term from a field name with an optional leading "-"."""
    if expression.startswith("-"):
        return vi_collate(expression[1:]).desc()
    return vi_collate(expression).asc()
