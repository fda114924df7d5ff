"""Child rows (inline formsets: a gate's openings, a case's actions, a trip's members, a
press visit's reporters) render their autocompletes as record forms do: only the chosen
record, never every record of a big table in every row."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from doingoai.core import roles as R
from doingoai.core.forms import AutocompleteSelect
from doingoai.core.models import LegalDocument
from doingoai.core.registry import registry
from tests.factories import CONTRACT_CHILDREN, CONTRACT_FACTORIES


@pytest.mark.django_db
def test_child_rows_autocompletes_render_only_the_chosen_record(role_user):  # noqa: ANN001
    for n in range(6):
        LegalDocument.objects.create(
            number=f"{n}/QĐ-UBND", kind="QĐ", summary="Văn bản", issued_date=date(2025, 1, 1 + n)
        )
    request = RequestFactory().get("/")
    request.user = role_user(R.ADMIN)
    seen = []
    for rt in registry.all():
        if rt.key not in CONTRACT_FACTORIES:
            continue
        obj = CONTRACT_FACTORIES[rt.key]()
        if rt.key in CONTRACT_CHILDREN:
            CONTRACT_CHILDREN[rt.key](obj)
        for formset in rt.formsets(request, obj):
            for form in [*formset.forms, formset.empty_form]:
                for name, field in form.fields.items():
                    if not isinstance(field.widget, AutocompleteSelect):
                        continue
                    if (rt.key, name) == ("aid.aiditem", "donor"):
                        continue  # a disbursement's donor: one of the item's few, by design
                    options = [value for value, _label in field.widget.choices if value != ""]
                    chosen = form.initial.get(name)
                    assert len(options) <= (1 if chosen else 0), (rt.key, name, len(options))
                    seen.append((rt.key, name))
    # the gate's openings and the case's actions link a legal document; the reporters a country
    assert {("border.bordergate", "document"), ("consular.consularcase", "document")} <= set(seen)
