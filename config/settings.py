"""MoviVerse settings: one module, driven by the environment only.

With no environment set, the embedded default runs: SQLite, local-memory cache,
eager Celery tasks and console e-mail. DATABASE_URL (or DATABASE_NAME/...) and
REDIS_URL switch to PostgreSQL, Redis cache and a Redis broker.
"""

import logging
from datetime import timedelta
from pathlib import Path

import environ
import structlog
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# `make run`'s development mode (off unless set; docs/configuration.md): sign-in limits and the
# login lockout spare loopback clients (common/dev_mode.py), CORS admits any http://localhost or
# http://127.0.0.1 port, and on the embedded default the web, worker and beat processes share a
# file cache and a file broker under LOCAL_STATE_DIR.
DEV_MODE = env.bool("DEV_MODE", default=False)
LOCAL_STATE_DIR = Path(env("LOCAL_STATE_DIR", default=str(BASE_DIR / "var")))
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-embedded-default-key-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "csp",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "strawberry_django",
    "django_structlog",
    "django_prometheus",
    "django_celery_results",
    "axes",
    "common",
    "audit",
    "accounts",
    "catalog",
    "engagement",
    "social",
    "recsys",
    "notifications",
    "portability",
    "demo",
    "graphql_schema",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.request_limits.BodySizeLimitMiddleware",
    "config.request_limits.UrlLengthLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.recording.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "common.http_caching.CachePolicyMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
