"""REST routes of the catalog domain (spec section 6)."""

from django.urls import path

from rest_api.catalog import views, watch_providers
from rest_api.catalog.discover import DiscoverView

urlpatterns: list = [
    path("genres/", views.GenreListView.as_view(), name="genre-list"),
    path("movies/popular/", views.PopularView.as_view(), name="movies-popular"),
    path("movies/top-rated/", views.TopRatedView.as_view(), name="movies-top-rated"),
    path("movies/upcoming/", views.UpcomingView.as_view(), name="movies-upcoming"),
    path("movies/search/", views.SearchView.as_view(), name="movies-search"),
    path("movies/discover/", DiscoverView.as_view(), name="movies-discover"),
    path("movies/autocomplete/", views.AutocompleteView.as_view(), name="movies-autocomplete"),
    path("movies/<int:tmdb_id>/", views.MovieDetailView.as_view(), name="movie-detail"),
    path(
        "movies/<int:tmdb_id>/watch-providers/",
        watch_providers.MovieWatchProvidersView.as_view(),
        name="movie-watch-providers",
    ),
    path("watch-providers/", watch_providers.WatchProviderListView.as_view(), name="watch-provider-list"),
    path("watch-providers/regions/", watch_providers.WatchRegionListView.as_view(), name="watch-region-list"),
]
