"""URLs of the aid module beyond the generic record URLs (from the registry)."""

urlpatterns: list = []