elif env("DATABASE_NAME", default=""):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DATABASE_NAME"),
            "USER": env("DATABASE_USER", default="postgres"),
            "PASSWORD": env("DATABASE_PASSWORD", default=""),
            "HOST": env("DATABASE_HOST", default="127.0.0.1"),
            "PORT": env("DATABASE_PORT", default="5432"),
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL cancels a statement running longer than this: STATEMENT_TIMEOUT seconds in web
# processes (config/wsgi.py and config/asgi.py mark themselves), STATEMENT_TIMEOUT_LONG in Celery
# workers and management commands, whose batch jobs run longer. 0 turns the limit off.
PROCESS_KIND = env("MOVIVERSE_PROCESS", default="batch")
STATEMENT_TIMEOUT = env.float("STATEMENT_TIMEOUT", default=5.0)
STATEMENT_TIMEOUT_LONG = env.float("STATEMENT_TIMEOUT_LONG", default=600.0)
if IS_POSTGRES:
    _timeout = STATEMENT_TIMEOUT if PROCESS_KIND == "web" else STATEMENT_TIMEOUT_LONG
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c statement_timeout={int(_timeout * 1000)}".strip()

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# Redis answers a cache call in about a millisecond: waiting longer only makes a hung server
# (one that accepts connections and never answers) slow every request. Each connection gives
# up after these many seconds, and every connection to a server shares one circuit breaker
# (common/redis_breaker.py): after REDIS_BREAKER_FAILURES timeouts or errors in a row the
# server is not called for REDIS_BREAKER_RESET_SECONDS; the in-process fallbacks serve meanwhile.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.1)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.25)
REDIS_BREAKER_FAILURES = env.int("REDIS_BREAKER_FAILURES", default=3)
REDIS_BREAKER_RESET_SECONDS = env.float("REDIS_BREAKER_RESET_SECONDS", default=5.0)
REDIS_CONNECTION_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
    "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
}
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, instrumented with hit/miss counters for /metrics.
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="moviverse"),
            "OPTIONS": {
                # A dead Redis degrades to cache misses instead of failing requests.
                "IGNORE_EXCEPTIONS": True,
                **REDIS_CONNECTION_OPTIONS,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "moviverse.cache"
elif DEV_MODE:
    # `make run`: the worker's precomputed lists reach the web process through files.
    CACHES = {"default": {"BACKEND": "common.cache.FileCache", "LOCATION": str(LOCAL_STATE_DIR / "cache")}}
else:
    CACHES = {"default": {"BACKEND": "common.cache.LocalMemoryCache"}}
# Throttle, lockout and budget counters (common/limits.py). They must keep limiting when Redis
# is down, so they fall back to a per-process store instead of ignoring errors.
CACHES["limits"] = (
    {
        "BACKEND": "common.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="moviverse"),
        "OPTIONS": REDIS_CONNECTION_OPTIONS,
    }
    if REDIS_URL
    # Embedded default: one process, so its memory is the whole picture, as for the cache.
    else {"BACKEND": "common.cache.LocalMemoryCache", "LOCATION": "limits"}
)

# --- Celery -----------------------------------------------------------------
# `make run` on the embedded default: kombu's file broker (LOCAL_STATE_DIR/broker), so a real
# worker and beat run beside the web process with nothing else installed.
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=REDIS_URL or ("filesystem://localhost/" if DEV_MODE else "memory://")
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
# Embedded mode: a failing task is recorded (see failed tasks) instead of failing the request.
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# Hard time limits (seconds): a task running past its limit is killed and recorded as failed.
# CELERY_TASK_TIME_LIMIT covers every task; the whole-catalog jobs get their own, longer ones
# (the nightly recommendation run took 6.7 min for 100,000 users, 11.8 with reasons: bench/README.md).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
TASK_TIME_LIMITS = {
    # The fit only: the users are scored by recommend_batch tasks, under the default limit each.
    "recsys.tasks.generate_recommendations": env.int("RECSYS_RUN_TIME_LIMIT", default=30 * 60),
    "recsys.tasks.rescore_changed_users": env.int("RECSYS_RESCORE_TIME_LIMIT", default=10 * 60),
    "recsys.tasks.generate_daily_trending": env.int("TRENDING_RUN_TIME_LIMIT", default=10 * 60),
    "engagement.tasks.import_history": env.int("HISTORY_IMPORT_TIME_LIMIT", default=10 * 60),
}
CELERY_TASK_ANNOTATIONS = {name: {"time_limit": limit} for name, limit in TASK_TIME_LIMITS.items()}
# Longest countdown a task may be retried with (catalog.tasks.sync_tmdb_movie's retry_backoff_max).
TASK_MAX_RETRY_DELAY = 600
# Redis broker: a message a worker took stays unacknowledged until its task ends (acks_late), and
# Redis hands it to another worker once it has been out this long. If the worker died (kill -9,
# OOM, a lost host), the job waits that long before it is redone: Redis's default is one hour.
# It must outlast the longest task (time limit) and the longest retry countdown a worker holds,
# or a job still running, or still waiting, is delivered twice; a minute of slack over that.
CELERY_BROKER_VISIBILITY_TIMEOUT = (
    max(CELERY_TASK_TIME_LIMIT, TASK_MAX_RETRY_DELAY, *TASK_TIME_LIMITS.values()) + 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
}
if CELERY_BROKER_URL.startswith("filesystem://"):  # one folder: this app sends and consumes
    _folder = str(LOCAL_STATE_DIR / "broker")
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": _folder,
        "data_folder_out": _folder,
        "control_folder": str(LOCAL_STATE_DIR / "broker-control"),
    }
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "UTC"
# Results are not kept, failures are (in the database), so admins can list failed tasks.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
CELERY_TASK_STORE_EAGER_RESULT = True
# A worker serves its Prometheus metrics on this port (common/task_metrics.py); unset: not served.
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=None)
# Periodic jobs; the domain apps' tasks are registered here by name. Wall-clock (crontab)
# schedules, so a restart of beat (every deploy; its schedule file does not survive on most PaaS)
# never pushes a run back by a whole period. A worker's start also queues whichever of trending
# and recommendations is not stored yet (recsys.tasks.queue_missing_runs): a fresh deploy does
# not wait for the first scheduled run.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Hourly rather than the spec's "daily": the day window slides every hour, and the
    # precomputed lists live for TRENDING_CACHE_TTL (two runs), so one missed run is no miss.
    "generate-trending": {"task": "recsys.tasks.generate_daily_trending", "schedule": crontab(minute=0)},
    "cleanup-media": {"task": "common.tasks.cleanup_media", "schedule": crontab(hour=4, minute=30)},
    # Where to watch: the next batch of stale movies' offers, watchlisted and listed ones first.
    "refresh-watch-providers": {
        "task": "engagement.tasks.refresh_watch_providers",
        "schedule": timedelta(minutes=env.int("WATCH_PROVIDERS_REFRESH_MINUTES", default=30)),
    },
    # Notifications: watchlisted movies released in the last NOTIFY_RELEASED_WINDOW_DAYS, once each.
    "notify-releases": {"task": "notifications.tasks.notify_releases", "schedule": crontab(minute=20)},
    # History imports (with their lists of unmatched films) HISTORY_IMPORT_KEEP_DAYS after they end.
    "prune-history-imports": {
        "task": "engagement.tasks.prune_history_imports",
        "schedule": crontab(hour=4, minute=45),
    },
    # Delta-sync tombstones SYNC_TOMBSTONE_KEEP_DAYS after their removal.
    "prune-sync-tombstones": {
        "task": "portability.tasks.prune_sync_tombstones",
        "schedule": crontab(hour=4, minute=50),
    },
    # Nightly full refit, at RECSYS_RUN_HOUR (UTC), fanned out over the workers in batches.
    "generate-recommendations": {
        "task": "recsys.tasks.generate_recommendations",
        "schedule": crontab(hour=env.int("RECSYS_RUN_HOUR", default=3), minute=0),
    },
    # Between runs, users whose activity dropped their lists are rescored from the stored fit
    # (their next read would score them too, one at a time); a catalog that outgrew the fit
    # (RECSYS_REFIT_GROWTH) gets a refit from here rather than waiting for the night.
    "rescore-changed-recommendations": {
        "task": "recsys.tasks.rescore_changed_users",
        "schedule": timedelta(minutes=env.int("RECSYS_RESCORE_MINUTES", default=10)),
    },
    # Resumes or restarts a recommendation run whose worker died (RECSYS_RUN_STALE_SECONDS).
    "watch-recommendation-runs": {
        "task": "recsys.tasks.watch_runs",
        "schedule": timedelta(seconds=env.int("RECSYS_WATCHDOG_SECONDS", default=60)),
    },
}

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes): state lives in the limits cache, so every web process shares it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "limits"  # common/limits.py: keeps counting when Redis is down
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"  # API and admin logins count alike
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"
AXES_WHITELIST_CALLABLE = "common.dev_mode.lockout_exempt"  # loopback, in development mode only
# Lockouts are answered in the API's own error shapes (REST 429, GraphQL OperationInfo),
# not by axes' middleware.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
# Link e-mailed for password resets; {uid} and {token} are filled in.
PASSWORD_RESET_URL = env(
    "PASSWORD_RESET_URL", default="http://localhost:3000/reset-password?uid={uid}&token={token}"
)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_LIFETIME_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_LIFETIME_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# --- Client addresses -------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For (1 on most PaaS
# routers). 0 trusts only REMOTE_ADDR, so clients cannot forge their address to dodge
# throttles and lockouts.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# --- REST -------------------------------------------------------------------
# One page-size cap for both surfaces (REST pagination and GraphQL lists).
MAX_PAGE_SIZE = env.int("MAX_PAGE_SIZE", default=100)
# Seconds a rendered read (lists, detail, recommendations) is reused on both surfaces; writes
# retire it sooner (common/payload_cache.py). Bounds how long other users' ratings take to show.
PAYLOAD_CACHE_TTL = env.int("PAYLOAD_CACHE_TTL", default=60)
# Seconds a signed-in user's row stays cached for authentication (saves refresh it at once).
USER_CACHE_TTL = env.int("USER_CACHE_TTL", default=300)
# Rendered answers larger than this many bytes are not kept (so a few costly variants cannot
# fill the cache).
PAYLOAD_CACHE_MAX_BYTES = env.int("PAYLOAD_CACHE_MAX_BYTES", default=256 * 1024)
# How long browsers and shared caches may keep an anonymous catalog read (Cache-Control: public,
# max-age), and serve it stale while they revalidate it; signed-in answers are always revalidated.
HTTP_CACHE_MAX_AGE = env.int("HTTP_CACHE_MAX_AGE", default=30)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env.int("HTTP_CACHE_STALE_WHILE_REVALIDATE", default=60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.VersionedJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_api.parsing.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "rest_api.negotiation.FormatCheckingNegotiation",
    "DEFAULT_PAGINATION_CLASS": "rest_api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "rest_api.schema.ErrorDocumentingAutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    # Each scope is limited per client address and per signed-in user (api_policy/throttling.py).
    # Address limits sit above user limits, as many users may share an address behind NAT,
    # except for auth, whose anonymous endpoints only the address limit covers.
    "DEFAULT_THROTTLE_RATES": {
        "auth_ip": env("THROTTLE_AUTH_IP", default="20/min"),
        "auth_user": env("THROTTLE_AUTH_USER", default="10/min"),
        "tmdb_ip": env("THROTTLE_TMDB_IP", default="300/min"),
        "tmdb_user": env("THROTTLE_TMDB_USER", default="120/min"),
        "search_ip": env("THROTTLE_SEARCH_IP", default="150/min"),
        "search_user": env("THROTTLE_SEARCH_USER", default="60/min"),
        # Autocomplete runs on keystrokes: generous, yet bounded.
        "autocomplete_ip": env("THROTTLE_AUTOCOMPLETE_IP", default="600/min"),
        "autocomplete_user": env("THROTTLE_AUTOCOMPLETE_USER", default="300/min"),
        # Discover pages through the catalog by filters: a page per request.
        "discover_ip": env("THROTTLE_DISCOVER_IP", default="300/min"),
        "discover_user": env("THROTTLE_DISCOVER_USER", default="120/min"),
        # The calendar file is read by its secret URL alone (no account): per address only.
        # Calendar apps poll a few times an hour; a flood of guessed URLs is cut off here.
        "calendar_ip": env("THROTTLE_CALENDAR_IP", default="60/min"),
        "track_view_ip": env("THROTTLE_TRACK_VIEW_IP", default="300/min"),
        "track_view_user": env("THROTTLE_TRACK_VIEW_USER", default="120/min"),
        # Follows, blocks and privacy changes: a person clicks a few a minute; a burst is spam.
        "social_ip": env("THROTTLE_SOCIAL_IP", default="120/min"),
        "social_user": env("THROTTLE_SOCIAL_USER", default="30/min"),
        # Likes and comments: a reader likes or comments a few a minute; a burst is spam.
        "social_like_ip": env("THROTTLE_SOCIAL_LIKE_IP", default="240/min"),
        "social_like_user": env("THROTTLE_SOCIAL_LIKE_USER", default="60/min"),
        "social_comment_ip": env("THROTTLE_SOCIAL_COMMENT_IP", default="60/min"),
        "social_comment_user": env("THROTTLE_SOCIAL_COMMENT_USER", default="10/min"),
        # The activity feed: a statement over every followee's activities per page.
        "feed_ip": env("THROTTLE_FEED_IP", default="240/min"),
        "feed_user": env("THROTTLE_FEED_USER", default="60/min"),
        # History imports parse up to 5 MB each and write in bulk: a few an hour is plenty.
        "import_ip": env("THROTTLE_IMPORT_IP", default="30/hour"),
        "import_user": env("THROTTLE_IMPORT_USER", default="10/hour"),
        # Movie night scores a whole group per request; a group tries a few filters, not hundreds.
        "movie_night_ip": env("THROTTLE_MOVIE_NIGHT_IP", default="60/min"),
        "movie_night_user": env("THROTTLE_MOVIE_NIGHT_USER", default="20/min"),
        # Creating and joining movie nights; low enough that codes cannot be guessed by trying.
        "movie_night_invite_ip": env("THROTTLE_MOVIE_NIGHT_INVITE_IP", default="30/min"),
        "movie_night_invite_user": env("THROTTLE_MOVIE_NIGHT_INVITE_USER", default="10/min"),
        # Automatic persisted query registrations (each a query text kept for a day at most).
        "persist_query_ip": env("THROTTLE_PERSIST_QUERY_IP", default="100/hour"),
        "persist_query_user": env("THROTTLE_PERSIST_QUERY_USER", default="100/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": NUM_PROXIES,
    # OPTIONS answers 405 (CORS preflights are answered by django-cors-headers first).
    "DEFAULT_METADATA_CLASS": None,
}
# drf-standardized-errors' body for every error, unexpected ones included, whatever DEBUG is.
DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "rest_api.exceptions.ExceptionHandler",
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MoviVerse API",
    "DESCRIPTION": "REST compatibility layer of the MoviVerse movie-discovery backend. "
    "The main interface is GraphQL at /graphql/.\n\n"
    "Every error answer under /api/ has one JSON body (the Error schema): "
    '`{"type": "validation_error" | "client_error" | "server_error", '
    '"errors": [{"code": "...", "detail": "...", "attr": "field or null"}]}`; '
    "docs/errors.md lists the codes. Requests refused before any operation runs get it too: "
    "a Host header this server does not serve is a 400, and a URL "
    "(path and query) longer than API_MAX_URL_BYTES (4096 bytes by default) is a 414. "
    "A request line longer than 8190 bytes is refused by the HTTP server itself, with a "
    "plain-text 414.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MovieOverrideFieldEnum": "catalog.services.OVERRIDABLE",
        "ErrorTypeEnum": "rest_api.schema.ERROR_TYPES",
        "KindEnum": "rest_api.admin_api.serializers.ADMIN_LOG_KINDS",
        "NotificationKindEnum": "notifications.models.Kind",
        "AudienceEnum": "social.models.Audience",
        "FollowStatusEnum": "social.models.Follow.Status",
    },
}

