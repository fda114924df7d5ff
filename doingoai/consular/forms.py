"""Forms of the consular module: the timeline of actions, edited with the case."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.consular.models import CaseAction, ConsularCase
from doingoai.core.forms import ChildForm, formfield_callback_for


def actions_formset(extra: int = 1) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    rt = registry.get("consular.consularcase")
    formset = forms.inlineformset_factory(
        ConsularCase,
        CaseAction,
        fields=["done_on", "action", "done_by", "document_ref", "document"],
        form=ChildForm,
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(rt),
    )
    formset.title = _("Timeline of actions")
    return formset
