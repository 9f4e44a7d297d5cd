"""REST routes of the engagement domain."""

urlpatterns: list = []
