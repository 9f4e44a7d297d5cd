"""REST routes of the catalog domain."""

urlpatterns: list = []
