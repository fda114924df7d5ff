"""URLs of core: one set of record URLs per registered type, and the shell's pages."""

from __future__ import annotations

from django.urls import include, path

from doingoai.core.notifications import notification_list
from doingoai.core.registry import registry
from doingoai.core.views import access_log, jobs, records, shell, users

RECORD_VIEWS = [
    ("", records.ListView, "list"),
    ("add/", records.EditView, "add"),
    ("export/", records.ExportView, "export"),
    ("import/", records.ImportView, "import"),
    ("import/template/", records.ImportTemplateView, "import-template"),
    ("deleted/", records.TrashView, "trash"),
    ("map/", records.MapView, "map"),
    ("restore/<int:history_id>/", records.RestoreView, "restore"),
    ("<str:pk>/", records.DetailView, "detail"),
    ("<str:pk>/edit/", records.EditView, "edit"),
    ("<str:pk>/delete/", records.DeleteView, "delete"),
    ("<str:pk>/history/", records.HistoryView, "history"),
    ("<str:pk>/do/<str:name>/", records.TransitionView, "transition"),
    ("<str:pk>/attachments/", records.AttachmentUploadView, "attach"),
    ("<str:pk>/documents/", records.DocumentLinkView, "link-document"),
    ("<str:pk>/links/", records.RecordLinkView, "link"),
    ("<str:pk>/merge/", records.MergeView, "merge"),
    ("<str:pk>/merges/<int:merge_id>/undo/", records.MergeUndoView, "merge-undo"),
    ("<str:pk>/attachments/<int:attachment_id>/", records.AttachmentDownloadView, "attachment"),
]


def record_urlpatterns() -> list:
    """``/<app>/<type>/...`` for every registered record type, named ``rec:<key>-<view>``."""
    patterns = []
    for rt in registry.all():
        prefix = f"{rt.model._meta.app_label}/{rt.url_slug}/"
        for suffix, view, name in RECORD_VIEWS:
            view_class = type(f"{rt.model.__name__}{view.__name__}", (view,), {"record_type": rt})
            patterns.append(path(prefix + suffix, view_class.as_view(), name=f"{rt.key}-{name}"))
    return patterns


urlpatterns = [
    path("", include((record_urlpatterns(), "rec"))),
    path("search/", shell.search, name="search"),
    path("notifications/", notification_list, name="notifications"),
    path("lookup/<str:key>/", shell.lookup, name="lookup"),
    path("imports/", jobs.job_list, name="import-jobs"),
    path("imports/<uuid:job_id>/", jobs.job_page, name="import-job"),
    path("imports/<uuid:job_id>/commit/", jobs.job_commit, name="import-job-commit"),
    path("imports/<uuid:job_id>/rejected/", jobs.job_rejected, name="import-job-rejected"),
    path("system/settings/", shell.site_settings, name="site-settings"),
    path("system/rules/", shell.rules, name="rules"),
    path("system/<slug:what>/history/", shell.system_history, name="system-history"),
    path("system/access-log/", access_log.access_log, name="access-log"),
    path("system/users/", users.user_list, name="users"),
    path("system/users/add/", users.user_edit, name="user-add"),
    path("system/users/<int:pk>/", users.user_edit, name="user-edit"),
    path("system/users/<int:pk>/unlock/", users.user_unlock, name="user-unlock"),
    path(
        "system/users/<int:pk>/tokens/revoke/", users.user_token_revoke, name="user-tokens-revoke"
    ),
    path("system/users/<int:pk>/tokens/new/", users.user_token_create, name="user-token-create"),
    path(
        "system/users/<int:pk>/two-factor/reset/",
        users.user_two_factor_reset,
        name="user-two-factor-reset",
    ),
]
