from django.apps import AppConfig


class RecsysConfig(AppConfig):
    name = "recsys"
    default_auto_field = "django.db.models.BigAutoField"
