"""API routes of the partners module beyond the generic record endpoints."""

from django.urls import path

from doingoai.partners import views

urlpatterns = [
    path("anniversaries/", views.AnniversaryAPIView.as_view(), name="api-anniversaries"),
]
