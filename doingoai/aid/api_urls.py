"""API routes of the aid module beyond the generic record endpoints."""

urlpatterns: list = []
