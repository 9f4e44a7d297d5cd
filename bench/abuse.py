"""Abuse benchmark: what refused attacks cost the server, and what they take from everyone else.

Usage (PostgreSQL and Redis must be running; the database is migrated and seeded if empty)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moviverse_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
    .venv/bin/python bench/abuse.py --duration 10 --attackers 4

Starts gunicorn like bench/load.py (2 workers x 4 gthread threads, production settings, the demo
catalog), then:

1. sends each attack once and records its status and error code (each must be refused), then
   ``--samples`` more times one by one on the otherwise idle server: the median and p99 of those
   times are the server time a refused attack costs;
2. measures the floor (``/health/live/``) and a cached read (REST popular, page 1) with wrk
   while nothing else runs (the quiet run);
3. for each attack, ``--attackers`` clients (a second wrk, one connection and one client address
   each; with ``--rotate`` every request comes from another of 65,536 addresses, as from a botnet
   that per-address budgets cannot stop) send it without pause while the floor and the cached
   read are measured again, one after the other.

Prints a Markdown table of both. Everything binds to 127.0.0.1; gunicorn and the attackers are
always stopped and every wait has a time limit.
"""

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # the load benchmark's runner, shared
    Result,
    Target,
    ensure_wrk,
    free_port,
    parse_wrk,
    prepare_database,
    redis_pid,
    request,
    rotating_addresses,
    run_wrk,
    stack_env,
    start_gunicorn,
    stop,
    wait_until_up,
)

MEASURED = [
    Target("floor", "floor", "/health/live/"),
    Target("popular (page 1)", "REST", "/api/movies/popular/"),
]


@dataclass(frozen=True)
class Attack:
    """One attack class: a request body sent to ``path`` (POST, JSON unless ``content_type`` says);
    with ``bodies``, each request sends the next of them in turn."""

    name: str
    body: str
    path: str = "/graphql/"
    content_type: str = "application/json"
    bodies: tuple[str, ...] = ()

    def body_for(self, index: int) -> str:
        return self.bodies[index % len(self.bodies)] if self.bodies else self.body


BOUNDARY = "abuse-bench-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def _multipart(fields: dict[str, str], file_bytes: int) -> str:
    """A multipart body: the form fields, then one CSV file of ``file_bytes`` bytes."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ratings.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n" + "a" * file_bytes + f"\r\n--{BOUNDARY}--\r\n"
    )
    return "".join(parts)


def _graphql_upload(file_bytes: int) -> str:
    """importHistory's multipart request (GraphQL multipart spec) with a file of ``file_bytes``."""
    query = "mutation($f: Upload!) { importHistory(file: $f) { __typename } }"
    operations = json.dumps({"query": query, "variables": {"f": None}})
    return _multipart({"operations": operations, "map": json.dumps({"0": ["variables.f"]})}, file_bytes)


def _fragment_fan_out(levels: int = 30) -> str:
    """Fragments that each spread the one before twice: 2**levels fields if expanded."""
    fragments = ["fragment F0 on Query { genres { name } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return json.dumps({"query": f"{{ ...F{levels} }} " + " ".join(fragments)})


def _nested_lists(movie_id: int) -> str:
    """Reviews of the movie of each review, four times over, inside the depth limit."""
    inner = "title"
    for _ in range(4):
        inner = f"reviews(pagination: {{limit: 100}}) {{ rating movie {{ {inner} }} }}"
    return json.dumps({"query": f"{{ movie(tmdbId: {movie_id}) {{ {inner} }} }}"})


def _aliased_pages() -> str:
    """15 aliases of a 100-movie page with their reviews."""
    fields = " ".join(
        f"m{i}: movies(pagination: {{limit: 100}}) {{ title reviews {{ rating }} }}" for i in range(15)
    )
    return json.dumps({"query": f"{{ {fields} }}"})


def _persisted(query: str) -> str:
    """A persisted-query registration: the query with its SHA-256 (Apollo's second request)."""
    sha = hashlib.sha256(query.encode()).hexdigest()
    return json.dumps({"query": query, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}})


def _registration_flood(count: int = 20_000) -> tuple[str, ...]:
    """``count`` distinct queries to register, more than the store keeps (GRAPHQL_APQ_MAX_ENTRIES)."""
    return tuple(_persisted(f"query Flood{i} {{ genres {{ name }} }}") for i in range(count))