STRAWBERRY_DJANGO = {
    "PAGINATION_DEFAULT_LIMIT": 20,
    "PAGINATION_MAX_LIMIT": MAX_PAGE_SIZE,
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": True,
}
GRAPHQL_GRAPHIQL = env.bool("GRAPHQL_GRAPHIQL", default=DEBUG)
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=True)
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=15)
GRAPHQL_MAX_TOKENS = env.int("GRAPHQL_MAX_TOKENS", default=2000)
# Query cost (common/costs.py, docs/query-cost.md): the most one operation may cost, and the
# points each client address and each signed-in user may spend per window (seconds).
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=10000)
GRAPHQL_COST_BUDGET_IP = env.int("GRAPHQL_COST_BUDGET_IP", default=100000)
GRAPHQL_COST_BUDGET_USER = env.int("GRAPHQL_COST_BUDGET_USER", default=50000)
GRAPHQL_COST_WINDOW = env.int("GRAPHQL_COST_WINDOW", default=60)
# Longest text any GraphQL argument may carry.
GRAPHQL_MAX_STRING_LENGTH = env.int("GRAPHQL_MAX_STRING_LENGTH", default=10000)
# Seconds a GraphQL execution may run before it stops between resolvers.
REQUEST_TIME_LIMIT = env.float("REQUEST_TIME_LIMIT", default=10.0)
# Automatic persisted queries (graphql_schema/persisted_queries.py): client-registered texts are
# kept until unused for GRAPHQL_APQ_TTL seconds, at most GRAPHQL_APQ_MAX_ENTRIES of them (the
# least recently used evicted first) and GRAPHQL_APQ_MAX_QUERY_BYTES each; each client registers
# at most the persist_query throttle rates above. `manage.py persist_queries` registers texts ahead in the
# manifest file; GRAPHQL_PERSISTED_ONLY=True runs nothing else (an allow-list).
GRAPHQL_PERSISTED_ONLY = env.bool("GRAPHQL_PERSISTED_ONLY", default=False)
GRAPHQL_PERSISTED_QUERIES_FILE = env(
    "GRAPHQL_PERSISTED_QUERIES_FILE", default=str(BASE_DIR / "persisted_queries.json")
)
GRAPHQL_APQ_TTL = env.int("GRAPHQL_APQ_TTL", default=24 * 3600)
GRAPHQL_APQ_MAX_ENTRIES = env.int("GRAPHQL_APQ_MAX_ENTRIES", default=10000)
GRAPHQL_APQ_MAX_QUERY_BYTES = env.int("GRAPHQL_APQ_MAX_QUERY_BYTES", default=16384)

