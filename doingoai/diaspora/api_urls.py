"""API routes of the diaspora module beyond the generic record endpoints."""

urlpatterns: list = []
