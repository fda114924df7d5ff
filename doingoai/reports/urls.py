"""URLs of the reports module (record URLs of plans and issued reports come from the
registry)."""

from django.urls import path

from doingoai.reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/builder/", views.builder, name="report-builder"),
    path("reports/builder/download/<str:fmt>/", views.download, name="report-download"),
    path("reports/builder/issue/", views.issue, name="report-issue"),
    path("reports/issued/<int:pk>/compare/", views.compare, name="report-compare"),
    path("reports/issued/<int:pk>/close/", views.close, name="report-close"),
    path("reports/issued/<int:pk>/reopen/", views.reopen, name="report-reopen"),
    path("reports/explorer/", views.explorer, name="explorer"),
]
