"""Workflow moves from a record's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from doingoai.core import services
from doingoai.core.views.records.base import RecordView


class TransitionView(RecordView):
    """POST: one workflow move with its comment."""

    action = "change"

    def post(self, request, pk, name):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        try:
            services.workflow_apply(
                rt=rt,
                obj=obj,
                transition_name=name,
                user=request.user,
                comment=request.POST.get("comment", ""),
                expected_version=self.posted_version(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": rt.workflow.transition(name).label}
            )
        return redirect(rt.url("detail", pk))
