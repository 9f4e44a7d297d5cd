"""Liveness and readiness probes."""

import asyncio

from django.http import HttpRequest, HttpResponse, JsonResponse
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView

from common.redis_breaker import open_breakers

CRITICAL_CHECKS = (Database,)


def live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers; touches nothing."""
    return HttpResponse(b'{"status":"ok"}', content_type="application/json")


class ReadinessView(HealthCheckView):
    """Readiness as JSON: 503 when the database is down; a dead cache or open Redis circuit degrades."""

    checks = (Database, Cache)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        checks = {type(r.check).__name__.lower(): "ok" if not r.error else str(r.error) for r in self.results}
        critical_down = any(r.error and isinstance(r.check, CRITICAL_CHECKS) for r in self.results)
        skipped = open_breakers()
        if skipped:  # Redis hung or gone: the in-process fallbacks serve until its circuit closes
            checks["redis"] = f"circuit open: {', '.join(skipped)}"
        degraded = bool(skipped) or any(r.error for r in self.results)
        body = {"status": "error" if critical_down else ("degraded" if degraded else "ok"), "checks": checks}
        return JsonResponse(body, status=503 if critical_down else 200)
