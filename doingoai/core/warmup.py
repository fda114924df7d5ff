"""What a worker builds at its start rather than on its first page of each kind.

A worker built each record type's table, filter, form and serializer classes, compiled the
shared templates, loaded the translations and read the currencies' names from babel on the
first request that needed them: that request took 45–90 ms more than the next (the first
exchange-rates list 92 ms, the next 25; babel's names alone 130 ms; the provinces' names
216 ms), and with two workers each page's first two requests paid it. Called by
``doingoai/config/wsgi.py``; nothing here reads the database.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

#: The templates every list, record and search page renders.
TEMPLATES = (
    "base.html",
    "core/record_list.html",
    "core/record_detail.html",
    "core/record_form.html",
    "core/search.html",
    "core/tables/table.html",
    "django_tables2/bootstrap5.html",
)


def warm_up() -> None:
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    from doingoai.core.api import serializer_for
    from doingoai.core.filters import filterset_for
    from doingoai.core.forms import form_for
    from doingoai.core.numbers import currency_choices
    from doingoai.core.registry import registry
    from doingoai.core.site_defaults import every_default
    from doingoai.core.tables import table_for

    get_resolver().reverse_dict  # noqa: B018 - imports every view and builds the URL tables
    for rt in registry.all():
        try:
            table_for(rt), filterset_for(rt), form_for(rt), serializer_for(rt)
        except Exception:  # a type that cannot build them fails on its own pages, not here
            logger.exception("warm-up of %s", rt.key)
    for name in TEMPLATES:
        get_template(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            currency_choices()
    # the settings record's defaults of every province (each page's header reads them): the
    # provinces package was imported by a worker's first page (216 ms without its bytecode)
    every_default()
