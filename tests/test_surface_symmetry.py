"""Every operation exists on both surfaces, REST and GraphQL, unless a commented exception says why.

Operations are named as api_policy names them: a GraphQL root field name, which a REST view
declares per HTTP method (``operations``). The signed-in user's own lists, ``me { favorites }``
and the like, are ``me.<field>`` on both sides. A REST route whose view declares no operation for
a method is named in ``UNDECLARED_REST`` (its policy is the default one), or is one-sided by design
(``REST_ONLY``); anything else fails, naming the route.
"""

import re
from collections.abc import Iterator

import graphql
from django.urls import URLPattern, URLResolver, get_resolver

from graphql_schema.schema import schema

# REST routes serving an operation api_policy declares nothing for (the default policy suits
# them), by the name of their GraphQL counterpart.
UNDECLARED_REST = {
    ("GET", "/api/auth/me/"): "me",
    ("GET", "/api/user/favorites/"): "me.favorites",
    ("GET", "/api/user/watchlist/"): "me.watchlist",
    ("GET", "/api/user/history/"): "me.history",
    ("GET", "/api/user/not-interested/"): "me.notInterested",
    ("GET", "/api/user/reviews/"): "me.reviews",
    ("GET", "/api/movies/{tmdb_id}/reviews/"): "reviews",
    ("GET", "/api/user/lists/"): "me.lists",
    ("GET", "/api/user/services/"): "me.services",
    ("GET", "/api/user/calendar/"): "me.calendarUrl",
    ("GET", "/api/user/follow-requests/"): "me.followRequests",
    ("GET", "/api/user/blocks/"): "me.blocks",
    ("GET", "/api/user/privacy/"): "me.privacy",
    ("GET", "/api/sync/last-activities/"): "me.lastActivities",
    # The staff catalog edits.
    ("POST", "/api/admin/movies/"): "movieCreate",
    ("PUT", "/api/admin/movies/{tmdb_id}/"): "movieUpdate",
    ("PATCH", "/api/admin/movies/{tmdb_id}/"): "movieUpdate",
    ("DELETE", "/api/admin/movies/{tmdb_id}/"): "movieDelete",
    ("POST", "/api/admin/genres/"): "genreCreate",
    ("PUT", "/api/admin/genres/{pk}/"): "genreUpdate",
    ("PATCH", "/api/admin/genres/{pk}/"): "genreUpdate",
    ("DELETE", "/api/admin/genres/{pk}/"): "genreDelete",
    ("POST", "/api/admin/tags/"): "tagCreate",
    ("PUT", "/api/admin/tags/{pk}/"): "tagUpdate",
    ("PATCH", "/api/admin/tags/{pk}/"): "tagUpdate",
    ("DELETE", "/api/admin/tags/{pk}/"): "tagDelete",
}

# REST routes that are one-sided by design; a key ending in "*" covers every path it starts.
REST_ONLY = {
    # Infrastructure for load balancers and Prometheus, not part of the product API.
    "/health/": "readiness probe",
    "/health/live/": "liveness probe",
    "/metrics": "Prometheus scrape",
    # The REST surface describing itself; GraphQL has introspection and GraphiQL for this.
    "/api/schema/": "OpenAPI document",
    "/api/docs/": "Swagger UI",
    # The JSON 404 for any /api/ path no route matches.
    "/api/": "catch-all not-found",
    # The calendar file calendar apps subscribe to; both surfaces give its URL (me.calendarUrl).
    "/api/calendar/{token}.ics": "calendar file",
    # Placeholder artwork files that both surfaces' posterUrl/backdropUrl link to.
    "/media/art/{kind}/{tmdb_id}.svg": "artwork file",
    # The staff back office (spec section 6: analytics, failed tasks, logs, recommendation runs,
    # cache refresh, TMDb resync, catalog browsing for edits) beside the Django admin; GraphQL
    # carries the staff catalog edits only (UNDECLARED_REST above).
    "/api/admin/*": "staff back office",
}

# GraphQL operations that are one-sided by design.
GRAPHQL_ONLY: dict[str, str] = {
    # The older offset-paged browse of the local catalog; REST browses it with every filter and order
    # of ``movies`` and more, in cursor pages, at GET /api/movies/discover/ (``discover`` on both).
    "movies": "GET /api/movies/discover/ filters and orders the catalog (discover)",
    # REST moves an entry with the PATCH that also edits its note (updateListEntry), in one body.
    "moveListEntry": "PATCH /api/lists/{list_id}/entries/{tmdb_id}/ moves with position/before/after",
}

