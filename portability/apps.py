from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "portability"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from engagement.signals import entry_removed
        from portability.receivers import on_entry_removed

        entry_removed.connect(on_entry_removed, dispatch_uid="portability-tombstone")
