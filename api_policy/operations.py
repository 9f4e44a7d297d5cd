"""Every API operation's policy, declared once: throttle scope, auth, cacheability, cost weight.

Names are the GraphQL root field names; a REST view names the operations it serves
(``rest_api.views.OperationView``) and a GraphQL field carries ``graphql_schema.policy``'s
extension, so both surfaces read the same entry:

* ``throttle``: the scope spent per request (api_policy.throttling), or None;
* ``sign_in``: the message an anonymous caller gets, or None when anyone may call it;
* ``cacheable``: answers are kept in the shared payload cache (common/payload_cache.py);
* ``weight``: cost points on top of the objects returned (common/costs.py).
"""

from dataclasses import dataclass

from common import costs

SIGN_IN = "Sign in to do this."


@dataclass(frozen=True)
class Policy:
    throttle: str | None = None
    sign_in: str | None = None
    cacheable: bool = False
    weight: int = 0


_TMDB_READ = Policy(throttle="tmdb", cacheable=True, weight=costs.TMDB_READ)
_AUTH = Policy(throttle="auth")
_SIGNED_IN = Policy(sign_in=SIGN_IN)
_SIGNED_IN_TMDB = Policy(throttle="tmdb", sign_in=SIGN_IN)  # a write that may fetch a movie from TMDb
_READER_DEPENDENT = Policy(cacheable=False)  # open to anyone; what it shows depends on the reader
# A write on the social graph or its settings: counted per user and address ("social" scope), so
# a burst of follows or blocks is refused before it touches the database.
_SOCIAL_WRITE = Policy(throttle="social", sign_in=SIGN_IN)
# Likes and comments on reviews and lists: their own per-user scopes, so a spam burst of likes or
# comments is refused before it touches the database (and does not eat into follows).
_LIKE_WRITE = Policy(throttle="social_like", sign_in=SIGN_IN)
_COMMENT_WRITE = Policy(throttle="social_comment", sign_in=SIGN_IN)

