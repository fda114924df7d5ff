"""Forms of the border module: the status history of a gate, edited with the gate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.border.models import BorderGate, GateCrossing, GateStatusChange
from doingoai.core.forms import ChildForm, formfield_callback_for


def status_formset(extra: int = 1) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    rt = registry.get("border.bordergate")
    formset = forms.inlineformset_factory(
        BorderGate,
        GateStatusChange,
        fields=["changed_on", "status", "reason", "document"],
        form=ChildForm,
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(rt),
    )
    formset.title = _("Openings and closures")
    return formset


def crossings_formset(extra: int = 1) -> type[forms.BaseInlineFormSet]:
    from doingoai.core.registry import registry

    rt = registry.get("border.bordergate")
    formset = forms.inlineformset_factory(
        BorderGate,
        GateCrossing,
        fields=["month", "people", "vehicles", "goods_value_usd"],
        form=ChildForm,
        extra=extra,
        can_delete=True,
        formfield_callback=formfield_callback_for(rt),
    )
    formset.title = _("Monthly crossings")
    return formset
