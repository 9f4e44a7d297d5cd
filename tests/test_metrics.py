"""Prometheus metrics at /metrics."""

import pytest
from django.core.cache import cache


@pytest.mark.django_db
def test_metrics_expose_requests_and_cache_hits(client):
    client.get("/health/live/")
    cache.set("metrics-probe", 1)
    cache.get("metrics-probe")
    cache.get("metrics-missing")
    response = client.get("/metrics")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="health-live"}'
        in (body)
    )
    assert "django_cache_get_hits_total" in body
    assert "django_cache_get_misses_total" in body
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in body
