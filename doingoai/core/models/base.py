"""The base every record type inherits: audit columns, optimistic-lock version, folded search
text and full history (django-simple-history, with deletions kept for restore)."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doingoai.core.text import fold, search_tokens


@functools.lru_cache(maxsize=1024)
def _choice_labels(field: models.Field, language: str) -> dict[Any, Any]:
    """A field's choices as {value: label}, for one language (callable choices, such as the
    currencies, name them in the request's language)."""
    return dict(field.flatchoices)


#: The order of a ranked search (``RecordQuerySet.ranked``).
RANKED_ORDER = ("_rank", "-pk")


class RecordQuerySet(models.QuerySet):
    """Queryset with the diacritics-insensitive search every list and the API share."""

    def _fetch_all(self) -> None:
        """Rows as Django fetches them; a list's links to a small table are then put on them
        (``core.tables.listed_links``, whichever way the page was read)."""
        fetched = self._result_cache is None
        super()._fetch_all()
        links = getattr(self.query, "kept_links", None)
        rows = self._result_cache
        if fetched and links and rows and isinstance(rows[0], models.Model):
            links(rows)  # core.tables.KeptLinks

    def search(self, query: str) -> RecordQuerySet:
        """Keep records whose folded search text contains every token of ``query``, a token
        shorter than three letters at the start of a word (``fulltext.word_start``); narrowed
        first by the full-text index where the database has one (``core.fulltext``)."""
        from doingoai.core.fulltext import SHORT, narrow, word_start

        tokens = search_tokens(query)
        qs, matched = narrow(self, tokens)
        qs.query.searched = True  # a Query's attributes follow its clones (paging reads it)
        for token in tokens:
            if token in matched:  # the index matched it exactly already
                continue
            if len(token) < SHORT:
                qs = qs.filter(word_start(token))
            else:
                qs = qs.filter(search_text__contains=token)
        return qs

    def ranked(self, query: str) -> RecordQuerySet:
        """Best matches first: the title (first search field) starts with the query, then
        contains it, then the rest; newest first within each. The order of a search box's
        results (lists, API, global search): a top-N over the matches that neither database
        has to sort in Vietnamese collation (the collated sort of 400,000 matches of a
        common name took 3.8 s on PostgreSQL at a million persons). A query of short tokens
        only (no index finds them) is listed newest first: a walk of the key's index that
        stops after a page, where ranking read every match (``?q=a``: every delegation, a
        second on SQLite); ``_rank`` is still given."""
        from django.db.models import Case, IntegerField, Value, When

        from doingoai.core.fulltext import SHORT

        phrase = fold(query)
        ranked = self.annotate(
            _rank=Case(
                When(search_text__startswith=phrase, then=Value(0)),
                When(search_text__contains=phrase, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        if not any(len(token) >= SHORT for token in search_tokens(query)):
            return ranked.order_by("-pk")
        ranked = ranked.order_by(*RANKED_ORDER)
        ranked.query.ranked_phrase = phrase  # its first tier may serve a page (core.paging)
        return ranked


def _resolve(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    if callable(obj) and not isinstance(obj, models.Manager):
        obj = obj()
    return obj


class HistoryRelations(models.Model):
    """Added to every historical row: what a row alone cannot hold. Write services fill it
    (``core.snapshots``): the many-to-many links at that version and, on a deletion row, the
    child rows deleted with the record, so that a restore brings everything back."""

    history_relations = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class RecordModel(models.Model):
    """Abstract base of every record type (see docs/dev/adding-a-record-type.md).

    ``search_fields`` lists the attributes (``__`` for related ones) folded into
    ``search_text``; the first is the record's title for ranking.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    search_text = models.TextField(default="", editable=False, db_index=False)

    history = HistoricalRecords(
        inherit=True, excluded_fields=["search_text"], bases=[HistoryRelations]
    )
    objects = RecordQuerySet.as_manager()

    search_fields: ClassVar[tuple[str, ...]] = ()

    def _get_FIELD_display(self, field: models.Field) -> Any:  # noqa: N802 - Django's name
        """``get_<field>_display()``: Django rebuilds a dict of the field's choices on every
        call (a table of 25 rows with three currency columns built 150-entry dicts 75 times);
        the labels are kept per field and language."""
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field, get_language() or "").get(value, value)
        except TypeError:  # a value that cannot be a dict key (Django makes it hashable)
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)

    class Meta:
        abstract = True

    def build_search_text(self) -> str:
        """The folded text the search box matches, title first."""
        parts = [_resolve(self, path) for path in self.search_fields]
        return fold(" ".join(str(part) for part in parts if part not in (None, "")))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The record's page; the URL name is the one the registry gives every registered
        type (``rec:<app_label>.<model_name>-detail``), so models need not import it."""
        model = self._meta.concrete_model
        rt = model.__dict__.get("_record_type")  # set by the registry
        if rt is not None:  # from a pattern reversed once (``RecordType.url``)
            return rt.url("detail", self.pk)
        opts = model._meta
        return reverse(f"rec:{opts.app_label}.{opts.model_name}-detail", args=[self.pk])
