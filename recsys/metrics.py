"""Prometheus metrics of recommendation runs (served at /metrics, or by the worker that runs them)."""

from prometheus_client import Counter, Histogram

BATCHES = Counter(
    "moviverse_recsys_batches_total",
    "Recommendation run batches by outcome (done: scored and stored; failed: given up after retries).",
    ["outcome"],
)
RUN_DURATION = Histogram(
    "moviverse_recsys_run_duration_seconds",
    "Wall time of recommendation runs that finished, from start to the switch.",
    buckets=(10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600),
)
RUNS_RECOVERED = Counter(
    "moviverse_recsys_runs_recovered_total",
    "Recommendation runs whose worker died, taken over by the watchdog (resumed: its unscored batches "
    "sent again; restarted: failed before its fit was stored, a new run started).",
    ["action"],
)
