"""URLs of the consular module beyond the generic record URLs (from the registry)."""

from django.urls import path

from doingoai.consular import views

app_name = "consular"

urlpatterns = [
    path("consular/abtc/<int:pk>/letter/", views.abtc_letter, name="abtc-letter"),
]
