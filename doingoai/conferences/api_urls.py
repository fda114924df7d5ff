"""API routes of the conferences module beyond the generic record endpoints."""

urlpatterns: list = []
