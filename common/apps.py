from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django_structlog.signals import bind_extra_request_finished_metadata, bind_extra_request_metadata

        from common import checks, request_logging, statement_timeout  # noqa: F401 (checks registers the system checks)

        connection_created.connect(statement_timeout.install, dispatch_uid="statement_timeout")
        bind_extra_request_metadata.connect(request_logging.bind_request_start, dispatch_uid="log_client_ip")
        bind_extra_request_finished_metadata.connect(
            request_logging.add_request_summary, dispatch_uid="log_request_summary"
        )
