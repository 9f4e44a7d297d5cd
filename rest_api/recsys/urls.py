"""REST routes of the recsys domain."""

urlpatterns: list = []
