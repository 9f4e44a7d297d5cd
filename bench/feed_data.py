"""A large synthetic feed, written in bulk by PostgreSQL's generate_series.

Used by bench/feed.py and by the PostgreSQL plan test of the feed (tests/social/test_feed_plan.py),
so both measure the same shape. Deterministic: every value is a hash of the row number.
``load`` writes ``movies`` films (bench/discover_data.py's catalog rows, without its extras),
``actors`` users with mixed privacy settings (by actor number: a tenth with ratings private, a
tenth a private account, a tenth with the diary private, a tenth with lists private, every 97th
blocking the reader), 500 lists among the first actors (public, unlisted or private in turn),
a reader following the first ``followed`` actors (accepted follows), and ``activities`` rows by
actors drawn uniformly (30% plays, 25% ratings, 20% reviews, 15% movies added to lists, 10%
likes; an actor's second like of a movie is dropped), one every two seconds back from now;
then ANALYZE, as autovacuum would soon after.
"""

from django.contrib.auth import get_user_model
from django.db import connection

from accounts.usernames import username_key
from bench.discover_data import _movies_sql, _u
from engagement.models import MovieList
from social.models import Activity, Block, Follow, PrivacySettings

READER = "feed-reader"
LISTS = 500


def _users(actors: int):
    User = get_user_model()
    names = [READER, *(f"feed-actor-{n}" for n in range(1, actors + 1))]
    User.objects.bulk_create(
        (User(username=name, username_key=username_key(name), email=f"{name}@example.com") for name in names),
        batch_size=5_000,
    )
    return User.objects.get(username=READER)


def _statements(activities: int, followed: int, movies: int) -> list[str]:
    user, activity = get_user_model()._meta.db_table, Activity._meta.db_table
    verb = _u(2)
    return [
        f"CREATE TEMP TABLE feed_actor AS SELECT substring(username FROM 12)::int AS n, id FROM {user} "
        "WHERE username LIKE 'feed-actor-%'",
        "CREATE UNIQUE INDEX ON feed_actor (n)",
        f"INSERT INTO {PrivacySettings._meta.db_table} (user_id, diary, ratings, lists, favorites, "
        "watchlist, private_account, updated_at) "
        "SELECT id, CASE WHEN n % 10 = 2 THEN 'private' ELSE 'followers' END, "
        "CASE WHEN n % 10 = 0 THEN 'private' ELSE 'public' END, "
        "CASE WHEN n % 10 = 3 THEN 'private' ELSE 'public' END, 'public', 'followers', n % 10 = 1, now() "
        "FROM feed_actor WHERE n % 10 < 4",
        f"INSERT INTO {Follow._meta.db_table} (follower_id, followee_id, status, created_at) "
        f"SELECT r.id, a.id, 'accepted', now() FROM feed_actor a, {user} r "
        f"WHERE r.username = '{READER}' AND a.n <= {followed}",
        f"INSERT INTO {Block._meta.db_table} (blocker_id, blocked_id, created_at) "
        f"SELECT a.id, r.id, now() FROM feed_actor a, {user} r "
        f"WHERE r.username = '{READER}' AND a.n % 97 = 0",
        f"INSERT INTO {MovieList._meta.db_table} (id, owner_id, name, description, visibility, ranked, "
        "share_token, entry_count, created_at, updated_at) SELECT gen_random_uuid(), id, 'List ' || n, '', "
        "(ARRAY['public', 'unlisted', 'private'])[1 + n % 3], false, md5(n::text), 0, now(), now() "
        f"FROM feed_actor WHERE n <= {LISTS}",
        f"CREATE TEMP TABLE feed_list AS SELECT a.n, l.id FROM {MovieList._meta.db_table} l "
        "JOIN feed_actor a ON a.id = l.owner_id",
        f"INSERT INTO {activity} (actor_id, verb, area, movie_tmdb_id, movie_list_id, rating, excerpt, "
        f"created_at) SELECT a.id, v.verb, v.area, 1 + floor({_u(3)} * {movies})::int, "
        "CASE WHEN v.verb = 'list_entry_added' THEN l.id END, "
        f"CASE WHEN v.verb IN ('play', 'rating', 'review') THEN 1 + floor({_u(4)} * 9) / 2 END, "
        "CASE WHEN v.verb = 'review' THEN 'A review of a film.' ELSE '' END, "
        "now() - make_interval(secs => i * 2) "
        f"FROM generate_series(1, {activities}) AS i "
        f"JOIN feed_actor a ON a.n = 1 + floor({_u(1)} * (SELECT count(*) FROM feed_actor))::int "
        f"LEFT JOIN feed_list l ON l.n = 1 + (a.n - 1) % {LISTS} "
        "CROSS JOIN LATERAL (SELECT CASE "
        f"WHEN {verb} < 0.30 THEN 'play' WHEN {verb} < 0.55 THEN 'rating' WHEN {verb} < 0.75 THEN 'review' "
        f"WHEN {verb} < 0.90 THEN 'list_entry_added' ELSE 'like' END AS verb) AS pick "
        "CROSS JOIN LATERAL (SELECT pick.verb AS verb, CASE pick.verb WHEN 'play' THEN 'diary' "
        "WHEN 'list_entry_added' THEN 'lists' ELSE 'ratings' END AS area) AS v "
        "ON CONFLICT DO NOTHING",  # an actor's second like of a movie
        "DROP TABLE feed_actor, feed_list",
        "ANALYZE",
    ]


def load(*, activities: int, actors: int, followed: int, movies: int = 2_000):
    """Write the feed described above (into an empty database) and ANALYZE it; the reader."""
    reader = _users(actors)
    with connection.cursor() as cursor:
        cursor.execute(_movies_sql(movies))
        for statement in _statements(activities, followed, movies):
            cursor.execute(statement)
    return reader
