"""Request log lines: one ``request_finished`` line per request, naming the client address the
throttles and lockouts use (common.client_ip), the method, path and duration.

django-structlog's own lookup (ipware) trusts the left-most ``X-Forwarded-For`` entry, which any
client can write, and costs a header scan per request; this receiver binds the address
``NUM_PROXIES`` vouches for instead (DJANGO_STRUCTLOG_IP_LOGGING_ENABLED is off).
"""

import time
from contextvars import ContextVar
from typing import Any

import structlog
from django.http import HttpRequest

from common.client_ip import client_ip

# When the request being served started (perf_counter seconds).
_started: ContextVar[float] = ContextVar("request_started_at")


def bind_request_start(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """``bind_extra_request_metadata`` receiver: the request's log lines carry ``ip``; its
    duration is counted from here."""
    _started.set(time.perf_counter())
    structlog.contextvars.bind_contextvars(ip=client_ip(request))


def add_request_summary(sender: Any, request: HttpRequest, log_kwargs: dict[str, Any], **kwargs: Any) -> None:
    """``bind_extra_request_finished_metadata`` receiver: the finished line carries method, path
    and duration (milliseconds)."""
    started = _started.get(None)
    log_kwargs["method"] = request.method
    log_kwargs["path"] = request.path
    if started is not None:
        log_kwargs["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
