"""URLs of the outreach module beyond the generic record URLs (from the registry)."""

urlpatterns: list = []
