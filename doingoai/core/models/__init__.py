"""Core models: the record base, users, reference data and the audit trail."""

from doingoai.core.models.audit import AccessLog, TableStamp, WorkflowTransition
from doingoai.core.models.base import RecordModel, RecordQuerySet
from doingoai.core.models.jobs import ImportJob
from doingoai.core.models.links import RecordLink
from doingoai.core.models.merges import MergeLog
from doingoai.core.models.money import ExchangeRate
from doingoai.core.models.notifications import Notification
from doingoai.core.models.reference import (
    AdministrativeUnit,
    Attachment,
    Country,
    LegalDocument,
    Organisation,
    Person,
    RecordDocument,
    Rule,
    SiteSettings,
)
from doingoai.core.models.users import User

__all__ = [
    "AccessLog",
    "TableStamp",
    "AdministrativeUnit",
    "Attachment",
    "Country",
    "ExchangeRate",
    "ImportJob",
    "LegalDocument",
    "MergeLog",
    "Notification",
    "Organisation",
    "Person",
    "RecordDocument",
    "RecordLink",
    "RecordModel",
    "RecordQuerySet",
    "Rule",
    "SiteSettings",
    "User",
    "WorkflowTransition",
]
