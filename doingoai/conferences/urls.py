"""URLs of the conferences module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.conferences import views

urlpatterns = [
    path("conferences/events/<int:pk>/permit/", views.record_permit, name="conferences-permit"),
    path(
        "conferences/events/<int:pk>/documents/<str:kind>/",
        views.generate_document,
        name="conferences-document",
    ),
]