OPERATIONS: dict[str, Policy] = {
    # catalog reads
    "movie": _TMDB_READ,
    "movies": Policy(cacheable=True),
    "popular": _TMDB_READ,
    "topRated": _TMDB_READ,
    "upcoming": _TMDB_READ,
    "search": Policy(throttle="search", cacheable=True, weight=costs.SEARCH),
    "autocomplete": Policy(throttle="autocomplete", cacheable=True),
    "genres": Policy(cacheable=True),
    # Open to anyone; a signed-in reader's answers (viewer state, hide_seen) are kept under their
    # own key and generation, never in an anonymous reader's entry (common/payload_cache.py).
    "discover": Policy(throttle="discover", cacheable=True, weight=costs.SEARCH),
    # where to watch: public reference lists (refreshed from TMDb once a TTL)
    "watchProviders": Policy(throttle="tmdb", cacheable=True, weight=costs.TMDB_READ),
    "watchRegions": Policy(throttle="tmdb", cacheable=True, weight=costs.TMDB_READ),
    # recsys reads
    "trending": Policy(throttle="tmdb", cacheable=True, weight=costs.RANKING),
    "recommendations": Policy(
        sign_in="Sign in to see your recommendations.", cacheable=True, weight=costs.RANKING
    ),
    "itemRecommendations": Policy(cacheable=True, weight=costs.RANKING),
    "similar": _TMDB_READ,
    # movie night: every member scored at once (the priciest ranking); personal, never cached
    "groupPicks": Policy(
        throttle="movie_night",
        sign_in="Sign in to pick movies with your group.",
        weight=costs.GROUP_RANKING,
    ),
    "movieNight": _SIGNED_IN,  # its members, shown to its members only
    # Creating and joining spend one scope, which also bounds attempts at guessing codes.
    "createMovieNight": Policy(throttle="movie_night_invite", sign_in=SIGN_IN),
    "joinMovieNight": Policy(throttle="movie_night_invite", sign_in=SIGN_IN),
    "leaveMovieNight": _SIGNED_IN,
    # accounts
    "register": _AUTH,
    "login": _AUTH,
    "refreshToken": _AUTH,
    "logout": _AUTH,
    "requestPasswordReset": _AUTH,
    "confirmPasswordReset": _AUTH,
    "updateProfile": _SIGNED_IN,
    "updateServices": _SIGNED_IN,
    # portability: a password check, spent from the auth scope like the other password attempts
    "deleteAccount": Policy(throttle="auth", sign_in=SIGN_IN),
    # engagement
    "addFavorite": _SIGNED_IN_TMDB,
    "removeFavorite": _SIGNED_IN,
    "addToWatchlist": _SIGNED_IN_TMDB,
    "removeFromWatchlist": _SIGNED_IN,
    "markNotInterested": _SIGNED_IN,
    "unmarkNotInterested": _SIGNED_IN,
    "importHistory": Policy(throttle="import", sign_in=SIGN_IN),
    "importJob": _SIGNED_IN,
    "exportLetterboxd": Policy(throttle="import", sign_in=SIGN_IN),  # a whole account's data at once
    "trackView": Policy(throttle="track_view"),
    "createReview": _SIGNED_IN_TMDB,
    "updateReview": _SIGNED_IN,
    "deleteReview": _SIGNED_IN,
    # the diary: personal reads, never in the shared payload cache
    "diary": _SIGNED_IN,
    "diaryEntry": _SIGNED_IN,
    "diaryTags": _SIGNED_IN,
    "logPlay": _SIGNED_IN_TMDB,
    "updatePlay": _SIGNED_IN,
    "deletePlay": _SIGNED_IN,
    # lists: a read's answer depends on who reads (private lists, collaborators, the share token
    # shown to the owner only), so no list read is ever kept in the shared payload cache.
    "movieList": _READER_DEPENDENT,
    "sharedList": _READER_DEPENDENT,
    "userLists": _READER_DEPENDENT,
    "createList": _SIGNED_IN,
    "updateList": _SIGNED_IN,
    "deleteList": _SIGNED_IN,
    "regenerateShareLink": _SIGNED_IN,
    "addListEntry": _SIGNED_IN_TMDB,
    "removeListEntry": _SIGNED_IN,
    "updateListEntry": _SIGNED_IN,
    "moveListEntry": _SIGNED_IN,
    "inviteCollaborator": _SIGNED_IN,
    "removeCollaborator": _SIGNED_IN,
    "leaveList": _SIGNED_IN,
    # notifications and the calendar's secret URL: personal, never in the shared payload cache
    "notifications": _SIGNED_IN,
    "notificationsUnreadCount": _SIGNED_IN,
    "markNotificationsRead": _SIGNED_IN,
    "rotateCalendarToken": _SIGNED_IN,
    # social: another user's profile and areas, through the privacy rule (social.privacy): each
    # answer depends on who reads (follows, blocks), so none is kept in the shared payload cache.
    "profile": _READER_DEPENDENT,
    "userDiary": _READER_DEPENDENT,
    "userRatings": _READER_DEPENDENT,
    "userFavorites": _READER_DEPENDENT,
    "userWatchlist": _READER_DEPENDENT,
    "followers": _READER_DEPENDENT,
    "following": _READER_DEPENDENT,
    "follow": _SOCIAL_WRITE,
    "unfollow": _SOCIAL_WRITE,
    "approveFollowRequest": _SOCIAL_WRITE,
    "declineFollowRequest": _SOCIAL_WRITE,
    "removeFollower": _SOCIAL_WRITE,
    "block": _SOCIAL_WRITE,
    "unblock": _SOCIAL_WRITE,
    "updatePrivacy": _SOCIAL_WRITE,
    # likes and comments on reviews and lists: who may read the target decides (the privacy rule
    # and the list's visibility), and blocks hide likers and commenters: none is ever cached.
    "reviewLikes": _READER_DEPENDENT,
    "listLikes": _READER_DEPENDENT,
    "reviewComments": _READER_DEPENDENT,
    "listComments": _READER_DEPENDENT,
    "likeReview": _LIKE_WRITE,
    "unlikeReview": _LIKE_WRITE,
    "likeList": _LIKE_WRITE,
    "unlikeList": _LIKE_WRITE,
    "commentOnReview": _COMMENT_WRITE,
    "commentOnList": _COMMENT_WRITE,
    "editComment": _COMMENT_WRITE,
    "deleteComment": _COMMENT_WRITE,
    # the activity feed: personal (whom the reader follows, what each actor lets them read), never
    # in the shared payload cache; one statement over every followee's activities per page.
    "feed": Policy(throttle="feed", sign_in=SIGN_IN, weight=costs.RANKING),
    # what the people the reader follows rated a movie: personal, never cached (not even in the
    # reader's own entry: each followee's privacy counts at every read).
    "friendsRatings": _SIGNED_IN,
    # diary statistics: personal, kept per user by engagement.stats (never in the shared payload cache)
    "diaryStats": Policy(sign_in=SIGN_IN, weight=costs.RANKING),
    "diaryStatsYears": _SIGNED_IN,
}

# Registering an automatic persisted query (graphql_schema/persisted_queries.py): its throttle
# scope, spent per registration by each client address and signed-in user. A registration over
# the rate still runs; its text is just not kept.
PERSIST_QUERY_THROTTLE = "persist_query"

# Operations declared nowhere above: no throttle, open to anyone, never cached, no extra cost.
DEFAULT = Policy()


def policy(operation: str) -> Policy:
    """The policy of ``operation`` (a GraphQL root field name); DEFAULT when none is declared."""
    return OPERATIONS.get(operation, DEFAULT)


def declared(operation: str) -> Policy:
    """The declared policy of ``operation``; KeyError for a name declared nowhere (a typo)."""
    return OPERATIONS[operation]
