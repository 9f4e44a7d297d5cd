"""Hung Redis benchmark: request latency while Redis accepts connections and never answers.

Usage (PostgreSQL and Redis must be running; Redis is used only to prepare the database)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moviverse_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
    .venv/bin/python bench/hung_redis.py --requests 60

Starts gunicorn like bench/load.py (production settings, the demo catalog) with its caches, limits
store and broker pointed at a listener on 127.0.0.1 that accepts connections and never answers (a
Redis stopped by SIGSTOP), then at a port nothing listens on (a Redis that refuses), and sends
``--requests`` requests one by one to each endpoint. Prints a Markdown table: the first request
(it waits out the timeouts that open the circuit), then the median, p99 and worst of the rest.
Nothing here stops or pauses a real Redis server; gunicorn and the listener are always stopped.
"""

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # the load benchmark's runner, shared
    Target,
    free_port,
    prepare_database,
    request,
    stack_env,
    start_gunicorn,
    stop,
    wait_until_up,
)

MEASURED = [
    Target("floor", "floor", "/health/live/"),
    Target("readiness", "floor", "/health/"),
    Target("popular (page 1)", "REST", "/api/movies/popular/"),
    Target("popular (page 1)", "GraphQL", "/graphql/", query="{ popular(page: 1) { results { title } } }"),
]


def hung_listener() -> tuple[socket.socket, int]:
    """A socket that accepts every connection and never sends a byte; (server, port)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:  # closed: the run is over
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, server.getsockname()[1]


def measure(base: str, target: Target, count: int) -> tuple[int, list[float]]:
    """``count`` requests one by one: (the last status, each one's milliseconds)."""
    times, status = [], 0
    for _ in range(count):
        started = time.perf_counter()
        status, _etag = request(base, target, "", timeout=60)
        times.append((time.perf_counter() - started) * 1000)
    return status, times


def run(env: dict[str, str], redis_url: str, label: str, args: argparse.Namespace, folder: Path) -> list[str]:
    """Rows for one broken Redis: each endpoint measured on a fresh gunicorn."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    broken = {**env, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url}
    process = start_gunicorn(broken, port, 1, args.gunicorn_threads, 1, folder / f"{label}.log")
    rows = []
    try:
        wait_until_up(base, process)
        for target in MEASURED:
            status, times = measure(base, target, args.requests)
            rest = times[1:]
            p99 = statistics.quantiles(rest, n=100, method="inclusive")[98]
            rows.append(
                f"| {label} | {target.surface} {target.name} | {status} | {times[0]:.1f} | "
                f"{statistics.median(rest):.1f} | {p99:.1f} | "
                f"{max(rest):.1f} | {sum(times) / 1000:.2f} |"
            )
            print(rows[-1], file=sys.stderr)
    except Exception:
        sys.stderr.write((folder / f"{label}.log").read_text()[-4000:])
        raise
    finally:
        stop(process)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="requests per endpoint, one by one")
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    args = parser.parse_args()
    env = stack_env()
    prepare_database(env, "bench@moviverse.local")
    server, port = hung_listener()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        refusing = closed.getsockname()[1]
    lines = [
        "| Redis | endpoint | status | first ms | median ms | p99 ms | worst ms | total s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lines += run(env, f"redis://127.0.0.1:{port}/0", "hung", args, Path(tmp))
            lines += run(env, f"redis://127.0.0.1:{refusing}/0", "refusing", args, Path(tmp))
    finally:
        server.close()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
