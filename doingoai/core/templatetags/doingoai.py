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


_menu_pieces: dict[int, tuple[list, list]] = {}


def _menu_html(menu: list[dict[str, Any]]) -> list:
    """The sidebar's HTML of one menu (the registry keeps one per set of permissions and
    language), split around each entry's "active" mark: built once, then joined per page."""
    kept = _menu_pieces.get(id(menu))
    if kept is not None and kept[0] is menu:
        return kept[1]
    pieces: list = []
    for section in menu:
        pieces.append(
            format_html(
                '<div class="menu-section">{}</div>\n<ul class="nav flex-column">',
                section["area"].label,
            )
        )
        for item in section["items"]:
            pieces.append(
                (
                    item["url"][:40] if item["url"] != "/" else None,
                    '<li class="nav-item"><a class="nav-link ',
                    format_html(
                        '" href="{}"><i class="bi {}"></i> {}</a></li>',
                        item["url"],
                        item["icon"],
                        item["label"],
                    ),
                )
            )
        pieces.append("</ul>")
    if len(_menu_pieces) > 256:
        _menu_pieces.clear()
    _menu_pieces[id(menu)] = (menu, pieces)
    return pieces


@register.simple_tag(takes_context=True)
def sidebar_menu(context) -> str:  # noqa: ANN001
    """The menu's areas and entries, the current page's entry marked active: written in
    Python from a kept copy (as a template loop it was a third of a small list page)."""
    from django.utils.safestring import mark_safe

    menu = context.get("menu") or []
    request = context.get("request")
    path = request.path[:40] if request is not None else None
    out = []
    for piece in _menu_html(menu):
        if isinstance(piece, tuple):
            url, before, after = piece
            out.append(before + ("active" if url is not None and url == path else "") + after)
        else:
            out.append(piece)
    return mark_safe("\n".join(out))  # noqa: S308 - every piece escaped by format_html


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


def _fixed_td_attrs(table, column) -> str | None:  # noqa: ANN001
    """A column's ``<td>`` attributes when no record changes them (no callable among the
    table's or the column's ``td``/``cell`` attributes), else None (computed per cell)."""
    raw = {**dict(table.attrs), **dict(column.column.attrs)}
    cell = raw.get("td", raw.get("cell", {}))
    if any(callable(value) for value in cell.values()):
        return None
    return column.attrs["td"].as_html()


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:  # noqa: ANN001
    """The rows of a django-tables2 table, written in Python: the same cells, attributes and
    localisation as django-tables2's ``bootstrap5.html`` row block, without a template node per
    cell (a page of 25 rows spent a third of its time in that loop)."""
    from django.template.base import render_value_in_context
    from django.utils.formats import localize
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    # a cell's attributes are the column's unless a callable computes them per record
    fixed = {column.name: _fixed_td_attrs(table, column) for column in table.columns}
    out: list[str] = []
    for row in table.paginated_rows:
        out.append(f"<tr {row.attrs.as_html()}>")
        for column, cell in row.items():
            if column.localize is None:
                text = render_value_in_context(cell, context)
            elif column.localize:
                text = conditional_escape(localize(cell, use_l10n=True))
            else:
                text = conditional_escape(localize(cell, use_l10n=False))
            attrs = fixed[column.name]
            if attrs is None:
                attrs = column.attrs["td"].as_html()
            out.append(f"<td {attrs}>{text}</td>")
        out.append("</tr>")
    if not out and table.empty_text:
        out.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
