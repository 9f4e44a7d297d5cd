"""Analytics reads for admins. Every figure covers an inclusive UTC date range."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone
from django_celery_results.models import TaskResult

from analytics.cache_stats import cache_hit_ratio
from audit.models import AdminAction
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem

User = get_user_model()

MAX_RANGE_DAYS = 366
DEFAULT_RANGE_DAYS = 30


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start 00:00, day after end 00:00) in UTC."""
        tz = timezone.get_default_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )


def date_range(*, start: date | None = None, end: date | None = None) -> DateRange:
    """A validated range: defaults to the last 30 days; at most 366 days; start <= end."""
    end = end or timezone.now().date()
    start = start or end - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if start > end:
        raise ValidationError({"start": ["start must be on or before end."]})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError({"start": [f"The range may span at most {MAX_RANGE_DAYS} days."]})
    return DateRange(start=start, end=end)


def _in_range(queryset: QuerySet, field: str, period: DateRange) -> QuerySet:
    low, high = period.bounds()
    return queryset.filter(**{f"{field}__gte": low, f"{field}__lt": high})


def _per_day(counts: dict[date, int], period: DateRange) -> list[dict]:
    return [{"date": day, "count": counts.get(day, 0)} for day in period.days]


def new_users_by_day(*, period: DateRange) -> list[dict]:
    """Sign-ups per day (demo users excluded: they are inactive)."""
    rows = (
        _in_range(User.objects.filter(is_active=True), "date_joined", period)
        .annotate(day=TruncDate("date_joined"))
        .values("day")
        .annotate(count=Count("id"))
    )
    return _per_day({row["day"]: row["count"] for row in rows}, period)


def dau_by_day(*, period: DateRange) -> list[dict]:
    """Distinct users per day who viewed, reviewed, favorited or watchlisted something."""
    active: dict[date, set] = defaultdict(set)
    sources = [
        (WatchHistory.objects.filter(user__isnull=False), "watched_at"),
        (Review.objects.filter(user__is_active=True), "created_at"),
        (FavoriteMovie.objects.all(), "added_at"),
        (WatchlistItem.objects.all(), "added_at"),
    ]
    for queryset, field in sources:
        rows = _in_range(queryset, field, period).annotate(day=TruncDate(field)).values_list("day", "user_id")
        for day, user_id in rows.distinct():
            active[day].add(user_id)
    return _per_day({day: len(users) for day, users in active.items()}, period)


def most_watched(*, period: DateRange, limit: int = 20) -> list[dict]:
    """Movies with the most views in the range, with their unique viewers."""
    rows = (
        _in_range(WatchHistory.objects.all(), "watched_at", period)
        .values("movie_id", "movie__title")
        .annotate(views=Count("id"), unique_viewers=Count("viewer_key", distinct=True))
        .order_by("-views", "movie_id")[:limit]
    )
    return [
        {
            "tmdb_id": row["movie_id"],
            "title": row["movie__title"],
            "views": row["views"],
            "unique_viewers": row["unique_viewers"],
        }
        for row in rows
    ]


def summary(*, period: DateRange) -> dict:
    """Headline figures for the range."""
    new_users = sum(row["count"] for row in new_users_by_day(period=period))
    dau = dau_by_day(period=period)
    return {
        "start": period.start,
        "end": period.end,
        "users_total": User.objects.filter(is_active=True).count(),
        "new_users": new_users,
        "dau_average": round(sum(row["count"] for row in dau) / len(dau), 2),
        "views": _in_range(WatchHistory.objects.all(), "watched_at", period).count(),
        "reviews": _in_range(Review.objects.filter(user__is_active=True), "created_at", period).count(),
        "cache_hit_ratio": cache_hit_ratio(),
        "top_movies": most_watched(period=period, limit=10),
    }


def failed_task_list() -> QuerySet[TaskResult]:
    """Background tasks that failed, newest first (kept by the database result backend)."""
    return TaskResult.objects.filter(status="FAILURE").order_by("-date_done", "-id")


# Kinds of GET /api/admin/logs/: "admin" is an edit on the Django admin site (its LogEntry rows),
# the others are AdminAction's (API edits of the catalog, cache refreshes, TMDb syncs).
ADMIN_LOG_KINDS = ("admin", *AdminAction.Kind.values)
_TEXT = CharField()


def admin_log(
    *, since: datetime | None = None, until: datetime | None = None, kind: str | None = None
) -> QuerySet:
    """Admin operations, newest first, as dicts: ``when``, ``who`` (e-mail or None), ``kind``,
    ``verb`` (create, update, delete, refresh, sync), ``subject`` and ``message`` (for "admin"
    rows, Django's JSON change message). ``since`` and ``until`` bound ``when`` (inclusive)."""
    site = LogEntry.objects.order_by()  # the union is ordered as a whole
    logged = AdminAction.objects.order_by()
    if since is not None:
        site, logged = site.filter(action_time__gte=since), logged.filter(at__gte=since)
    if until is not None:
        site, logged = site.filter(action_time__lte=until), logged.filter(at__lte=until)
    site = site.values(
        when=F("action_time"),
        who=F("user__email"),
        category=Value("admin", output_field=_TEXT),
        verb=Case(
            When(action_flag=ADDITION, then=Value("create")),
            When(action_flag=CHANGE, then=Value("update")),
            default=Value("delete"),
            output_field=_TEXT,
        ),
        subject=Concat(F("content_type__model"), Value(" "), F("object_repr"), output_field=_TEXT),
        message=F("change_message"),
    )
    logged = logged.values(
        when=F("at"),
        who=F("actor__email"),
        category=F("kind"),
        verb=F("action"),
        subject=F("target"),
        message=F("detail"),
    )
    if kind == "admin":
        rows = site
    elif kind:
        rows = logged.filter(kind=kind)
    else:
        rows = site.union(logged, all=True)
    return rows.order_by("-when")
