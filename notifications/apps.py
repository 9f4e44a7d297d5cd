from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalog.signals import offers_changed
        from notifications.receivers import on_follow_started, on_offers_changed
        from social.signals import follow_started

        offers_changed.connect(on_offers_changed, dispatch_uid="notifications-offers")
        follow_started.connect(on_follow_started, dispatch_uid="notifications-follows")
