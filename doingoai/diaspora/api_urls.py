"""API routes of the diaspora module beyond the generic record endpoints."""

from django.urls import path

from doingoai.diaspora import views

urlpatterns = [
    path("diaspora-statistics/", views.StatisticsAPIView.as_view(), name="api-diaspora-statistics"),
]
