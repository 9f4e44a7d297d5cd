"""REST routes of the recsys domain."""

from django.urls import path

from rest_api.recsys import views

urlpatterns: list = [
    path("movies/trending/", views.TrendingView.as_view(), name="movies-trending"),
    path("movies/recommendations/", views.RecommendationsView.as_view(), name="movies-recommendations"),
    path(
        "movies/<int:tmdb_id>/recommendations/",
        views.ItemRecommendationsView.as_view(),
        name="movie-recommendations",
    ),
    path("movies/<int:tmdb_id>/similar/", views.SimilarMoviesView.as_view(), name="movie-similar"),
]
