#!/usr/bin/env bash
# Walk through the API against a running server (`make run` in another terminal).
# Usage: scripts/demo.sh [BASE_URL]        (default http://127.0.0.1:8000)
# Needs curl and python3 (to read JSON).
set -euo pipefail
BASE=${1:-http://127.0.0.1:8000}
EMAIL="demo-$(date +%s)@example.com"
PASSWORD="popcorn-and-$(date +%s)"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
post() { curl -sf -X POST "$BASE$1" -H 'Content-Type: application/json' "${@:3}" -d "$2"; }

say "REST: register and sign in"
post /api/auth/register/ "{\"email\": \"$EMAIL\", \"username\": \"demo$(date +%s)\", \"password\": \"$PASSWORD\"}" | json d
TOKENS=$(post /api/auth/login/ "{\"email\": \"$EMAIL\", \"password\": \"$PASSWORD\"}")
ACCESS=$(echo "$TOKENS" | json "d['access']")
AUTH=(-H "Authorization: Bearer $ACCESS")

say "REST: trending this week (top 5)"
curl -sf "$BASE/api/movies/trending/?time_range=week&limit=5" | json "[m['title'] for m in (d['results'] if isinstance(d, dict) else d)]"

MOVIE=$(curl -sf "$BASE/api/movies/popular/?page=1" | json "d['results'][0]['tmdb_id']")
say "REST: movie detail of $MOVIE"
curl -sf "$BASE/api/movies/$MOVIE/" | json "{k: d[k] for k in ('tmdb_id', 'title', 'release_date', 'genres')}"

say "REST: add favorite, review, track a view"
post /api/user/favorites/ "{\"tmdb_id\": $MOVIE}" "${AUTH[@]}" | json d
post "/api/movies/$MOVIE/reviews/" '{"rating": 5, "text": "A classic."}' "${AUTH[@]}" | json d
post "/api/movies/$MOVIE/track-view/" '{"progress_seconds": 600}' "${AUTH[@]}" | json d

say "REST: my recommendations"
curl -sf "$BASE/api/movies/recommendations/?strategy=hybrid&limit=5" "${AUTH[@]}" \
  | json "[(r['movie']['title'], r['reasons']) for r in (d['results'] if isinstance(d, dict) else d)]"

say "GraphQL: the same flows"
gql() { curl -sf -X POST "$BASE/graphql/" -H 'Content-Type: application/json' "${AUTH[@]}" -d "$1"; }
gql '{"query": "{ trending(timeRange: WEEK, limit: 3) { tmdbId title genres { name } } }"}' | json d
gql "{\"query\": \"{ movie(tmdbId: $MOVIE) { title directors { name } averageRating isFavorite inWatchlist } }\"}" | json d
gql '{"query": "{ recommendations(strategy: HYBRID, limit: 3) { score reasons movie { title } } }"}' | json d
gql '{"query": "{ me { email favorites { totalCount results { movie { title } } } reviews { results { rating text } } } }"}' | json d
say "done"
