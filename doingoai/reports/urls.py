"""URLs of the reports app."""

from django.urls import path

from doingoai.reports import views

urlpatterns = [
    path("", views.home, name="home"),
]
