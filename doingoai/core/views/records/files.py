"""Attachments (upload, download) and links to legal documents."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from doingoai.core import services
from doingoai.core.forms import (
    AttachmentForm,
    DocumentLinkForm,
)
from doingoai.core.models import Attachment
from doingoai.core.views.records.base import RecordView


class AttachmentUploadView(RecordView):
    """POST: attach a file to a record (type and size checked)."""

    action = "change"

    def post(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to attach."))
            return redirect(rt.url("detail", pk))
        upload = form.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in settings.ATTACHMENT_EXTENSIONS:
            messages.error(
                request,
                _("Files of type “%(ext)s” cannot be attached. Allowed: %(allowed)s.")
                % {"ext": suffix or "?", "allowed": ", ".join(settings.ATTACHMENT_EXTENSIONS)},
            )
            return redirect(rt.url("detail", pk))
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            messages.error(
                request,
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            )
            return redirect(rt.url("detail", pk))
        services.attachment_add(
            obj=obj, upload=upload, user=request.user, description=form.cleaned_data["description"]
        )
        messages.success(request, _("Attached “%(name)s”.") % {"name": upload.name})
        return redirect(rt.url("detail", pk))


class AttachmentDownloadView(RecordView):
    """Serve an attachment only when its record is visible to the user."""

    def get(self, request, pk, attachment_id):  # noqa: ANN001, ANN201
        obj = self.get_object(pk)
        attachment = get_object_or_404(
            Attachment,
            pk=attachment_id,
            object_id=str(obj.pk),
            content_type=ContentType.objects.get_for_model(obj),
        )
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
        )


class DocumentLinkView(RecordView):
    """POST: link a legal document to the record (``document``), or unlink (``unlink``)."""

    action = "change"

    def post(self, request, pk):  # noqa: ANN001, ANN201
        rt = self.record_type
        obj = self.get_object(pk)
        form = DocumentLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the document to link."))
            return redirect(rt.url("detail", pk))
        services.document_link(obj=obj, user=request.user, **form.cleaned_data)
        return redirect(rt.url("detail", pk))
