"""Template helpers: Vietnamese display of values, record URLs, query-string edits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from doingoai.core.registry import registry
from doingoai.core.text import format_number

register = template.Library()


@register.filter
def show(value: Any) -> str:
    """A value as a civil servant reads it: dd/mm/yyyy, 1.234.567, Có/Không, links."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value, 2 if isinstance(value, Decimal) and value % 1 else 0)
    if isinstance(value, models.Model):
        if registry.is_registered(type(value)):
            return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
        return str(value)
    if isinstance(value, (list, tuple)):
        return format_html_join(", ", "{}", ((show(v),) for v in value))
    return str(value)


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    """1234567 → 1.234.567; a decimal string ("3270000.50") as a number too; a value that is
    not a number (a text figure of a section) is shown as it is."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(value)
    try:
        return format_number(value, decimals)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


@register.simple_tag
def record_url(rt, view: str, *args: Any) -> str:  # noqa: ANN001
    return rt.url(view, *args)


@register.simple_tag(takes_context=True)
def query_with(context, **changes: Any) -> str:  # noqa: ANN001
    """The current query string with some parameters replaced (for export links, paging)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def plan_count(plan, action: str) -> int:  # noqa: ANN001
    return plan.count(action)
