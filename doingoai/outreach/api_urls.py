"""API routes of the outreach module beyond the generic record endpoints."""

urlpatterns: list = []
