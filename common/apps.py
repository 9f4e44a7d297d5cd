from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django_structlog.signals import bind_extra_request_metadata

        from common import checks, request_logging, statement_timeout  # noqa: F401 (checks registers the system checks)

        connection_created.connect(statement_timeout.install, dispatch_uid="statement_timeout")
        bind_extra_request_metadata.connect(request_logging.bind_client_ip, dispatch_uid="log_client_ip")
