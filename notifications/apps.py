from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from catalog.signals import offers_changed
        from notifications.receivers import (
            on_comment_saved,
            on_follow_started,
            on_like_added,
            on_offers_changed,
            on_user_deleted,
        )
        from social.signals import comment_saved, follow_started, like_added

        offers_changed.connect(on_offers_changed, dispatch_uid="notifications-offers")
        follow_started.connect(on_follow_started, dispatch_uid="notifications-follows")
        like_added.connect(on_like_added, dispatch_uid="notifications-likes")
        comment_saved.connect(on_comment_saved, dispatch_uid="notifications-comments")
        pre_delete.connect(
            on_user_deleted, sender=get_user_model(), dispatch_uid="notifications-user-deleted"
        )
