"""Admin views of user interactions (read and moderate; rating aggregates move only via services)."""

from django.contrib import admin

from engagement import services
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem


@admin.register(FavoriteMovie, WatchlistItem)
class UserEntryAdmin(admin.ModelAdmin):
    list_display = ("user", "movie", "added_at")
    list_select_related = ("user", "movie")
    search_fields = ("user__email", "movie__title")
    raw_id_fields = ("user", "movie")
    date_hierarchy = "added_at"


@admin.register(WatchHistory)
class WatchHistoryAdmin(admin.ModelAdmin):
    list_display = ("viewer_key", "user", "movie", "watched_at", "progress_seconds")
    list_select_related = ("user", "movie")
    search_fields = ("user__email", "movie__title", "viewer_key")
    raw_id_fields = ("user", "movie")
    date_hierarchy = "watched_at"


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("user", "movie", "rating", "created_at")
    list_select_related = ("user", "movie")
    list_filter = ("rating",)
    search_fields = ("user__email", "movie__title", "text")
    raw_id_fields = ("user", "movie")
    readonly_fields = ("user", "movie", "rating", "created_at", "updated_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def delete_model(self, request, obj: Review) -> None:
        services.review_delete(user=request.user, review_id=obj.pk)

    def delete_queryset(self, request, queryset) -> None:
        for review_id in queryset.values_list("pk", flat=True):
            services.review_delete(user=request.user, review_id=review_id)
