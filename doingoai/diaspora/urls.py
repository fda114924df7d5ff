"""URLs of the diaspora module beyond the generic record URLs (from the registry)."""

urlpatterns: list = []
