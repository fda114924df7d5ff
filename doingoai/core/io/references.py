"""Naming a record of another type in a cell: by its ID, its name (the type's lookup fields),
or its text as the app prints it, alone or with another field in brackets ("Nguyễn Đức Trung
(Chủ tịch UBND tỉnh)"). An ambiguous name is refused with the candidates listed. Resolved
references are kept in a cache shared by the rows of one file, and ``prime_references`` fills
it for a whole chunk of rows in one query per column."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from doingoai.core.registry import registry
from doingoai.core.text import fold

if TYPE_CHECKING:
    from doingoai.core.registry import RecordType


class CellError(Exception):
    """A cell's value cannot be read; the message says why, in Vietnamese."""


def _cell_text(value: Any) -> str:
    return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()


def _limited(f: models.Field) -> models.QuerySet:
    qs = f.related_model._default_manager.all()
    limit = f.get_limit_choices_to() if hasattr(f, "get_limit_choices_to") else None
    if limit:
        qs = qs.filter(**limit) if isinstance(limit, dict) else qs.filter(limit)
    return qs


def prime_references(f: models.Field, values: Iterable[Any], cache: dict) -> None:
    """Resolve at once the cells of a chunk of rows that name records by their ID or by the
    exact value of the first lookup field (the common case: one query for the column instead
    of one per row); what stays unresolved is resolved cell by cell, with its messages."""
    target = registry.for_model(f.related_model)
    texts = set()
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        parts = str(value).split(";") if f.many_to_many else [value]
        texts.update(_cell_text(p) for p in parts if str(p).strip())
    texts = {t for t in texts if (target.key, fold(t)) not in cache}
    if not texts:
        return
    qs = _limited(f)
    pk_field = f.related_model._meta.pk
    if isinstance(pk_field, (models.AutoField, models.IntegerField)):
        ids = {int(t) for t in texts if t.isdigit()}
        for obj in qs.filter(pk__in=ids) if ids else ():
            cache[(target.key, fold(str(obj.pk)))] = obj
    lookups = [name for name in target.get_lookup_fields() if "__" not in name]
    if lookups:
        lookup = lookups[0]
        pending = [t for t in texts if (target.key, fold(t)) not in cache]
        found: dict[str, list] = {}
        for obj in qs.filter(**{f"{lookup}__in": pending}) if pending else ():
            found.setdefault(fold(str(getattr(obj, lookup))), []).append(obj)
        for text in pending:
            matches = found.get(fold(text), [])
            if len(matches) == 1 and str(getattr(matches[0], lookup)) == text:
                cache[(target.key, fold(text))] = matches[0]


def _labels(target: RecordType, obj: models.Model) -> list[str]:
    """The texts that name ``obj`` in a cell: how the app prints it, and that text with each
    of its other search fields in brackets ("Nguyễn Đức Trung (Chủ tịch UBND tỉnh)")."""
    from doingoai.core.models.base import _resolve

    shown = str(obj)
    labels = [shown]
    for path in obj.search_fields if hasattr(obj, "search_fields") else ():
        extra = _resolve(obj, path)
        if extra not in (None, "") and str(extra) != shown:
            labels.append(f"{shown} ({extra})")
    return labels


def _distinguishing_label(target: RecordType, obj: models.Model, others: list) -> str:
    """The first label of ``obj`` that none of ``others`` shares."""
    taken = {fold(label) for o in others if o.pk != obj.pk for label in _labels(target, o)}
    for label in _labels(target, obj):
        if fold(label) not in taken:
            return label
    return str(obj)


def resolve_reference(f: models.Field, value: Any, cache: dict) -> Any:
    """A reference cell: the record's ID, its name (lookup fields), or its text as the app
    prints it (``str``, alone or with another field in brackets)."""
    target = registry.for_model(f.related_model)
    text = _cell_text(value)
    key = (target.key, fold(text))
    if key in cache:
        return cache[key]
    model = f.related_model
    qs = _limited(f)
    matches: list[Any] = []
    pk_field = model._meta.pk
    if isinstance(pk_field, models.CharField):
        matches = list(qs.filter(pk__iexact=text)[:2])
    elif text.isdigit() and isinstance(pk_field, (models.AutoField, models.IntegerField)):
        matches = list(qs.filter(pk=int(text))[:1])
    if not matches:
        for lookup in target.get_lookup_fields():
            matches = list(qs.filter(**{lookup: text})[:20])
            if matches:
                break
    if not matches and hasattr(qs, "by_alias"):  # any name in use (a country's "Úc", "Mỹ")
        matches = list(qs.by_alias(text)[:2])
    if len(matches) != 1:
        folded = fold(text)
        heads = {text, text.split(" (")[0].strip(), re.split(r"\s+ngày\s+", text)[0].strip()}
        candidates = {o.pk: o for o in matches}
        for head in heads - {""}:
            for lookup in target.get_lookup_fields():
                for o in qs.filter(**{lookup: head})[:20]:
                    candidates.setdefault(o.pk, o)
            found = qs.search(head)[:50] if hasattr(qs, "search") else []
            for o in found:
                if any(fold(getattr(o, lk, "")) == fold(head) for lk in target.get_lookup_fields()):
                    candidates.setdefault(o.pk, o)
        labelled = [
            o
            for o in candidates.values()
            if folded in {fold(label) for label in _labels(target, o)}
        ]
        if len(labelled) == 1:
            matches = labelled
        elif not matches:
            matches = labelled or [
                o
                for o in candidates.values()
                if any(fold(getattr(o, lk, "")) == folded for lk in target.get_lookup_fields())
            ]
    if not matches:
        raise CellError(f"không tìm thấy {model._meta.verbose_name} “{text}” trong hệ thống.")
    if len(matches) > 1:
        listed = "; ".join(
            f"mã {o.pk}: “{_distinguishing_label(target, o, matches)}”" for o in matches[:5]
        )
        raise CellError(
            f"có {len(matches)} {model._meta.verbose_name} cùng là “{text}” ({listed}). "
            "Hãy ghi mã bản ghi (ID) hoặc ghi đầy đủ như trong ngoặc kép ở trên."
        )
    cache[key] = matches[0]
    return matches[0]


def sample_resolves(f: models.Field, value: Any) -> bool:
    parts = str(value).split(";") if f.many_to_many else [value]
    try:
        for part in parts:
            resolve_reference(f, part, {})
    except CellError:
        return False
    return True


def sample_reference(f: models.Field) -> str | None:
    """An existing record named as a cell names it (its display, else its ID)."""
    obj = f.related_model._default_manager.first()
    if obj is None:
        return None
    return str(obj) if sample_resolves(f, str(obj)) else str(obj.pk)


def reference_help(f: models.Field) -> str:
    """How to name a record of another type in a cell: its ID, its name (or number) or its
    text as the app prints it, e.g. a document by "150/QĐ-UBND ngày 29/12/2019"."""
    target = registry.for_model(f.related_model)
    model = f.related_model
    lookups = ", ".join(
        str(model._meta.get_field(name).verbose_name)
        for name in target.get_lookup_fields()
        if "__" not in name
    )
    example = model._default_manager.first()
    text = (
        f"{model._meta.verbose_name} đã có trong hệ thống: mã bản ghi (ID), {lookups} hoặc "
        "nội dung như hệ thống hiển thị"
    )
    if example is not None:
        text += f", ví dụ “{example}”"
    return text + ". Khi có nhiều bản ghi trùng tên, ghi mã ID hoặc thêm phần trong ngoặc."