# Known gaps: features one surface lacks, to be built, not design choices. Each must still be a gap
# (test_known_gaps_are_still_gaps), so building one means deleting its entry.
MISSING_ON_REST: dict[str, str] = {}

# Scalar fields of ``me`` that REST serves at a path of their own.
ME_SCALAR_READS = {"calendarUrl"}

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_SKIPPED_PREFIXES = ("/admin/", "/graphql/")  # the Django admin's HTML pages; GraphQL's own endpoint


def _path(pattern: str) -> str:
    path = _ROUTE_PARAM.sub(r"{\1}", _REGEX_GROUP.sub(r"{\1}", pattern))
    return "/" + path.lstrip("^").rstrip("$").replace("\\.", ".")


def _routes(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield _path(prefix + str(entry.pattern)), entry


def _methods(entry: URLPattern) -> list[str]:
    view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
    if view is None:  # a function view: a plain read
        return ["GET"]
    return [method for method in _METHODS if hasattr(view, method.lower())]


def _one_sided_on_rest(path: str) -> bool:
    return any(path == key or (key.endswith("*") and path.startswith(key[:-1])) for key in REST_ONLY)


def rest_operations() -> tuple[dict[str, list[str]], list[str]]:
    """({operation: ["GET /api/…", …]}, routes that name no operation and are not REST_ONLY)."""
    named: dict[str, list[str]] = {}
    unnamed = []
    for path, entry in _routes(get_resolver().url_patterns):
        if path.startswith(_SKIPPED_PREFIXES):
            continue
        view = getattr(entry.callback, "cls", None)
        declared = getattr(view, "operations", None) or {}
        for method in _methods(entry):
            name = declared.get(method) or UNDECLARED_REST.get((method, path))
            if name is not None:
                named.setdefault(name, []).append(f"{method} {path}")
            elif not _one_sided_on_rest(path):
                unnamed.append(f"{method} {path}")
    return named, unnamed


def graphql_operations() -> set[str]:
    """Query and Mutation root fields, and ``me.<field>`` for each list of the signed-in user."""
    built = graphql.build_schema(str(schema))
    names = set(built.query_type.fields) | set(built.mutation_type.fields)
    me = graphql.get_named_type(built.query_type.fields["me"].type)
    names |= {
        f"me.{field}"
        for field, definition in me.fields.items()
        if isinstance(graphql.get_named_type(definition.type), graphql.GraphQLObjectType)
        or field in ME_SCALAR_READS
    }
    return names


def test_every_rest_route_names_its_operation_or_says_why_not():
    _, unnamed = rest_operations()
    assert unnamed == [], (
        "REST routes serving no named operation (declare it in the view's `operations`, or name it in "
        f"UNDECLARED_REST / REST_ONLY with the reason): {unnamed}"
    )


def test_every_operation_exists_on_both_surfaces():
    rest, _ = rest_operations()
    graphql_names = graphql_operations()
    lacking_graphql = sorted(
        f"{name} ({', '.join(rest[name])}) lacks GraphQL" for name in set(rest) - graphql_names
    )
    lacking_rest = sorted(
        f"{name} lacks REST" for name in graphql_names - set(rest) - set(GRAPHQL_ONLY) - set(MISSING_ON_REST)
    )
    assert lacking_graphql + lacking_rest == []


def test_exceptions_name_operations_that_exist():
    rest, _ = rest_operations()
    graphql_names = graphql_operations()
    assert sorted(set(UNDECLARED_REST.values()) - set(rest)) == [], "UNDECLARED_REST names no route"
    assert sorted(set(GRAPHQL_ONLY) - graphql_names) == [], "GRAPHQL_ONLY: no such GraphQL field"


def test_known_gaps_are_still_gaps():
    rest, _ = rest_operations()
    built = set(MISSING_ON_REST) & set(rest)
    assert sorted(built) == [], "built on REST now: delete these from MISSING_ON_REST"
    assert sorted(set(MISSING_ON_REST) - graphql_operations()) == [], "MISSING_ON_REST: no such GraphQL field"
