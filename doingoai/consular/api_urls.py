"""API routes of the consular module beyond the generic record endpoints."""

urlpatterns: list = []
