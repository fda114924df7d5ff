"""API routes of the aid module beyond the generic record endpoints."""

from django.urls import path

from doingoai.aid import views

urlpatterns = [
    path("aid/iati/", views.IatiAPIView.as_view(), name="api-aid-iati"),
]
