"""Load benchmark: REST and GraphQL reads side by side against gunicorn, PostgreSQL and Redis.

Usage (PostgreSQL and Redis must be running; the database is migrated and seeded if empty)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moviverse_bench \\
    REDIS_URL=redis://127.0.0.1:6379/1 \\
    .venv/bin/python bench/load.py --duration 10 --connections 8 --threads 2

Starts gunicorn (config.wsgi, 2 workers x 4 threads) on a free 127.0.0.1 port (or ``--port``),
warms every endpoint once, then runs ``wrk --latency`` against each for a fixed duration and
prints a Markdown table: requests/s, p50, p99, throughput ratio to ``/health/live/`` (the
framework floor, measured first and last, the ratio taken against the mean of both) and the
GraphQL/REST ratio of each twin pair. Each read is measured as a REST
GET, a GraphQL POST and a GraphQL GET by persisted-query hash (Apollo's protocol, registered at
warm-up); trending and recommendations also as conditional reads (``If-None-Match`` with the
ETag of the warm-up answer, so every answer is a 304). Endpoints that do not exist yet (404 on
their route) are listed as skipped. Everything binds to 127.0.0.1; gunicorn is always stopped
and every wait has a time limit.
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Production settings except plain HTTP and no TMDb key (local catalog: nothing leaves the machine).
# Throttles keep their production rates: wrk plays a proxy in front of many clients, each request
# carrying one of CLIENTS addresses in X-Forwarded-For, so no single client reaches its limit.
# NUM_PROXIES=1: wrk plays the proxy, so each simulated client's X-Forwarded-For address counts.
# A production process refuses the development SECRET_KEY: each run signs with a random one.
BENCH_ENV = {
    "SECURE_SSL_REDIRECT": "false",
    "DEBUG": "false",
    "TMDB_API_KEY": "",
    "NUM_PROXIES": "1",
    "SECRET_KEY": secrets.token_urlsafe(50),
    # One bench user stands for many readers: its GraphQL points budget must not run out mid-run
    # (wrk cannot see a THROTTLED error inside a 200 answer). Address budgets stay as set: each
    # request comes from one of CLIENTS addresses.
    "GRAPHQL_COST_BUDGET_USER": str(10**12),
}
CLIENTS = 65536
MOVIE_FIELDS = (
    "tmdbId title overview releaseDate runtime posterUrl backdropUrl voteAverage language "
    "popularityScore genres { id name slug }"
)
STARTUP_TIMEOUT = 60.0
WARM_TIMEOUT = 120.0


@dataclass(frozen=True)
class Target:
    """One measured endpoint: a REST GET, a GraphQL POST or persisted-query GET, optionally signed in."""

    name: str
    surface: str  # "floor", "REST", "GraphQL" (POST) or "GraphQL GET" (persisted-query hash)
    path: str
    query: str | None = None  # GraphQL document; None for a REST GET
    auth: bool = False
    conditional: bool = False  # sends If-None-Match with the warm-up answer's ETag (304s)

    @property
    def persisted(self) -> bool:
        return self.surface.startswith("GraphQL GET")

    @property
    def twin(self) -> str:
        """The surface this one is compared with: its REST twin (conditional with conditional)."""
        return "REST 304" if self.conditional else "REST"

    def url_path(self) -> str:
        """The path requested: a GraphQL GET carries only the query's hash."""
        if not self.persisted:
            return self.path
        sha = hashlib.sha256(self.query.encode()).hexdigest()
        extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha}}, separators=(",", ":"))
        return f"{self.path}?{urllib.parse.urlencode({'extensions': extensions})}"


@dataclass(frozen=True)
class CpuSeconds:
    """CPU time (user + system) spent during one run by the gunicorn workers, Redis and wrk."""

    server: float
    redis: float | None  # None when Redis is not a process of this machine
    wrk: float


@dataclass(frozen=True)
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu: CpuSeconds | None = None


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def redis_pid(env: dict[str, str]) -> int | None:
    """The process id of the Redis server named by REDIS_URL, when it runs on this machine."""
    import redis

    url = env["REDIS_URL"]
    if urllib.parse.urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        return None
    return int(redis.Redis.from_url(url).info("server")["process_id"])


