"""Template helpers: Vietnamese display of values, record URLs, query-string edits."""

from __future__ import annotations

import html
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeData, mark_safe

from doingoai.core import page_cache
from doingoai.core.registry import Menu, registry
from doingoai.core.text import format_decimal, format_number

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
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
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


def _menu_html(menu: list[dict[str, Any]]) -> list:
    """The sidebar's HTML of one menu, split around each entry's "active" mark: built once
    and kept on the registry's menu (one per set of permissions and language), then joined
    per page."""
    kept = getattr(menu, "html", None)
    if kept is not None:
        return kept
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
    if isinstance(menu, Menu):
        menu.html = pieces
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


@register.simple_tag(takes_context=True)
def user_name(context) -> str:  # noqa: ANN001
    """The signed-in user's name in the page shell (a placeholder in a page kept for every
    user of the same rights: ``core.page_cache``)."""
    mark = page_cache.placeholder(context.get("request"), "user")
    return mark_safe(mark) if mark is not None else str(context.get("user", ""))  # noqa: S308


@register.simple_tag(takes_context=True)
def unread_badge(context) -> str:  # noqa: ANN001
    """The count on the notifications button (see :func:`user_name`)."""
    request = context.get("request")
    mark = page_cache.placeholder(request, "unread")
    if mark is not None:
        return mark_safe(mark)  # noqa: S308 - put in place by the page cache
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return page_cache.unread_badge(user)


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


def _escaped(value: Any) -> str:
    """``conditional_escape`` of a string or safe value, without its lazy-argument wrapper
    (written for every cell: a tenth of a list page's rows)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _fixed_td_attrs(table, column) -> str | None:  # noqa: ANN001
    """A column's ``<td>`` attributes when no record changes them (no callable among the
    table's or the column's ``td``/``cell`` attributes), else None (computed per cell)."""
    raw = {**dict(table.attrs), **dict(column.column.attrs)}
    cell = raw.get("td", raw.get("cell", {}))
    if any(callable(value) for value in cell.values()):
        return None
    return column.attrs["td"].as_html()


class _Cell:
    """How one column's cells are computed, worked out once per page: django-tables2 asks
    again for every cell which field the accessor names, whether it has choices, and which
    arguments the column's ``render`` takes (half of a page's cell time). Only a column whose
    accessor is one attribute of the row's model takes this path; any other cell, and any cell
    whose attribute cannot be read, goes through django-tables2's own ``get_cell``."""

    __slots__ = (
        *("args", "bound", "display", "everything", "listed", "listed_as", "m2m", "name"),
        "render",
    )

    def __init__(self, table, bound) -> None:  # noqa: ANN001
        from django.core.exceptions import FieldDoesNotExist
        from django_tables2.columns import ManyToManyColumn

        from doingoai.core.tables import LISTED, _kept_signature, lists_links_as_they_are

        self.bound = bound
        self.name = str(bound.accessor)
        model = getattr(getattr(table.data, "model", None), "_meta", None)
        self.display = None
        if model is not None:
            try:
                field = model.get_field(self.name)
            except FieldDoesNotExist:
                field = None
            if getattr(field, "choices", None):
                self.display = f"get_{self.name}_display"
        self.m2m = isinstance(bound.column, ManyToManyColumn)
        # a plain list of linked records (no filter, text or link of its own per item): read
        # from what the list fetched beforehand, without a related manager per row (three
        # per cell, a fifth of a delegations page)
        # (and still its own render: the field policy replaces a masked column's)
        column = bound.column
        self.render = bound.render
        self.listed = self.m2m and lists_links_as_they_are(column) and self.render == column.render
        self.listed_as = LISTED + self.name
        self.args, self.everything = _kept_signature(self.render)

    def _prefetched(self, record) -> list | None:  # noqa: ANN001
        listed = getattr(record, self.listed_as, None)  # core.tables.listed_links
        if listed is not None:
            return listed
        cache = getattr(record, "_prefetched_objects_cache", None)
        found = cache.get(self.name) if cache else None
        return None if found is None else list(found)

    @staticmethod
    def fast(table, bound) -> bool:  # noqa: ANN001
        name = str(bound.accessor)
        return bool(name) and "__" not in name and "." not in name and hasattr(table.data, "model")

    def __call__(self, row) -> Any:  # noqa: ANN001
        record = row.record
        if not isinstance(record, models.Model):
            return row.get_cell(self.bound.name)
        value = None
        display = getattr(record, self.display, None) if self.display else None
        items = self._prefetched(record) if self.listed else None
        if items is not None:
            if not items:
                return self.bound.default
            content = mark_safe(  # noqa: S308 - each item escaped
                _escaped(self.bound.column.separator).join(
                    _escaped(force_str(item)) for item in items
                )
            )
            if not self.bound.link:
                return content
            return self.bound.link(
                content,
                value=items,
                record=record,
                column=self.bound.column,
                bound_column=self.bound,
                bound_row=row,
                table=row.table,
            )
        if display is not None:
            value = display()
        else:
            try:
                value = getattr(record, self.name)
            except (TypeError, AttributeError):
                return row.get_cell(self.bound.name)
            if callable(value):  # a method or a manager: django-tables2's own rules
                return row.get_cell(self.bound.name)
        column = self.bound.column
        if value in column.empty_values or (self.m2m and not value.exists()):
            return self.bound.default
        given = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": row.table,
        }
        if self.everything:
            content = self.render(**given)
        elif all(arg in given for arg in self.args):
            content = self.render(**{arg: given[arg] for arg in self.args})
        else:
            content = None
        return self.bound.link(content, **given) if self.bound.link else content


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:  # noqa: ANN001
    """The rows of a django-tables2 table, written in Python: the same cells, attributes and
    localisation as django-tables2's ``bootstrap5.html`` row block, without a template node per
    cell (a page of 25 rows spent a third of its time in that loop), and each column's way to
    its cells worked out once (``_Cell``)."""
    from django.template.base import render_value_in_context
    from django.utils.formats import localize

    columns = list(table.columns)
    # a cell's attributes are the column's unless a callable computes them per record
    fixed = {column.name: _fixed_td_attrs(table, column) for column in columns}
    cells = {
        column.name: _Cell(table, column) if _Cell.fast(table, column) else None
        for column in columns
    }
    out: list[str] = []
    for row in table.paginated_rows:
        out.append(f"<tr {row.attrs.as_html()}>")
        for column in columns:
            compute = cells[column.name]
            cell = compute(row) if compute is not None else row.get_cell(column.name)
            attrs = fixed[column.name]
            if attrs is None:  # computed per record: django-tables2 hands them these two
                column.current_value, column.current_record = cell, row.record
                attrs = column.attrs["td"].as_html()
            if column.localize is None:
                # a text is written as the template would (escaped, no localisation to do)
                kind = type(cell)
                if kind is str or (isinstance(cell, str) and isinstance(cell, SafeData)):
                    text = _escaped(cell)
                else:
                    text = render_value_in_context(cell, context)
            elif column.localize:
                text = conditional_escape(localize(cell, use_l10n=True))
            else:
                text = conditional_escape(localize(cell, use_l10n=False))
            out.append(f"<td {attrs}>{text}</td>")
        out.append("</tr>")
    if not out and table.empty_text:
        out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _query_replaced(request, key: str, value: Any) -> str:  # noqa: ANN001
    """The current query string with ``key`` set to ``value``, escaped for an attribute:
    django-tables2's ``querystring_replace`` (the same parameters in the same order)."""
    params = dict(request.GET)
    params[key] = value
    return html.escape("?" + urlencode(params, doseq=True))