def attacks(movie_id: int) -> list[Attack]:
    flood = _registration_flood()
    return [
        Attack("fragment fan-out (2^30 fields)", _fragment_fan_out()),
        Attack("nested lists (reviews x4)", _nested_lists(movie_id)),
        Attack("15 aliases x 100 movies + reviews", _aliased_pages()),
        Attack(
            "NUL byte in an argument", json.dumps({"query": '{ search(q: "a\\u0000b") { totalResults } }'})
        ),
        Attack("JSON nested 100,000 deep", "[" * 100_000 + "]" * 100_000),
        Attack(
            "body over the upload limit (3 MB)",
            json.dumps({"query": "{ genres { name } }", "pad": "x" * 3_000_000}),
        ),
        # Upload floods: refused from the declared length before a byte is read, or (a file over
        # 5 MB inside the 64 KB form allowance, sent where the upload is parsed before sign-in)
        # stopped at the chunk that passes the limit, nothing kept past it.
        Attack(
            "upload declaring 20 MB (REST import)",
            _multipart({}, 20 * 1024 * 1024),
            path="/api/user/import/",
            content_type=MULTIPART,
        ),
        Attack(
            "upload of 5 MB + 40 KB (GraphQL importHistory)",
            _graphql_upload(5 * 1024 * 1024 + 40 * 1024),
            content_type=MULTIPART,
        ),
        # Each request registers another persisted query: each client stops being kept after its
        # registration rate (100 an hour) and the store evicts the least recently used, so the
        # check after the flood must still register a newcomer's query.
        Attack("persisted query registration flood", flood[0], bodies=flood),
    ]