def cpu_snapshot(master: int, redis_server: int | None) -> tuple[float, float | None, float]:
    """CPU seconds so far of the gunicorn workers, Redis and this process's finished children (wrk)."""
    server = sum(_process_cpu(pid) for pid in _workers(master))
    times = os.times()
    redis_cpu = _process_cpu(redis_server) if redis_server is not None else None
    return server, redis_cpu, times.children_user + times.children_system


def _reads(movie_id: int) -> list[tuple[str, str, str, bool]]:
    """(name, REST path, GraphQL query selecting the same fields, signed in) of every read."""
    return [
        (
            "trending",
            "/api/movies/trending/?time_range=week&limit=20",
            f"{{ trending(timeRange: WEEK, limit: 20) {{ {MOVIE_FIELDS} }} }}",
            False,
        ),
        (
            "popular",
            "/api/movies/popular/?page=1",
            f"{{ popular(page: 1) {{ page totalPages totalResults results {{ {MOVIE_FIELDS} }} }} }}",
            False,
        ),
        (
            "movie detail",
            f"/api/movies/{movie_id}/",
            f"{{ movie(tmdbId: {movie_id}) {{ {MOVIE_FIELDS} "
            "cast { person { tmdbId name photoUrl } characterName order } "
            "crew { person { tmdbId name photoUrl } department role } "
            "videos { key site type name official } } }",
            False,
        ),
        (
            "search",
            "/api/movies/search/?q=star&page=1",
            f'{{ search(q: "star", page: 1) {{ page totalPages totalResults '
            f"results {{ {MOVIE_FIELDS} }} }} }}",
            False,
        ),
        (
            "recommendations",
            "/api/movies/recommendations/?limit=20",
            f"{{ recommendations(limit: 20) {{ score reasons movie {{ {MOVIE_FIELDS} }} }} }}",
            True,
        ),
    ]


CONDITIONAL = ("trending", "recommendations")


FLOOR_AGAIN = Target("floor (again)", "floor", "/health/live/")


def targets(movie_id: int) -> list[Target]:
    """Every endpoint measured, REST and GraphQL twins under the same name."""
    found = [Target("floor", "floor", "/health/live/")]
    for name, path, query, auth in _reads(movie_id):
        found += [
            Target(name, "REST", path, auth=auth),
            Target(name, "GraphQL", "/graphql/", query, auth=auth),
            Target(name, "GraphQL GET", "/graphql/", query, auth=auth),
        ]
        if name in CONDITIONAL:
            found += [
                Target(name, "REST 304", path, auth=auth, conditional=True),
                Target(name, "GraphQL GET 304", "/graphql/", query, auth=auth, conditional=True),
            ]
    return found


def stack_env() -> dict[str, str]:
    """The environment of the benchmarked processes; exits unless PostgreSQL and Redis are named."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit(
            "set DATABASE_URL=postgres://... and REDIS_URL=redis://... (the benchmark runs the real stack)"
        )
    return {**os.environ, **BENCH_ENV, "DJANGO_SETTINGS_MODULE": "config.settings"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    """Path of wrk, installed with apt-get (Debian package ``wrk``) when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True, timeout=300)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is not installed and apt-get could not install it")
    return found


PREPARE_SCRIPT = """
import json, os
from django.core.management import call_command
from accounts.models import User
from catalog.models import Movie
from accounts.tokens import token_pair_for
from engagement import services
from engagement.models import Review
if not Movie.objects.exists():
    call_command("seed_demo")
email = os.environ["BENCH_USER_EMAIL"]
user, created = User.objects.get_or_create(email=email, defaults={"username": email.split("@")[0]})
if created:
    # The bench user likes what a demo user liked (its first 30 ratings of 4 and up).
    demo = Review.objects.filter(user__is_active=False, rating__gte=4).order_by("user_id", "movie_id")
    first_user = demo.values_list("user_id", flat=True).first()
    for tmdb_id, rating in demo.filter(user_id=first_user).values_list("movie_id", "rating")[:30]:
        services.review_create(user=user, tmdb_id=tmdb_id, rating=rating)
movie = Movie.objects.order_by("-rating_count", "tmdb_id").first()
print(json.dumps({"movie": movie.tmdb_id, "token": token_pair_for(user).access}))
"""


