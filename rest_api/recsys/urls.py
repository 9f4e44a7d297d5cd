"""REST routes of the recsys domain."""

from django.urls import path

from rest_api.recsys import movie_night_views, views

urlpatterns: list = [
    path("movies/trending/", views.TrendingView.as_view(), name="movies-trending"),
    path("movies/recommendations/", views.RecommendationsView.as_view(), name="movies-recommendations"),
    path(
        "movies/<int:tmdb_id>/recommendations/",
        views.ItemRecommendationsView.as_view(),
        name="movie-recommendations",
    ),
    path("movies/<int:tmdb_id>/similar/", views.SimilarMoviesView.as_view(), name="movie-similar"),
    path("movie-night/", movie_night_views.GroupPicksView.as_view(), name="movie-night"),
    path("movie-night/invites/", movie_night_views.MovieNightsView.as_view(), name="movie-night-invites"),
    path(
        "movie-night/invites/join/", movie_night_views.MovieNightJoinView.as_view(), name="movie-night-join"
    ),
    path(
        "movie-night/invites/<str:code>/",
        movie_night_views.MovieNightView.as_view(),
        name="movie-night-invite",
    ),
]
