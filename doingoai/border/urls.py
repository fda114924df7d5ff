"""URLs of the border module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.border import views

urlpatterns = [
    path("border/map/", views.border_map, name="border-map"),
    path(
        "border/documents/<str:kind>/<int:pk>/",
        views.generate_document,
        name="border-document",
    ),
]
