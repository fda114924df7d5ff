"""The workflow of an international agreement: drafted, sent for the Ministry of Foreign
Affairs' opinion, signed, in force, then expired or terminated (Law 70/2020/QH14)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.workflow import Transition, Workflow
from doingoai.partners.models import AgreementStatus

STAFF = (R.SPECIALIST, R.LEADER, R.ADMIN)
#: A submitting agency that leads an agreement consults, records the signing and the entry
#: into force of its own agreements (Law 70/2020/QH14); expiry and termination stay with the
#: department.
WITH_AGENCY = (R.AGENCY, *STAFF)


def _has_signing_date(obj) -> list[str]:  # noqa: ANN001
    return [] if obj.signed_on else [gettext("Enter the date of signing first.")]


def _not_objected(obj) -> list[str]:  # noqa: ANN001
    if obj.consultation_opinion == "objected":
        return [
            gettext(
                "The Ministry of Foreign Affairs objected: the agreement may be signed only "
                "after the Prime Minister's decision. Record the answer first."
            )
        ]
    return []


def _stamp_consultation(obj, user, comment) -> None:  # noqa: ANN001
    obj.consultation_sent_on = obj.consultation_sent_on or timezone.localdate()


def _stamp_validity(obj, user, comment) -> None:  # noqa: ANN001
    obj.valid_from = obj.valid_from or obj.signed_on or timezone.localdate()


AGREEMENT = Workflow.from_choices(
    AgreementStatus,  # the states are the status field's choices, in their order
    tones={
        "consultation": "info",
        "signed": "primary",
        "in_force": "success",
        "terminated": "danger",
    },
    terminal=("expired", "terminated"),
    transitions=[
        Transition(
            "consult",
            _("Send for the Ministry of Foreign Affairs' opinion"),
            (AgreementStatus.DRAFT,),
            AgreementStatus.CONSULTATION,
            WITH_AGENCY,
            effects=(_stamp_consultation,),
            fields=("consultation_document", "consultation_sent_on"),
        ),
        Transition(
            "back_to_draft",
            _("Back to draft"),
            (AgreementStatus.CONSULTATION,),
            AgreementStatus.DRAFT,
            WITH_AGENCY,
            comment_required=True,
            style="outline-secondary",
        ),
        Transition(
            "sign",
            _("Record the signing"),
            (AgreementStatus.CONSULTATION,),
            AgreementStatus.SIGNED,
            WITH_AGENCY,
            checks=(_has_signing_date, _not_objected),
            fields=("signed_on", "signed_place", "number", "vietnamese_signer", "foreign_signer"),
        ),
        Transition(
            "enter_into_force",
            _("Enter into force"),
            (AgreementStatus.SIGNED,),
            AgreementStatus.IN_FORCE,
            WITH_AGENCY,
            effects=(_stamp_validity,),
            fields=("valid_from", "valid_to"),
        ),
        Transition(
            "expire",
            _("Mark expired"),
            (AgreementStatus.IN_FORCE,),
            AgreementStatus.EXPIRED,
            STAFF,
            style="outline-secondary",
        ),
        Transition(
            "terminate",
            _("Terminate"),
            (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
            AgreementStatus.TERMINATED,
            (R.LEADER, R.ADMIN),
            comment_required=True,
            style="outline-danger",
        ),
    ],
)
