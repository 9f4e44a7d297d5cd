"""What a read or write costs, in points: the one table both API surfaces price requests from.

A request's cost is the number of objects it may return plus the declared weight of the
operations that do more than read rows (TMDb calls, ranking, writes). A list multiplies
the cost of one item by its page size: the ``limit`` asked for, else the default page, never
more than MAX_PAGE_SIZE. Lists that take no page argument are bounded by the sizes below.
docs/query-cost.md explains the model with worked examples.
"""

# Every object returned (a movie, a review, a page wrapper) costs this; scalar fields are free.
OBJECT = 1
# Page size used when a paginated list is asked for without a limit.
DEFAULT_PAGE = 20

# Extra points for an operation that does more than read a few rows: a TMDb call (cached or
# not), a ranking over precomputed lists, a full-text search, a write. Each operation's weight
# is declared with its other policy in api_policy/operations.py.
TMDB_READ = 5
RANKING = 5
SEARCH = 5
# Movie night scores every member of a group (up to 10) over the same candidates.
GROUP_RANKING = 25
WRITE = 10

# Upper bounds of the lists that take no page argument ("Type.field").
LIST_SIZES: dict[str, int] = {
    "Query.genres": 30,  # the catalog's genres: TMDb has 19
    "Movie.genres": 10,
    "Movie.directors": 5,
    "Movie.videos": 20,
    "Movie.ratingHistogram": 9,  # one bucket per half star, 1.0 to 5.0
    # where to watch (catalog.availability's caps)
    "Query.watchProviders": 500,
    "Query.watchRegions": 300,
    "MovieWatchProviders.flatrate": 20,
    "MovieWatchProviders.free": 20,
    "MovieWatchProviders.ads": 20,
    "MovieWatchProviders.rent": 20,
    "MovieWatchProviders.buy": 20,
    "UserServices.providers": 50,  # USER_SERVICES_MAX_PROVIDERS
    "MoviePage.results": DEFAULT_PAGE,  # TMDb's fixed page size, mirrored by the local catalog
    "DiaryEntry.tags": 20,
    # movie night: one entry per member (recsys.movie_night.MAX_MEMBERS)
    "GroupPick.fits": 10,
    "MovieNight.members": 10,  # a play's tags: engagement.diary.MAX_TAGS_PER_PLAY
    # diary statistics (engagement.stats)
    "DiaryStats.byMonth": 12,
    "DiaryStats.byYear": 160,  # the years a play may have: 1870 to next year
    "DiaryStats.byWeekday": 7,
    "DiaryStats.ratings": 9,
    "DiaryStats.genres": 10,  # engagement.stats.TOP, as the next three
    "DiaryStats.directors": 10,
    "DiaryStats.actors": 10,
    "DiaryStats.highestRated": 10,
    "DiaryStats.decades": 20,  # release decades: the 1870s to the 2020s, with room
    "Comment.replies": 50,  # social.comments.MAX_REPLIES
}
