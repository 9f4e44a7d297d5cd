"""Admin-only REST routes."""

from django.urls import path

from rest_api.admin_api import catalog_views, views

urlpatterns = [
    path("analytics/", views.SummaryView.as_view(), name="admin-analytics"),
    path("analytics/most-watched/", views.MostWatchedView.as_view(), name="admin-analytics-most-watched"),
    path("analytics/new-users/", views.NewUsersView.as_view(), name="admin-analytics-new-users"),
    path("analytics/dau/", views.DauView.as_view(), name="admin-analytics-dau"),
    path("tasks/failed/", views.FailedTasksView.as_view(), name="admin-tasks-failed"),
    path("logs/", views.AdminLogView.as_view(), name="admin-logs"),
    path("recommendations/runs/", views.RecommendationRunListView.as_view(), name="admin-recsys-runs"),
    path(
        "recommendations/runs/latest/",
        views.LatestRecommendationRunView.as_view(),
        name="admin-recsys-run-latest",
    ),
    path("cache/refresh/", views.CacheRefreshView.as_view(), name="admin-cache-refresh"),
    path("movies/", catalog_views.MovieListView.as_view(), name="admin-movies"),
    path("movies/<int:tmdb_id>/", catalog_views.MovieDetailView.as_view(), name="admin-movie"),
    path("movies/<int:tmdb_id>/sync/", views.MovieResyncView.as_view(), name="admin-movie-sync"),
    path("genres/", catalog_views.GenreListView.as_view(), name="admin-genres"),
    path("genres/<uuid:pk>/", catalog_views.GenreDetailView.as_view(), name="admin-genre"),
    path("tags/", catalog_views.TagListView.as_view(), name="admin-tags"),
    path("tags/<uuid:pk>/", catalog_views.TagDetailView.as_view(), name="admin-tag"),
]
