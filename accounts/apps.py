from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from accounts.user_cache import user_deleted, user_saved

        user_model = get_user_model()
        post_save.connect(user_saved, sender=user_model, dispatch_uid="user_cache_saved")
        post_delete.connect(user_deleted, sender=user_model, dispatch_uid="user_cache_deleted")
