"""URLs of the consular module beyond the generic record URLs (from the registry)."""

urlpatterns: list = []
