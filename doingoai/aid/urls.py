"""URLs of the aid module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.aid import views

urlpatterns = [
    path("aid/overview/", views.overview, name="aid-overview"),
    path("aid/coverage/", views.coverage_table, name="aid-coverage"),
    path("aid/iati.xml", views.iati_export, name="aid-iati"),
]
