"""ModelAdmins mirroring each list page: the same columns (less many-to-many ones, which the
admin cannot show), 25 rows a page, search over the same folded column, the same simple
filters."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist

#: The types measured against the admin.
TYPES = [
    "core.person",
    "core.organisation",
    "core.legaldocument",
    "delegations.outbounddelegation",
    "delegations.outboundmember",
    "delegations.inbounddelegation",
]


def _display(rt) -> list[str]:  # noqa: ANN001
    names = []
    for name in rt.get_list_columns():
        try:
            field = rt.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.many_to_many:
            names.append(name)
    return names


def register_all() -> None:
    from doingoai.core.registry import registry

    for key in TYPES:
        rt = registry.get(key)
        if admin.site.is_registered(rt.model):
            continue
        filters = [
            f.name
            for f in rt.model._meta.concrete_fields
            if f.choices or f.get_internal_type() == "BooleanField"
        ]
        attrs = {
            "list_display": _display(rt),
            "list_per_page": 25,
            "search_fields": ["search_text"],
            "list_filter": filters,
            "list_select_related": [
                n for n in _display(rt) if rt.model._meta.get_field(n).many_to_one
            ],
        }
        admin.site.register(
            rt.model, type(f"{rt.model.__name__}BenchAdmin", (admin.ModelAdmin,), attrs)
        )
