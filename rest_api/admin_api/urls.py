"""Admin-only REST routes."""

from django.urls import path

from rest_api.admin_api import views

urlpatterns = [
    path("analytics/", views.SummaryView.as_view(), name="admin-analytics"),
    path("analytics/most-watched/", views.MostWatchedView.as_view(), name="admin-analytics-most-watched"),
    path("analytics/new-users/", views.NewUsersView.as_view(), name="admin-analytics-new-users"),
    path("analytics/dau/", views.DauView.as_view(), name="admin-analytics-dau"),
    path("tasks/failed/", views.FailedTasksView.as_view(), name="admin-tasks-failed"),
    path("cache/refresh/", views.CacheRefreshView.as_view(), name="admin-cache-refresh"),
    path("movies/<int:tmdb_id>/sync/", views.MovieResyncView.as_view(), name="admin-movie-sync"),
]