# --- TMDb -------------------------------------------------------------------
TMDB_API_KEY = env("TMDB_API_KEY", default="")
# Where clients reach this server: drawn posters and backdrops (movies without TMDb images) link here.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://localhost:8000")
TMDB_BASE_URL = env("TMDB_BASE_URL", default="https://api.themoviedb.org/3")
TMDB_IMAGE_BASE_URL = env("TMDB_IMAGE_BASE_URL", default="https://image.tmdb.org/t/p/")
TMDB_LANGUAGE = env("TMDB_LANGUAGE", default="en-US")
# (connect, read) seconds per attempt; attempts are retried on timeouts, connection errors, 5xx and 429.
TMDB_TIMEOUT = (env.float("TMDB_CONNECT_TIMEOUT", default=2.0), env.float("TMDB_READ_TIMEOUT", default=4.0))
TMDB_MAX_ATTEMPTS = env.int("TMDB_MAX_ATTEMPTS", default=3)
TMDB_BACKOFF_SECONDS = env.float("TMDB_BACKOFF_SECONDS", default=0.5)
TMDB_RETRY_AFTER_MAX_SECONDS = env.float("TMDB_RETRY_AFTER_MAX_SECONDS", default=5.0)
# The circuit opens after this many consecutive failed calls and stays open for the timeout.
TMDB_BREAKER_FAIL_MAX = env.int("TMDB_BREAKER_FAIL_MAX", default=5)
TMDB_BREAKER_RESET_SECONDS = env.int("TMDB_BREAKER_RESET_SECONDS", default=60)
# Cache TTLs (seconds) of TMDb payloads (spec 7.4): lists, movie details, search, configuration.
TMDB_LIST_TTL = env.int("TMDB_LIST_TTL", default=10 * 60)
TMDB_DETAIL_TTL = env.int("TMDB_DETAIL_TTL", default=12 * 3600)
TMDB_SEARCH_TTL = env.int("TMDB_SEARCH_TTL", default=60)
TMDB_CONFIGURATION_TTL = env.int("TMDB_CONFIGURATION_TTL", default=24 * 3600)
# fill_from_tmdb: its steady pace (TMDb allows about 40 requests a second per address), how often it
# reports progress, and how long a movie synced from TMDb counts as filled (skipped on a re-run).
TMDB_FILL_REQUESTS_PER_SECOND = env.float("TMDB_FILL_REQUESTS_PER_SECOND", default=20.0)
TMDB_FILL_PROGRESS_EVERY = env.int("TMDB_FILL_PROGRESS_EVERY", default=100)
TMDB_FILL_FRESH_DAYS = env.int("TMDB_FILL_FRESH_DAYS", default=30)
# Where to watch (catalog/offers_refresh.py): a region's default for readers without one; how old
# a movie's offers may get before the refresh job re-reads them; movies per run and their pace.
DEFAULT_REGION = env("DEFAULT_REGION", default="US").upper()
WATCH_PROVIDERS_STALE_HOURS = env.int("WATCH_PROVIDERS_STALE_HOURS", default=24)
WATCH_PROVIDERS_REFRESH_BATCH = env.int("WATCH_PROVIDERS_REFRESH_BATCH", default=200)
WATCH_PROVIDERS_REQUESTS_PER_SECOND = env.float("WATCH_PROVIDERS_REQUESTS_PER_SECOND", default=5.0)
# The most providers a user may name as their services.
USER_SERVICES_MAX_PROVIDERS = env.int("USER_SERVICES_MAX_PROVIDERS", default=50)
# Notifications: how far back the hourly release job looks for watchlisted movies released
# (a missed run is caught up within this window); the most events of each kind a calendar holds.
NOTIFY_RELEASED_WINDOW_DAYS = env.int("NOTIFY_RELEASED_WINDOW_DAYS", default=7)
CALENDAR_MAX_EVENTS = env.int("CALENDAR_MAX_EVENTS", default=500)

