from django.apps import AppConfig


class RecsysConfig(AppConfig):
    name = "recsys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from engagement.signals import dismissal_changed, history_imported, interactions_changed
        from recsys import checks  # noqa: F401 (registers the system checks)
        from recsys.receivers import on_dismissal_changed, on_history_imported, on_interactions_changed

        interactions_changed.connect(on_interactions_changed, dispatch_uid="recsys-interactions")
        dismissal_changed.connect(on_dismissal_changed, dispatch_uid="recsys-dismissal")
        history_imported.connect(on_history_imported, dispatch_uid="recsys-history-import")
