"""REST routes of the engagement domain."""

from django.urls import path

from rest_api.engagement import views

urlpatterns = [
    path("user/favorites/", views.FavoriteListView.as_view(), name="favorite-list"),
    path("user/favorites/<uuid:favorite_id>/", views.FavoriteDetailView.as_view(), name="favorite-detail"),
    path("user/favorites/<int:tmdb_id>/", views.FavoriteByMovieView.as_view(), name="favorite-movie"),
    path("user/watchlist/", views.WatchlistListView.as_view(), name="watchlist-list"),
    path("user/watchlist/<uuid:item_id>/", views.WatchlistDetailView.as_view(), name="watchlist-detail"),
    path("user/watchlist/<int:tmdb_id>/", views.WatchlistByMovieView.as_view(), name="watchlist-movie"),
    path("user/not-interested/", views.NotInterestedListView.as_view(), name="not-interested-list"),
    path(
        "user/not-interested/<int:tmdb_id>/",
        views.NotInterestedDetailView.as_view(),
        name="not-interested-detail",
    ),
    path("user/import/", views.HistoryImportView.as_view(), name="history-import"),
    path(
        "user/import/<uuid:import_id>/", views.HistoryImportDetailView.as_view(), name="history-import-detail"
    ),
    path(
        "user/import/<uuid:import_id>/unmatched/",
        views.HistoryImportUnmatchedView.as_view(),
        name="history-import-unmatched",
    ),
    path("user/export/letterboxd/", views.LetterboxdExportView.as_view(), name="letterboxd-export"),
    path("user/diary/", views.DiaryView.as_view(), name="diary-list"),
    path("user/diary/tags/", views.DiaryTagsView.as_view(), name="diary-tags"),
    path("user/diary/<uuid:entry_id>/", views.DiaryEntryView.as_view(), name="diary-detail"),
    path("user/stats/", views.StatsView.as_view(), name="stats"),
    path("user/stats/years/", views.StatsYearsView.as_view(), name="stats-years"),
    path("user/history/", views.HistoryView.as_view(), name="history-list"),
    path("user/services/", views.UserServicesView.as_view(), name="user-services"),
    path("user/reviews/", views.MyReviewsView.as_view(), name="my-review-list"),
    path("movies/<int:tmdb_id>/track-view/", views.TrackView.as_view(), name="movie-track-view"),
    path("movies/<int:tmdb_id>/reviews/", views.MovieReviewsView.as_view(), name="movie-reviews"),
    path("reviews/<uuid:review_id>/", views.ReviewDetailView.as_view(), name="review-detail"),
]
