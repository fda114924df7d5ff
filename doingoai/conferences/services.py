"""Writes of the conferences module beyond saving a form: recording the permit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.conferences.models import Conference
from doingoai.core import services as core_services
from doingoai.core.models import LegalDocument
from doingoai.core.registry import registry
from doingoai.core.text import format_date


@transaction.atomic
def conference_record_permit(
    *,
    conference: Conference,
    number: str,
    issued_date,  # noqa: ANN001
    issuer: str,
    signer_name: str,
    signer_title: str = "",
    user,  # noqa: ANN001
) -> LegalDocument:
    """Create (or reuse) the permit document, link it to the event and move it to
    "permitted" (one history entry, the permit named in the move's comment)."""
    rt = registry.get("conferences.conference")
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if issued_date > timezone.localdate():
        raise ValidationError(
            _("The permit is dated %(date)s, in the future: record it once it is signed.")
            % {"date": format_date(issued_date)}
        )
    if conference.requested_on and issued_date < conference.requested_on:
        raise ValidationError(
            _(
                "The permit is dated %(date)s, before the request was filed (%(filed)s): check "
                "the date."
            )
            % {"date": format_date(issued_date), "filed": format_date(conference.requested_on)}
        )
    document, _created = LegalDocument.objects.get_or_create(
        number=number.strip(),
        issued_date=issued_date,
        issuer=issuer.strip(),
        defaults={
            "kind": "QĐ",
            "signer_name": signer_name,
            "signer_title": signer_title,
            "summary": _("Permit to hold “%(title)s”") % {"title": conference.title},
        },
    )
    core_services.document_link(obj=conference, document=document, user=user)
    core_services.workflow_apply(
        rt=rt,
        obj=conference,
        transition_name="permit",
        user=user,
        values={"permit": document},
        comment=_("Permit %(number)s of %(date)s")
        % {"number": document.number, "date": format_date(document.issued_date)},
    )
    return document
