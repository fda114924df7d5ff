"""Pages of the conferences module beyond the generic ones: recording the permit and
generating the documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.conferences import documents, services
from doingoai.conferences.forms import PermitForm
from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry

DEPARTMENT = {R.SPECIALIST, R.LEADER, R.ADMIN}


def _conference(user, pk: int):  # noqa: ANN001, ANN202
    rt = registry.get("conferences.conference")
    if not rt.can(user, "view"):
        raise PermissionDenied
    obj = get_object_or_404(rt.visible_to(user), pk=pk)
    if not R.user_roles(user) & DEPARTMENT or not rt.can_object(user, "change", obj):
        raise PermissionDenied
    return obj


@require_POST
def record_permit(request, pk: int):  # noqa: ANN001, ANN201
    """The department records the permit (number, date, issuer, signer); the event moves to
    "permitted"."""
    obj = _conference(request.user, pk)
    form = PermitForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(obj.get_absolute_url())
    try:
        document = services.conference_record_permit(
            conference=obj, user=request.user, **form.cleaned_data
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded the permit %(doc)s.") % {"doc": document})
    return redirect(obj.get_absolute_url())


@require_POST
def generate_document(request, pk: int, kind: str):  # noqa: ANN001, ANN201
    """Generate the permit or the submission as DOCX and attach it to the event."""
    obj = _conference(request.user, pk)
    builders = {
        "permit": (documents.permit_docx, _("Permit (generated)")),
        "submission": (documents.submission_docx, _("Submission to the chair (generated)")),
    }
    if kind not in builders:
        raise PermissionDenied
    builder, description = builders[kind]
    name, data = builder(obj)
    attachment = core_services.attachment_regenerate(
        obj=obj, name=name, data=data, user=request.user, description=description
    )
    messages.success(
        request,
        _("Generated “%(name)s”: it is in the attachments.") % {"name": attachment.original_name},
    )
    return redirect(obj.get_absolute_url())
