"""Django admin for the catalog: search, filters, cast/crew inlines and a TMDb resync action."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from catalog import services
from catalog.models import Genre, Keyword, Movie, MovieCast, MovieCrew, Person
from catalog.tasks import sync_tmdb_movie
from common.queue import enqueue


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "tmdb_id"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "tmdb_id", "dob"]
    search_fields = ["name", "=tmdb_id"]
    list_filter = [("dob", admin.EmptyFieldListFilter)]


class MovieCastInline(admin.TabularInline):
    model = MovieCast
    autocomplete_fields = ["person"]
    extra = 0


class MovieCrewInline(admin.TabularInline):
    model = MovieCrew
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    list_display = ["title", "tmdb_id", "release_date", "vote_average", "vote_count", "popularity_score"]
    search_fields = ["title", "original_title", "=tmdb_id", "=imdb_id"]
    list_filter = ["genres", "language", ("release_date", admin.DateFieldListFilter), "tmdb_synced_at"]
    date_hierarchy = "release_date"
    filter_horizontal = ["genres"]
    autocomplete_fields = ["keywords"]
    readonly_fields = ["rating_count", "rating_sum", "tmdb_synced_at", "created_at", "updated_at"]
    inlines = [MovieCastInline, MovieCrewInline]
    actions = ["resync_from_tmdb"]

    def save_model(self, request: HttpRequest, obj: Movie, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.movie_detail_invalidate(tmdb_id=obj.tmdb_id)

    @admin.action(description="Re-sync selected movies from TMDb")
    def resync_from_tmdb(self, request: HttpRequest, queryset: QuerySet[Movie]) -> None:
        tmdb_ids = list(queryset.values_list("tmdb_id", flat=True))
        for tmdb_id in tmdb_ids:
            enqueue(sync_tmdb_movie, tmdb_id=tmdb_id)
        self.message_user(request, f"Queued a TMDb sync of {len(tmdb_ids)} movie(s).", messages.SUCCESS)
