from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from common import checks, statement_timeout  # noqa: F401 (checks registers the system checks)

        connection_created.connect(statement_timeout.install, dispatch_uid="statement_timeout")
