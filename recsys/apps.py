from django.apps import AppConfig


class RecsysConfig(AppConfig):
    name = "recsys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from engagement.signals import dismissal_changed
        from recsys.receivers import on_dismissal_changed

        dismissal_changed.connect(on_dismissal_changed, dispatch_uid="recsys-dismissal")