def send(
    base: str, attack: Attack, address: str, timeout: float = 30.0, index: int = 0
) -> tuple[int, str, float]:
    """One attack request (its ``index``-th body): (status, error code or message, seconds)."""
    request = urllib.request.Request(
        base + attack.path,
        data=attack.body_for(index).encode(),
        headers={"Content-Type": attack.content_type, "X-Forwarded-For": address},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except (urllib.error.URLError, ConnectionError):  # answered and closed before the body was sent
        return 0, "connection closed by the server", time.perf_counter() - started
    elapsed = time.perf_counter() - started
    try:
        body = json.loads(raw)
        # GraphQL errors carry extensions.code, REST errors (rest_api.exceptions) their own code.
        error = (body.get("errors") or [{}])[0]
        what = error.get("extensions", {}).get("code") or error.get("code") or error.get("message")
        what = what or "answered"
    except (ValueError, AttributeError):
        what = raw[:60].decode(errors="replace")
    return status, str(what)[:60], elapsed


def newcomer(base: str) -> str:
    """Whether a client from a fresh address can still register a query and run it by hash alone."""
    query = f"query Newcomer{time.time_ns()} {{ me {{ email }} }}"  # never a cached answer
    address = "10.250.0.1"
    registration = Attack("newcomer", _persisted(query))
    send(base, registration, address)
    sha = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    by_hash = Attack("newcomer", json.dumps({"extensions": extensions}))
    status, what, _seconds = send(base, by_hash, address)
    return "kept" if (status, what) == (200, "answered") else f"not kept ({status} {what})"


def attacker_script(attack: Attack, folder: Path, index: int, rotate: bool) -> Path:
    """A wrk script that POSTs the attack: one client address per connection (wrk thread), or with
    ``rotate`` another address for every request."""
    body_file = folder / f"attack_{index}.body"
    lines = [
        'wrk.method = "POST"',
        f'wrk.headers["Content-Type"] = "{attack.content_type}"',
        "local threads = 0",
        "function setup(thread) threads = threads + 1; thread:set('client', threads) end",
        'function init(args) wrk.headers["X-Forwarded-For"] = "10.66.0." .. client end',
    ]
    if attack.bodies:  # one JSON body a line, sent in turn (each thread from its own offset)
        body_file.write_text("\n".join(attack.bodies) + "\n")
        lines += [
            f'local bodies = {{}}; for line in io.lines("{body_file}") do bodies[#bodies + 1] = line end',
            "local sent = 0",
            "function request() sent = sent + 1; "
            "return wrk.format(nil, nil, nil, bodies[(sent * 7 + client * 997) % #bodies + 1]) end",
        ]
    else:
        body_file.write_text(attack.body)
        lines.append(f'local f = io.open("{body_file}", "rb"); wrk.body = f:read("*a"); f:close()')
    if rotate:
        lines += rotating_addresses(7)
    path = folder / f"attack_{index}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def start_attackers(wrk: str, base: str, attack: Attack, index: int, args: argparse.Namespace, folder: Path):
    """``--attackers`` clients (one wrk thread and connection each) sending the attack without pause."""
    seconds = 2 * args.duration + 4
    command = [
        wrk, f"-t{args.attackers}", f"-c{args.attackers}", f"-d{seconds}s", "--timeout", "10s", "--latency",
        "-s", str(attacker_script(attack, folder, index, args.rotate)), base + attack.path,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _row(label: str, result: Result, quiet: Result) -> str:
    change = (result.rps / quiet.rps - 1) * 100
    return (
        f"| {label} | {result.target.name} | {result.rps:,.0f} | {change:+.0f}% | {result.p99_ms:.1f} | "
        f"{quiet.p99_ms:.1f} | {result.errors}/{result.requests} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds each measured endpoint runs")
    parser.add_argument("--attackers", type=int, default=4, help="attacking clients, one connection each")
    parser.add_argument(
        "--rotate", action="store_true", help="a new client address for every attack request (a botnet)"
    )
    parser.add_argument("--connections", type=int, default=8, help="measuring wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="measuring wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--samples", type=int, default=50, help="one-by-one requests per attack for its cost")
    parser.add_argument("--only", default="", help="run only the attacks whose name contains this")
    args = parser.parse_args()
    env = stack_env()
    wrk = ensure_wrk()
    movie_id, _token = prepare_database(env, "bench@moviverse.local")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        process = start_gunicorn(
            env,
            port,
            args.workers,
            args.gunicorn_threads,
            args.connections + args.attackers,
            folder / "g.log",
        )
        attackers = None
        try:
            wait_until_up(base, process)
            lines += [
                "| attack | answer | median ms | p99 ms |",
                "|---|---|---:|---:|",
            ]
            for n, attack in enumerate(a for a in attacks(movie_id) if args.only in a.name):
                times = []
                for i in range(args.samples + 1):
                    status, what, seconds = send(base, attack, f"10.200.{n}.{i % 250}", index=i)
                    times.append(seconds * 1000)
                answer = f"{status} {what}"
                cuts = statistics.quantiles(times[1:], n=100)
                lines.append(
                    f"| {attack.name} | {answer} | {statistics.median(times[1:]):.1f} | {cuts[98]:.1f} |"
                )
                print(f"{attack.name:40} {answer:40} {statistics.median(times[1:]):7.1f} ms", file=sys.stderr)
            for target in MEASURED:
                request(base, target, "")  # warms the cache
            processes = (process.pid, redis_pid(env))
            quiet = {t.name: run_wrk(wrk, base, t, "", "", args, folder, processes) for t in MEASURED}
            lines += [
                "",
                f"Measured with wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
                f"{args.attackers} attacking clients{' (a new address per request)' if args.rotate else ''}.",
                "",
                "| during | endpoint | req/s | vs quiet | p99 ms | quiet p99 ms | errors |",
                "|---|---|---:|---:|---:|---:|---:|",
            ]
            lines += [_row("quiet", quiet[t.name], quiet[t.name]) for t in MEASURED]
            for n, attack in enumerate(a for a in attacks(movie_id) if args.only in a.name):
                attackers = start_attackers(wrk, base, attack, n, args, folder)
                time.sleep(2)
                for target in MEASURED:
                    result = run_wrk(wrk, base, target, "", "", args, folder, processes)
                    lines.append(_row(attack.name, result, quiet[target.name]))
                    print(f"{attack.name:40} {target.name:20} {result.rps:10,.0f} req/s", file=sys.stderr)
                output, _ = attackers.communicate(timeout=args.duration * 2 + 60)
                attackers = None
                sent = parse_wrk(output, Target(attack.name, "attack", attack.path))
                lines.append(
                    f"| {attack.name} | (the attack itself) | {sent.rps:,.0f} | | {sent.p99_ms:.1f} | | "
                    f"{sent.errors}/{sent.requests} non-2xx |"
                )
                if attack.bodies:
                    kept = newcomer(base)
                    lines.append(f"| {attack.name} | a newcomer's registration afterwards | {kept} | | | | |")
        except Exception:
            sys.stderr.write((folder / "g.log").read_text()[-4000:])
            raise
        finally:
            if attackers is not None and attackers.poll() is None:
                attackers.kill()
            stop(process)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
