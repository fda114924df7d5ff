"""The form renderer: Django's own, except that a select is written in Python.

Django renders a select by including one template per option, and one more per option for its
attributes: a list page's filter form (countries, organisations, statuses) spent a quarter of
the page's time there. The output is the same markup the templates give.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def flat_attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> str | None:
    """A select's markup from its widget context, or None when an option has a template of
    its own (then the templates render it)."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{flat_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name", OPTION) != OPTION:
                return None
            out.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{flat_attrs(option['attrs'])}>{conditional_escape(localize(option['label']))}"
                "</option>"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: selects in Python (:func:`render_select`), the rest as Django does."""

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:  # noqa: ANN001
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every piece escaped in render_select
        return super().render(template_name, context, request=request)
