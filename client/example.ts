// A typed MoviVerse client in a few lines: sign in over REST, then read trending movies over REST
// and recommendations over GraphQL. `make client` generates the types and type-checks this file.
import type { components, paths } from "./generated/rest";
import type {
  RecommendationsQuery,
  RecommendationsQueryVariables,
  TrendingQuery,
  TrendingQueryVariables,
} from "./generated/graphql";

type LoginRequest = paths["/api/auth/login/"]["post"]["requestBody"]["content"]["application/json"];
type SignedIn = components["schemas"]["SignedIn"];
type TrendingParams = NonNullable<paths["/api/movies/trending/"]["get"]["parameters"]["query"]>;
type TrendingPage =
  paths["/api/movies/trending/"]["get"]["responses"][200]["content"]["application/json"];

const TRENDING = /* GraphQL */ `
  query Trending($limit: Int!) {
    trending(timeRange: WEEK, limit: $limit) {
      tmdbId
      title
      posterUrl
    }
  }
`;

const RECOMMENDATIONS = /* GraphQL */ `
  query Recommendations($limit: Int!) {
    recommendations(strategy: HYBRID, limit: $limit) {
      score
      reasons
      movie {
        tmdbId
        title
      }
    }
  }
`;

export async function login(baseUrl: string, credentials: LoginRequest): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/auth/login/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`login refused: ${response.status}`);
  return (await response.json()) as SignedIn;
}

export async function trendingRest(baseUrl: string, params: TrendingParams): Promise<TrendingPage> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${baseUrl}/api/movies/trending/?${query}`);
  return (await response.json()) as TrendingPage;
}

async function graphql<Data, Variables>(
  baseUrl: string,
  query: string,
  variables: Variables,
  access?: string,
): Promise<Data> {
  const response = await fetch(`${baseUrl}/graphql/`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(access ? { Authorization: `Bearer ${access}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: Data | null; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join("; ") ?? "no data");
  return body.data;
}

export async function trending(baseUrl: string, limit: number): Promise<TrendingQuery["trending"]> {
  const data = await graphql<TrendingQuery, TrendingQueryVariables>(baseUrl, TRENDING, { limit });
  return data.trending;
}

export async function recommendations(
  baseUrl: string,
  access: string,
  limit: number,
): Promise<RecommendationsQuery["recommendations"]> {
  const variables: RecommendationsQueryVariables = { limit };
  const data = await graphql<RecommendationsQuery, RecommendationsQueryVariables>(
    baseUrl,
    RECOMMENDATIONS,
    variables,
    access,
  );
  return data.recommendations;
}

export async function main(baseUrl = "http://127.0.0.1:8000"): Promise<void> {
  const { access, user } = await login(baseUrl, { email: "demo@example.com", password: "a-long-passphrase" });
  console.log(`signed in as ${user.username}`);
  const page = await trendingRest(baseUrl, { time_range: "week", limit: 5 });
  console.log(page.results.map((movie) => `${movie.title} (${movie.poster_url ?? "no poster"})`));
  for (const movie of await trending(baseUrl, 5)) console.log(movie.tmdbId, movie.title);
  for (const item of await recommendations(baseUrl, access, 5)) {
    console.log(item.movie.title, item.score.toFixed(2), item.reasons.join(", "));
  }
}
