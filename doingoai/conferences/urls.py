"""URLs of the conferences module beyond the generic record URLs (from the registry)."""

urlpatterns: list = []
