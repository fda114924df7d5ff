"""Generic record views, one module per job: ``crud`` (list, detail, edit, delete),
``history`` (history, trash, restore), ``workflow`` (moves), ``spreadsheets`` (export,
template, import), ``files`` (attachments, document links), ``relations`` (record links,
merge), ``map``. Every view gets its queryset from ``RecordType.visible_to`` and its object
through ``RecordView.get_object`` (the one object hook); none can forget them."""

from doingoai.core.views.records.base import RecordView
from doingoai.core.views.records.crud import DeleteView, DetailView, EditView, ListView
from doingoai.core.views.records.files import (
    AttachmentDownloadView,
    AttachmentUploadView,
    DocumentLinkView,
)
from doingoai.core.views.records.history import HistoryView, RestoreView, TrashView
from doingoai.core.views.records.map import MapView
from doingoai.core.views.records.relations import MergeUndoView, MergeView, RecordLinkView
from doingoai.core.views.records.spreadsheets import ExportView, ImportTemplateView, ImportView
from doingoai.core.views.records.workflow import TransitionView

__all__ = [
    "AttachmentDownloadView",
    "AttachmentUploadView",
    "DeleteView",
    "DetailView",
    "DocumentLinkView",
    "EditView",
    "ExportView",
    "HistoryView",
    "ImportTemplateView",
    "ImportView",
    "ListView",
    "MapView",
    "MergeUndoView",
    "MergeView",
    "RecordLinkView",
    "RecordView",
    "RestoreView",
    "TransitionView",
    "TrashView",
]
