"""URLs of the partners module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.partners import views

urlpatterns = [
    path("partners/anniversaries/", views.anniversary_register, name="partners-anniversaries"),
    path(
        "partners/agreements/<int:pk>/documents/signing-report/",
        views.signing_report,
        name="partners-signing-report",
    ),
]
