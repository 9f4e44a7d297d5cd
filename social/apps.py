from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "social"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from engagement.models import DiaryEntry, MovieList, MovieListEntry, Review
        from social import receivers

        post_save.connect(receivers.review_saved, sender=Review, dispatch_uid="social-activity-review")
        post_save.connect(receivers.play_saved, sender=DiaryEntry, dispatch_uid="social-activity-play")
        post_save.connect(receivers.list_saved, sender=MovieList, dispatch_uid="social-activity-list")
        post_save.connect(receivers.entry_saved, sender=MovieListEntry, dispatch_uid="social-activity-entry")