@register.simple_tag(takes_context=True)
def table_head(context, table) -> str:  # noqa: ANN001
    """A table's ``<thead>``: django-tables2's ``bootstrap5.html`` header block (each sortable
    column a link to the list sorted by it) written in Python, as its rows are."""
    if not table.show_header:
        return ""
    request = context["request"]
    field = table.prefixed_order_by_field
    thead = table.attrs.get("thead")
    out = [f"<thead {thead.as_html() if hasattr(thead, 'as_html') else ''}><tr>"]
    for column in table.columns:
        header = _escaped(column.header)
        if column.orderable:
            link = _query_replaced(request, field, column.order_by_alias.next)
            header = f'<a href="{link}">{header}</a>'
        out.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
    out.append("</tr></thead>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


@register.simple_tag(takes_context=True)
def table_pages(context, table) -> str:  # noqa: ANN001
    """A table's page links: django-tables2's ``bootstrap5.html`` pagination block written in
    Python (the same links, range and words)."""
    from django.utils.formats import localize
    from django.utils.translation import gettext
    from django_tables2.templatetags.django_tables2 import table_page_range

    page = table.page
    if not page or table.paginator.num_pages <= 1:
        return ""
    request = context["request"]
    field = table.prefixed_page_field
    # django-tables2 leaves this label in English; core's catalogue translates it
    label = _escaped(gettext("Table navigation"))
    out = [f'<nav aria-label="{label}"><ul class="pagination justify-content-center">']
    if page.has_previous():
        link = _query_replaced(request, field, page.previous_page_number())
        out.append(
            f'<li class="previous page-item"><a href="{link}" class="page-link">'
            f'<span aria-hidden="true">&laquo;</span> {_escaped(gettext("previous"))}</a></li>'
        )
    if page.has_previous() or page.has_next():
        for number in table_page_range(page, table.paginator):
            active = " active" if page.number == number else ""
            href = "" if number == "..." else f' href="{_query_replaced(request, field, number)}"'
            out.append(
                f'<li class="page-item{active}"><a class="page-link"{href}>'
                f"{_escaped(localize(number))}</a></li>"
            )
    if page.has_next():
        link = _query_replaced(request, field, page.next_page_number())
        out.append(
            f'<li class="next page-item"><a href="{link}" class="page-link">'
            f'{_escaped(gettext("next"))} <span aria-hidden="true">&raquo;</span></a></li>'
        )
    out.append("</ul></nav>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
