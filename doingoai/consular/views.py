"""Pages of the consular module beyond the generic ones: generating the ABTC
recommendation letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.consular import documents
from doingoai.core import field_policy
from doingoai.core import roles as R
from doingoai.core import services as core_services
from doingoai.core.registry import registry


@require_POST
def abtc_letter(request, pk: int):  # noqa: ANN001, ANN201
    """Generate the recommendation letter as DOCX and attach it to the application; the
    businessperson's personal data it carries is a logged read."""
    rt = registry.get("consular.abtcapplication")
    if not rt.can(request.user, "change"):
        raise PermissionDenied
    obj = get_object_or_404(rt.visible_to(request.user), pk=pk)
    if not rt.can_object(request.user, "change", obj) or not (
        R.user_roles(request.user) & {R.SPECIALIST, R.LEADER, R.ADMIN}
    ):
        raise PermissionDenied
    name, data = documents.recommendation_docx(obj, request.user)
    field_policy.log_read(
        user=request.user,
        rt=registry.get("consular.businessperson"),
        action="export",
        obj=obj.businessperson,
        reason=_("ABTC recommendation letter"),
    )
    attachment = core_services.attachment_regenerate(
        obj=obj, name=name, data=data, user=request.user, description=_("Recommendation letter")
    )
    messages.success(
        request,
        _("Generated “%(name)s”: it is in the attachments.") % {"name": attachment.original_name},
    )
    return redirect(obj.get_absolute_url())
