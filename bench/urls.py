"""The app's URLs plus the Django admin's changelists for the same types (yardstick)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from bench.admin_models import register_all
from doingoai.config.urls import urlpatterns as app_urlpatterns

register_all()
urlpatterns = [path("bench-admin/", admin.site.urls), *app_urlpatterns]
