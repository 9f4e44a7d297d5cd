"""What a cached hit costs one process, and how much of that is its round trip to Redis.

Usage (PostgreSQL and Redis must be running; the database is migrated and seeded if empty)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moviverse_bench \\
    REDIS_URL=redis://127.0.0.1:6379/1 \\
    .venv/bin/python bench/hit_cost.py --requests 3000 --rounds 3 2>/dev/null

Calls the WSGI application in this process, with bench/load.py's production settings and bench
user, no gunicorn and no load generator, and prints the CPU time per request (median of the
rounds) of the floor (``/health/live/``) and of cached hits, anonymous and signed in, REST and
GraphQL, each with a new client address (as bench/load.py sends them):

* **as served**: the hit's one round trip to Redis (the limits store's script: throttles,
  budgets and the stored answer) as in production;
* **reply replayed**: the same hit with that script's reply recorded once and replayed from
  memory, i.e. what the hit would cost if its round trip were free.

The request log goes to stderr, as in production; the command above discards it.
"""

import argparse
import functools
import io
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, imported in this process

from load import Target, prepare_database, stack_env, targets  # the load benchmark's reads, shared

MEASURED = ("trending", "recommendations")  # an anonymous read and a signed-in one


def environ(target: Target, token: str) -> dict:
    """A WSGI environ for one request of ``target`` from a random client address behind one proxy."""
    body = json.dumps({"query": target.query}).encode() if target.query else b""
    path, _, query = target.path.partition("?")
    env = {
        "REQUEST_METHOD": "POST" if target.query else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "10." + ".".join(str(random.randrange(256)) for _ in range(3)),
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    if target.auth:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return env


def reads(movie_id: int, token: str) -> dict[str, Callable[[], dict]]:
    """Name -> a maker of the request's environ: the floor, then the REST and GraphQL (POST)
    twins of the MEASURED reads, as bench/load.py sends them."""
    chosen = [
        target
        for target in targets(movie_id)
        if target.surface == "floor" or (target.name in MEASURED and target.surface in ("REST", "GraphQL"))
    ]
    return {_label(target): functools.partial(environ, target, token) for target in chosen}


def _label(target: Target) -> str:
    if target.surface == "floor":
        return "floor"
    return f"{target.surface} {target.name} ({'signed in' if target.auth else 'anonymous'})"


def call(application: Callable, env: dict) -> bytes:
    """One request through the WSGI application; its body (a 200 is required)."""
    statuses: list[str] = []
    answer = application(env, lambda status, headers: statuses.append(status))
    body = b"".join(answer)
    answer.close()
    if not statuses[0].startswith("200") or b'"errors"' in body:
        sys.exit(f"{env['PATH_INFO']} answered {statuses[0]}: {body[:300]!r}")
    return body


def cpu_per_call(work: Callable[[], object], count: int) -> float:
    """CPU microseconds of this process per call of ``work``."""
    started = time.process_time()
    for _ in range(count):
        work()
    return (time.process_time() - started) / count * 1e6


def measure(application: Callable, make: Callable[[], dict], count: int, rounds: int) -> float:
    """Median over ``rounds`` of the CPU microseconds per request (environs built beforehand)."""
    return statistics.median(_one_round(application, [make() for _ in range(count)]) for _ in range(rounds))


def _one_round(application: Callable, envs: list[dict]) -> float:
    waiting = iter(envs)
    return cpu_per_call(lambda: call(application, next(waiting)), len(envs))


def replaying_spends(store) -> Callable[[], None]:
    """Make ``store`` (the limits store) answer each kind of spend with its first real reply
    that found the stored answer it read (a hit's), without Redis; returns the undo."""
    real = type(store)._redis_spend
    replies: dict[tuple, object] = {}

    def replay(self, windows, counters, now, read_from, read, guard):
        kind = (len(windows), len(counters), tuple(read), guard is not None)
        if kind in replies:
            return replies[kind]
        spent = real(self, windows, counters, now, read_from, read, guard)
        if not spent.stale and (not read or read[0] in spent.found):  # a hit's: replayed from now on
            replies[kind] = spent
        return spent

    type(store)._redis_spend = replay
    return lambda: setattr(type(store), "_redis_spend", real)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    env = stack_env()
    movie_id, token = prepare_database(env, "bench@moviverse.local")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import caches

    from config.wsgi import application

    made = reads(movie_id, token)
    for make in made.values():
        for _ in range(200):  # fills the caches, learns the GraphQL shapes, remembers the reader
            call(application, make())
    served = {name: measure(application, make, args.requests, args.rounds) for name, make in made.items()}
    for make in made.values():  # stored answers fresh again: the replayed replies must be hits
        call(application, make())
    undo = replaying_spends(caches["limits"])
    try:
        replayed = {
            name: measure(application, make, args.requests, args.rounds) for name, make in made.items()
        }
    finally:
        undo()

    rounds = f"median of {args.rounds} rounds of {args.requests}"
    print(f"CPU per request of this process, microseconds ({rounds})\n")
    print("| read | as served | x floor | reply replayed | x floor |")
    print("|---|---:|---:|---:|---:|")
    for name in made:
        print(
            f"| {name} | {served[name]:,.0f} | {served['floor'] / served[name]:.2f} "
            f"| {replayed[name]:,.0f} | {replayed['floor'] / replayed[name]:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
