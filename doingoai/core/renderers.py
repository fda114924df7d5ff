"""The form renderer: Django's own, except that selects and inputs are written in Python.

Django renders a select by including one template per option, and one more per option for its
attributes: a list page's filter form (countries, organisations, statuses) spent a quarter of
the page's time there. An input is two templates (its type's, which includes ``input.html``,
which includes ``attrs.html``): the agreements' filter form has a dozen. The output is the same
markup the templates give.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
#: The widgets whose template is only ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        *("input", "checkbox", "color", "date", "datetime", "email", "file", "hidden"),
        *("number", "password", "search", "tel", "text", "time", "url"),
    )
)


def _text(value: Any) -> str:
    """The template filter ``stringformat:'s'`` (a plain string: escaped even if it was safe)."""
    return escape("%s" % (value,))  # noqa: UP031 - exactly what the filter does


def flat_attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: ` name="value"`, a bare name for True, nothing for False
    (``value|stringformat:'s'``: a safe string is escaped too)."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget: dict[str, Any]) -> str:
    """Django's ``input.html``: type, name, the value unless None, the attributes."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{flat_attrs(widget["attrs"])}>'
    )


def _option(value: Any, attrs: str, label: Any) -> str:
    return (
        f'\n  <option value="{conditional_escape(str(value))}"'
        f"{attrs}>{conditional_escape(localize(label))}</option>"
    )


def option_parts(choices: list[tuple[Any, Any]]) -> tuple[tuple[str, str, str], ...]:
    """Flat choices as (value, markup before ``selected``, markup after), to keep: a page then
    only writes which one is chosen (:class:`doingoai.core.filters.KeptSelect`)."""
    parts = []
    for value, label in choices:
        value = "" if value is None else value
        whole = _option(value, "\x00", label)
        head, tail = whole.split("\x00", 1)
        parts.append((str(value), head, tail))
    return tuple(parts)


def _render_kept(widget: dict[str, Any], parts: tuple[tuple[str, str, str], ...]) -> str:
    """Django's select markup from kept option parts: the first option whose value is among
    the widget's values is chosen (one, as Django's ``optgroups`` chooses for a select)."""
    chosen = set(widget["value"])
    out = [f'<select name="{conditional_escape(widget["name"])}"{flat_attrs(widget["attrs"])}>']
    found = False
    for value, head, tail in parts:
        if not found and value in chosen:
            found = True
            out.append(f"{head} selected{tail}")
        else:
            out.append(head + tail)
    out.append("\n</select>")
    return "".join(out)


def render_select(widget: dict[str, Any]) -> str | None:
    """A select's markup from its widget context, or None when an option has a template of
    its own (then the templates render it)."""
    if "kept_options" in widget:
        return _render_kept(widget, widget["kept_options"])
    out = [f'<select name="{conditional_escape(widget["name"])}"{flat_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name", OPTION) != OPTION:
                return None
            out.append(_option(option["value"], flat_attrs(option["attrs"]), option["label"]))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: selects and inputs in Python (:func:`render_select`,
    :func:`render_input`), the rest as Django does."""

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:  # noqa: ANN001
        if template_name in INPUTS:
            return mark_safe(render_input(context["widget"]))  # noqa: S308 - escaped above
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every piece escaped in render_select
        return super().render(template_name, context, request=request)
