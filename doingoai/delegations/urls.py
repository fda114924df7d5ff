"""URLs of the delegations app (record URLs come from the registry)."""

urlpatterns: list = []
