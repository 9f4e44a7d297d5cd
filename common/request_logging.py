"""Request log lines name the client address the throttles and lockouts use (common.client_ip).

django-structlog's own lookup (ipware) trusts the left-most ``X-Forwarded-For`` entry, which any
client can write, and costs a header scan per request; this receiver binds the address
``NUM_PROXIES`` vouches for instead (DJANGO_STRUCTLOG_IP_LOGGING_ENABLED is off).
"""

from typing import Any

import structlog
from django.http import HttpRequest

from common.client_ip import client_ip


def bind_client_ip(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """``bind_extra_request_metadata`` receiver: the request's log lines carry ``ip``."""
    structlog.contextvars.bind_contextvars(ip=client_ip(request))