def prepare_database(env: dict[str, str], user_email: str) -> tuple[int, str]:
    """Migrate, seed the demo catalog if empty, make the bench user; (most-rated movie id, access token)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT, timeout=600)
    out = subprocess.run(
        [*manage, "shell", "-c", PREPARE_SCRIPT],
        check=True,
        env={**env, "BENCH_USER_EMAIL": user_email},
        cwd=ROOT,
        timeout=900,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["movie"], data["token"]


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, connections: int, log: Path
) -> subprocess.Popen:
    # A gthread worker accepts every pending connection it can, so wrk's keep-alive connections could
    # all land on one worker (one core) and halve a run's throughput at random. Capping each worker
    # at its share spreads them evenly, as a balancing proxy in front of the workers would.
    per_worker = max(1, -(-connections // workers))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--worker-connections",
        str(per_worker),
        "--timeout",
        "30",
    ]
    with log.open("wb") as sink:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=sink, stderr=sink, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM gunicorn's process group, SIGKILL after 15 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _body(target: Target) -> bytes | None:
    """The POST body: the query, and for a persisted query its hash too (which registers it)."""
    if not target.query:
        return None
    if not target.persisted:
        return json.dumps({"query": target.query}).encode()
    sha = hashlib.sha256(target.query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    return json.dumps({"query": target.query, "extensions": extensions}).encode()


def request(base: str, target: Target, token: str, timeout: float = 30.0) -> tuple[int, str]:
    """One request (a persisted query is registered first); its status and ETag.

    GraphQL errors in a 200 body count as 500.
    """
    headers = {"Content-Type": "application/json"}
    if target.auth:
        headers["Authorization"] = f"Bearer {token}"
    if target.persisted:
        register = urllib.request.Request(base + target.path, data=_body(target), headers=headers)
        urllib.request.urlopen(register, timeout=timeout).close()
        req = urllib.request.Request(base + target.url_path(), headers=headers)
    else:
        req = urllib.request.Request(base + target.path, data=_body(target), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            body = json.loads(response.read() or b"{}")
            if target.query and (body.get("errors") or not body.get("data")):
                return 500, ""
            return response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during startup (see its log)")
        try:
            if request(base, Target("floor", "floor", "/health/live/"), "", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn not up after {STARTUP_TIMEOUT:.0f}s")


def rotating_addresses(last_octet: int) -> list[str]:
    """wrk Lua lines sending each request from another of CLIENTS addresses (X-Forwarded-For)."""
    return [
        "request = function()",
        f"  local n = math.random(0, {CLIENTS - 1})",
        '  wrk.headers["X-Forwarded-For"] = "10." .. math.floor(n / 256) .. "." .. (n % 256) .. '
        f'".{last_octet}"',
        "  return wrk.format()",
        "end",
    ]


def lua_script(target: Target, token: str, etag: str, folder: Path) -> Path:
    """A wrk script setting method, body and headers of the target, and a client address per request."""
    lines = []
    if target.query and not target.persisted:
        lines += ['wrk.method = "POST"', f"wrk.body = {json.dumps(json.dumps({'query': target.query}))}"]
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    if target.auth:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {token}"')
    if target.conditional:
        lines.append(f'wrk.headers["If-None-Match"] = {json.dumps(etag)}')
    lines += rotating_addresses(1)
    path = folder / f"{re.sub(r'[^a-z]+', '_', target.name)}_{target.surface}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str, target: Target) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(map(int, socket_errors.groups())) if socket_errors else 0
    )
    return Result(target, rps, p50, p99, errors, total)


def run_wrk(
    wrk: str,
    base: str,
    target: Target,
    token: str,
    etag: str,
    args: argparse.Namespace,
    folder: Path,
    processes: tuple[int, int | None],
) -> Result:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(lua_script(target, token, etag, folder)),
        base + target.url_path(),
    ]
    before = cpu_snapshot(*processes)
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=args.duration + 30)
    after = cpu_snapshot(*processes)
    server, redis_cpu, wrk_cpu = (None if b is None else a - b for a, b in zip(after, before, strict=True))
    result = parse_wrk(out.stdout, target)
    return replace(result, cpu=CpuSeconds(server=server, redis=redis_cpu, wrk=wrk_cpu))


def report(results: list[Result], skipped: list[tuple[Target, str]], args: argparse.Namespace) -> str:
    floors = [r.rps for r in results if r.target.surface == "floor"]
    floor_rps = sum(floors) / len(floors)
    floor_runs = " and ".join(f"{rps:,.0f}" for rps in floors)
    by_key = {(r.target.name, r.target.surface): r for r in results}
    lines = [
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency; "
        f"gunicorn {args.workers} workers x {args.gunicorn_threads} threads (gthread); "
        f"x floor against the mean of the floor's runs ({floor_runs} req/s)",
        "",
        "CPU per request, in microseconds, of the gunicorn workers, Redis and wrk (all on this machine):",
        "",
        "| endpoint | surface | req/s | p50 ms | p99 ms | x floor | GraphQL/REST | errors "
        "| CPU gunicorn | CPU Redis | CPU wrk |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        twin = by_key.get((r.target.name, r.target.twin)) if r.target.surface.startswith("GraphQL") else None
        pair = f"{r.rps / twin.rps:.2f}" if twin else ""
        lines.append(
            f"| {r.target.name} | {r.target.surface} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
            f"{r.rps / floor_rps:.2f} | {pair} | {r.errors}/{r.requests} | {_per_request(r)} |"
        )
    for target, why in skipped:
        lines.append(f"| {target.name} | {target.surface} | skipped: {why} | | | | | | | | |")
    return "\n".join(lines)


def _per_request(result: Result) -> str:
    """The run's CPU columns: microseconds per request of gunicorn, Redis and wrk."""
    cpu = result.cpu
    if cpu is None or not result.requests:
        return " | | "
    cells = [cpu.server, cpu.redis, cpu.wrk]
    return " | ".join(
        "" if seconds is None else f"{seconds / result.requests * 1e6:,.0f}" for seconds in cells
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument(
        "--user-email", default="bench@moviverse.local", help="signed-in user (made if missing)"
    )
    parser.add_argument("--only", help="comma-separated endpoint names to measure (the floor always runs)")
    parser.add_argument("--port", type=int, help="port gunicorn binds on 127.0.0.1 (default: a free one)")
    args = parser.parse_args()
    env = stack_env()
    wrk = ensure_wrk()
    movie_id, token = prepare_database(env, args.user_email)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    wanted = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        process = start_gunicorn(
            env, port, args.workers, args.gunicorn_threads, args.connections, folder / "gunicorn.log"
        )
        try:
            wait_until_up(base, process)
            processes = (process.pid, redis_pid(env))
            results, skipped = [], []
            for target in targets(movie_id):
                if wanted and target.surface != "floor" and target.name not in wanted:
                    continue
                status, etag = request(base, target, token, timeout=WARM_TIMEOUT)  # warms caches and lists
                if status != 200:
                    skipped.append((target, f"HTTP {status} before the run"))
                    continue
                if target.conditional and not etag:
                    skipped.append((target, "no ETag before the run"))
                    continue
                results.append(run_wrk(wrk, base, target, token, etag, args, folder, processes))
                print(f"{target.surface:16} {target.name:16} {results[-1].rps:10,.0f} req/s", file=sys.stderr)
            # The floor drifts by several percent within a run: measured again last, the ratios
            # are taken against the mean of both.
            results.append(run_wrk(wrk, base, FLOOR_AGAIN, token, "", args, folder, processes))
        except Exception:
            sys.stderr.write((folder / "gunicorn.log").read_text()[-4000:])
            raise
        finally:
            stop(process)
    print(report(results, skipped, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
