from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalog.signals import movie_usage_requested
        from engagement.receivers import movie_usage

        movie_usage_requested.connect(movie_usage, dispatch_uid="engagement-movie-usage")
