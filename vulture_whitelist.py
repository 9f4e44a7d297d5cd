"""Names vulture cannot see used (`make lint`): each is read by a framework or a settings string."""

# ruff: noqa: B018
from accounts.lockout import lockout_username
from accounts.usernames import key_is_current, validate_username
from analytics.selectors import ADMIN_LOG_KINDS
from catalog.art import URL_DESCRIPTION
from catalog.fields import NormalizedTitlesField, ReleaseYearField
from catalog.models import Movie
from catalog.selectors import movies_matching_title
from catalog.tmdb import http as tmdb_http
from common.cache import FailoverRedisCache, FileCache, LocalMemoryCache
from common.dev_mode import lockout_exempt
from common.redis_breaker import QuietWhileOpen
from config.uploads import LimitedUploadHandler
from engagement.selectors import review_list_for_user
from graphql_schema import persisted_queries
from graphql_schema.engagement.reviews import ReviewsField
from graphql_schema.lists.pages import entries_page
from recsys.trending import DEFAULT_TIME_RANGE
from rest_api.exceptions import bad_request, not_found, server_error
from rest_api.negotiation import FormatCheckingNegotiation
from rest_api.openapi import VersionedJWTScheme
from rest_api.parsing import DomainBoundedCharField, DomainBoundedIntegerField
from rest_api.schema import ErrorDocumentingAutoSchema

# Named by dotted path in config/settings.py and config/urls.py.
lockout_username, FailoverRedisCache, LocalMemoryCache, FormatCheckingNegotiation, ErrorDocumentingAutoSchema
LimitedUploadHandler, FileCache, lockout_exempt
bad_request, not_found, server_error
# Used by the declarative modules vulture skips (models, serializers, filters, types).
NormalizedTitlesField, DomainBoundedCharField, DomainBoundedIntegerField, DEFAULT_TIME_RANGE
ReleaseYearField, URL_DESCRIPTION, Movie.release_date
movies_matching_title, review_list_for_user, ADMIN_LOG_KINDS, key_is_current, validate_username, entries_page
Movie.rating_histogram, ReviewsField
# drf-spectacular registers OpenApiAuthenticationExtension subclasses when they are defined.
VersionedJWTScheme
# A logging filter named in settings.LOGGING.
QuietWhileOpen
# Test seams: forget cached HTTP responses and close the circuit, forget persisted query texts.
tmdb_http.reset
persisted_queries.store.clear_local
# Framework hooks: Django's cache API, AppConfig.ready, system checks' signature, DRF pagination and
# field bounds, Strawberry's view overrides, pybreaker's listener interface, DRF's throttle hooks.
_ = object()
_.has_key, _.ready, _.app_configs, _.filter_horizontal, _.page_size_query_description
_.allow_request, _.check_throttles
_.max_value, _.min_value, _.graphql_ide, _.render_graphql_ide, _.decode_json, _.state_change
_.should_render_graphql_ide
# Django's middleware and upload-handler hooks.
_.process_exception, _.receive_data_chunk, _.file_complete
# The request's loaders, and the viewer-state lookup, read by the GraphQL types and REST serializers.
_.viewer_states, _.movie_by_tmdb_id, _.state_of, _.watch_offers
# A diary play's derived rewatch flag, a field of its GraphQL type.
_.rewatch
# Diary statistics' figures (engagement.stats), read by their GraphQL type and REST serializer.
_.films, _.rewatches, _.hours, _.plays_without_runtime, _.by_month, _.by_year, _.by_weekday, _.actors
_.decades, _.streak, _.highest_rated
# Model fields set before save(), and editable movie metadata read by name from TypedDicts and inputs.
_.tmdb_synced_at, _.finished_at, _.updated_at, _.original_title, _.overview, _.tagline, _.runtime, _.played_at
_.backdrop_url, _.language, _.vote_average, _.vote_count, _.popularity_score, _.tag_ids
# drf-standardized-errors' handler hooks, and the error item's serializer field.
_.convert_unhandled_exceptions, _.attr
# Strawberry's hook for logging errors.
_.process_errors
# The share token's reader rule, read by the GraphQL list type and the REST list serializer.
_.share_token_for
# Where to watch: the attribution read by its GraphQL type and REST serializer, and the reads kept
# for the availability filters built on them (tested directly now).
_.attribution, _.movies_available, _.user_provider_ids
# A profile's figures (social.profiles.Profile), read by its GraphQL type and REST serializer.
_.followers_count, _.following_count, _.area_counts
# A feed item's review excerpt, a field of its GraphQL type.
_.excerpt
# The reaction fields of reviews and lists (their GraphQL types), a comment's edit time (a model
# field), and who a mention tells (read by notifications, outside vulture's paths).
_.like_count_field, _.comment_count_field, _.liked_by_me_field, _.edited_at, _.recipients
