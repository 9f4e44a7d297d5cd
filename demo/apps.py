from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and evaluation data (MovieLens): writes users, movies and reviews, above the domain apps."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