# --- Trending ---------------------------------------------------------------
# Weights of the trending score; the formula is documented in recsys/trending.py.
TRENDING = {
    # Length of each precomputed list; never shorter than the largest `limit` a client may ask.
    "TOP_N": max(env.int("TRENDING_TOP_N", default=100), MAX_PAGE_SIZE),
    "CACHE_TTL": env.int("TRENDING_CACHE_TTL", default=2 * 3600),
    "HALF_LIFE_HOURS": {
        "day": env.float("TRENDING_HALF_LIFE_DAY_HOURS", default=6.0),
        "week": env.float("TRENDING_HALF_LIFE_WEEK_HOURS", default=48.0),
    },
    "VIEW_WEIGHT": env.float("TRENDING_VIEW_WEIGHT", default=1.0),
    "VIEWER_WEIGHT": env.float("TRENDING_VIEWER_WEIGHT", default=2.0),
    "RATING_WEIGHT": env.float("TRENDING_RATING_WEIGHT", default=3.0),
    "TMDB_WEIGHT": env.float("TRENDING_TMDB_WEIGHT", default=0.4),
}

# --- Uploads ----------------------------------------------------------------
# Largest total of files one request may carry (history imports). Files are counted while they
# stream and reading stops past it (config/uploads.py); a multipart body declaring more than
# this plus UPLOAD_FORM_ALLOWANCE_BYTES (its form fields and part headers) is refused unread.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_FORM_ALLOWANCE_BYTES = env.int("UPLOAD_FORM_ALLOWANCE_BYTES", default=64 * 1024)
FILE_UPLOAD_HANDLERS = [
    "config.uploads.LimitedUploadHandler",  # first, so no other handler keeps a byte past the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- History imports --------------------------------------------------------
# Imports one user may have waiting or running at a time (engagement/history_import.py), and the
# days a finished import (with its list of unmatched films) is kept before it is deleted.
HISTORY_IMPORT_MAX_ACTIVE = env.int("HISTORY_IMPORT_MAX_ACTIVE", default=3)
HISTORY_IMPORT_KEEP_DAYS = env.int("HISTORY_IMPORT_KEEP_DAYS", default=30)
SYNC_TOMBSTONE_KEEP_DAYS = env.int("SYNC_TOMBSTONE_KEEP_DAYS", default=30)

# --- Lists -----------------------------------------------------------------
# Limits of user lists (engagement/lists.py): entries a list holds, lists a user owns,
# collaborators a list has. Past a limit a write is a 409 (GraphQL: a VALIDATION message).
LIST_MAX_ENTRIES = env.int("LIST_MAX_ENTRIES", default=5000)
LISTS_PER_USER_MAX = env.int("LISTS_PER_USER_MAX", default=1000)
LIST_MAX_COLLABORATORS = env.int("LIST_MAX_COLLABORATORS", default=20)

# --- Media cleanup ----------------------------------------------------------
# Nothing in the models references files, so every regular file under these MEDIA_ROOT
# folders older than the age is an orphan (common.tasks.cleanup_media).
MEDIA_CLEANUP_DIRS = env.list("MEDIA_CLEANUP_DIRS", default=["tmp", "exports"])
MEDIA_CLEANUP_MAX_AGE_HOURS = env.int("MEDIA_CLEANUP_MAX_AGE_HOURS", default=24)

# --- Recommendations --------------------------------------------------------
# Engines in recsys/engines/; weights chosen by the offline evaluation (bench/README.md).
RECSYS = {
    # Blend of per-user min-max normalized component scores (strategy "hybrid"; "collab" uses
    # its ease/itemknn part, "content" content alone) plus a novelty bonus for the long tail.
    # Env, ";" between pairs (as for every weights dict here; "ease=0.5,itemknn=0.3" would read
    # as {"ease": 5.0}): "ease=0.5;itemknn=0.3;content=0.15;novelty=0.25". Defaults: bench/recsys_tune.py
    # on both holdouts of ml-latest-small (bench/README.md); the spec's 0.6 content / 0.4 collab
    # scores far lower.
    "HYBRID_WEIGHTS": env.dict(
        "RECSYS_HYBRID_WEIGHTS",
        cast={"value": float},
        default={"ease": 0.5, "itemknn": 0.3, "content": 0.15, "novelty": 0.25, "popularity": 0.0},
    ),
    # Item-based lists ("more like this movie"): collaborative blended with content neighbours.
    "ITEM_WEIGHTS": env.dict(
        "RECSYS_ITEM_WEIGHTS", cast={"value": float}, default={"itemknn": 0.6, "content": 0.4}
    ),
    # Implicit-feedback strengths: a rating >= 4 is "liked" (plus "liked_per_star" for each star
    # above 4), a lower one "rated"; a dismissal ("not interested") is negative: its neighbours
    # sink in that user's scores. The env variable overrides some or all of them. "rated_vote"
    # replaces "rated" in the user's own row when that user is scored: a rating below 4 teaches
    # the models, but for its rater it only marks the movie seen (0: it votes for none of its
    # neighbours). Diary: "play" (logged as watched, above a bare view), "rewatch" (two or more
    # plays) and "play_liked" (the diary's heart) are strong; "list": on a list the user owns,
    # put there by the user. bench/README.md "Diary and list signals" says why.
    "SIGNAL_WEIGHTS": {
        "liked": 1.0,
        "liked_per_star": 0.0,
        "rated": 0.5,
        "rated_vote": 0.0,
        "favorite": 1.0,
        "watchlist": 0.5,
        "view": 0.3,
        "play": 0.5,
        "rewatch": 1.0,
        "play_liked": 1.0,
        "list": 0.7,
        "not_interested": -1.0,
        **env.dict("RECSYS_SIGNAL_WEIGHTS", cast={"value": float}, default={}),
    },
    "NEIGHBOURS": env.int("RECSYS_NEIGHBOURS", default=100),  # K neighbours kept per item and component
    "EASE_LAMBDA": env.float("RECSYS_EASE_LAMBDA", default=500.0),
    # EASE inverts an m x m matrix (O(m^3)); it covers the m most-interacted items, item-kNN the rest.
    "EASE_MAX_ITEMS": env.int("RECSYS_EASE_MAX_ITEMS", default=5000),
    # Users with fewer interactions get content (then popularity) instead of the collaborative blend.
    "MIN_HISTORY": env.int("RECSYS_MIN_HISTORY", default=3),
    "TOP_N": max(env.int("RECSYS_TOP_N", default=100), MAX_PAGE_SIZE),  # length of each stored list
    "BATCH_SIZE": env.int("RECSYS_BATCH_SIZE", default=500),  # users scored and written per batch task
    # A run with no heartbeat for longer counts as abandoned (its worker died, and beat's watchdog,
    # RUN_STALE_SECONDS, did not take it over): the next run may start.
    "RUN_LOCK_SECONDS": env.int("RECSYS_RUN_LOCK_SECONDS", default=6 * 3600),
    # A run whose heartbeat is older than this lost its worker: the watchdog resumes it (its
    # batches are sent again) or, if it died before its fit was stored, fails it and starts anew.
    "RUN_STALE_SECONDS": env.int("RECSYS_RUN_STALE_SECONDS", default=5 * 60),
    # The rescoring task schedules a refit before the nightly run when the catalog has this much
    # more (0.2: 20%) movies or interactions than the current model was fitted on, or it has none.
    "REFIT_GROWTH": env.float("RECSYS_REFIT_GROWTH", default=0.2),
    "CACHE_TTL": env.int("RECSYS_CACHE_TTL", default=36 * 3600),  # a day's run plus slack
}

# --- CORS / security --------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
# Bearer tokens, not cookies: no origin may send credentials.
CORS_ALLOW_CREDENTIALS = False
# Development mode: a frontend on any local port calls both surfaces.
DEV_CORS_ORIGIN_REGEXES = [r"^http://localhost(:\d+)?$", r"^http://127\.0\.0\.1(:\d+)?$"]
CORS_ALLOWED_ORIGIN_REGEXES = DEV_CORS_ORIGIN_REGEXES if DEV_MODE else []
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS redirect by default in production (a real database configured, DEBUG off); health
# probes stay reachable over plain HTTP for the platform's checks.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and IS_POSTGRES)
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Longest API URL (path and query, bytes) answered; longer is a JSON 414. It stays below
# gunicorn's --limit-request-line (Procfile: 8190), which answers a plain-text 414 itself.
API_MAX_URL_BYTES = env.int("API_MAX_URL_BYTES", default=4096)
# Content-Security-Policy on every answer (django-csp): our pages (the Django admin, Swagger UI)
# load scripts, styles, images and fonts from our own static files only and run no inline script.
# A view may widen it for itself (rest_api/urls.py: Swagger UI's one inline style); GraphiQL sets
# its own (graphql_schema/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MoviVerse <no-reply@moviverse.local>")

# --- I18N / static ----------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

# --- Logging ---------------------------------------------------------------
# Every line of web and worker, from structlog or from a standard-library logger (the app's own,
# Django's, Celery's), carries level, timestamp, logger, the bound context (request_id and user_id
# in a request, task_id in a task: django-structlog) and the record's `extra` fields; tracebacks
# are text. LOG_FORMAT=console prints the same for humans.
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")
_LOG_CONTEXT = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.TimeStamper(fmt="iso"),
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
]
# Applied to standard-library records only; structlog's own lines went through configure() below.
_FOREIGN_PRE_CHAIN = [*_LOG_CONTEXT, structlog.stdlib.ExtraAdder()]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": _FOREIGN_PRE_CHAIN,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        },
        "console": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": _FOREIGN_PRE_CHAIN,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.dev.ConsoleRenderer(colors=False),
            ],
        },
    },
    # While Redis's circuit is open every cache call is refused at once: its opening is logged,
    # not each refused call.
    "filters": {"quiet_while_open": {"()": "common.redis_breaker.QuietWhileOpen"}},
    "handlers": {"default": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["default"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # A Host header outside ALLOWED_HOSTS is a JSON 400 (rest_api.exceptions.bad_request);
        # Django's line for it would repeat the sender's chosen text into our logs.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        "moviverse.cache": {"filters": ["quiet_while_open"]},
        # Every request already has its one line (django-structlog's request_finished, with its
        # status; request_failed with the traceback for a bug): Django's own line would repeat it.
        "django.request": {"handlers": [], "propagate": False},
        "django_structlog": {"level": LOG_LEVEL},
    },
}
structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_LOG_CONTEXT,
        structlog.processors.StackInfoRenderer(),
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
# Workers bind task_id (and the enqueuing request's request_id and user_id) to their lines
# (config/celery.py adds django-structlog's worker step).
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# One line per request: request_finished (method, path, status, duration, user and request ids;
# common/request_logging.py); request_started only at DEBUG.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG
# Request lines log the address common.client_ip trusts (common/request_logging.py), not ipware's.
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False

# --- Sentry -----------------------------------------------------------------
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
    )
