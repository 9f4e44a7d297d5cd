"""Django admin for the catalog: search, filters, cast/crew inlines and a TMDb resync action.

Every save or delete here retires the cached answers showing catalog data once it commits,
as the API's edits do (catalog/services.py).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from catalog import invalidation, services
from catalog.models import Genre, Keyword, Movie, MovieCast, MovieCrew, Person, TmdbFillRun
from catalog.ratings import RATING_COLUMNS


class CatalogModelAdmin(admin.ModelAdmin):
    """Retires cached answers after every save (with its many-to-many fields) and delete."""

    def changed(self, obj: Model) -> None:
        transaction.on_commit(invalidation.catalog_changed)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self.changed(form.instance)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        self.changed(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        deleted = list(queryset)
        super().delete_queryset(request, queryset)
        for obj in deleted:
            self.changed(obj)


@admin.register(Genre)
class GenreAdmin(CatalogModelAdmin):
    list_display = ["name", "slug", "tmdb_id"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(CatalogModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(CatalogModelAdmin):
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


class MovieAdminForm(forms.ModelForm):
    """The model's validation plus the ranges and formats the API enforces."""

    def clean(self) -> dict:
        cleaned = super().clean()
        values = {name: value for name, value in cleaned.items() if name not in self.errors}
        for name, messages_ in services.movie_rule_errors(values).items():
            self.add_error(name, messages_)
        return cleaned


@admin.register(Movie)
class MovieAdmin(CatalogModelAdmin):
    form = MovieAdminForm
    list_display = ["title", "tmdb_id", "release_date", "vote_average", "vote_count", "popularity_score"]
    search_fields = ["title", "original_title", "=tmdb_id", "=imdb_id"]
    list_filter = ["genres", "language", ("release_date", admin.DateFieldListFilter), "tmdb_synced_at"]
    date_hierarchy = "release_date"
    filter_horizontal = ["genres"]
    autocomplete_fields = ["keywords"]
    readonly_fields = [
        "admin_overrides",
        "rating_count",
        "rating_sum",
        *RATING_COLUMNS,
        "tmdb_synced_at",
        "created_at",
        "updated_at",
    ]
    inlines = [MovieCastInline, MovieCrewInline]
    actions = ["resync_from_tmdb", "clear_overrides"]

    def save_model(self, request: HttpRequest, obj: Movie, form, change: bool) -> None:
        """The fields this form changed become overrides, as the API's edits do."""
        obj.admin_overrides = services.movie_overrides_after(obj, set_fields=form.changed_data)
        super().save_model(request, obj, form, change)

    def changed(self, obj: Movie) -> None:
        tmdb_id = obj.tmdb_id
        transaction.on_commit(lambda: invalidation.movie_detail_invalidate(tmdb_id=tmdb_id))

    @admin.action(description="Hand overridden fields of selected movies back to TMDb and re-sync")
    def clear_overrides(self, request: HttpRequest, queryset: QuerySet[Movie]) -> None:
        tmdb_ids = list(queryset.values_list("tmdb_id", flat=True))
        for tmdb_id in tmdb_ids:
            services.movie_update(tmdb_id=tmdb_id, clear_overrides=services.OVERRIDABLE)
        self.message_user(request, f"Cleared the overrides of {len(tmdb_ids)} movie(s).", messages.SUCCESS)

    @admin.action(description="Re-sync selected movies from TMDb")
    def resync_from_tmdb(self, request: HttpRequest, queryset: QuerySet[Movie]) -> None:
        tmdb_ids = list(queryset.values_list("tmdb_id", flat=True))
        for tmdb_id in tmdb_ids:
            services.movie_resync_request(tmdb_id=tmdb_id)
        self.message_user(request, f"Queued a TMDb sync of {len(tmdb_ids)} movie(s).", messages.SUCCESS)


@admin.register(TmdbFillRun)
class TmdbFillRunAdmin(admin.ModelAdmin):
    """Progress of ``fill_from_tmdb`` runs, read-only: the command and its task write them."""

    list_display = ["started_at", "status", "total", "filled", "missing", "updated_at", "finished_at", "note"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TmdbFillRun | None = None) -> bool:
        return False
