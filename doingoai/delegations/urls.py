"""URLs of the delegations module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.delegations import views

urlpatterns = [
    path("delegations/calendar/", views.month_calendar, name="delegations-calendar"),
    path(
        "delegations/<str:key>/<int:pk>/decision/",
        views.record_decision,
        name="delegations-decision",
    ),
    path(
        "delegations/outbound/<int:pk>/documents/<str:kind>/",
        views.generate_document,
        name="delegations-document",
    ),
]
