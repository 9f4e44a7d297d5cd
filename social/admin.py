"""Admin views of privacy settings, follows, blocks, likes and comments (read and moderate)."""

from django.contrib import admin

from social.models import Block, Comment, Follow, Like, PrivacySettings


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "private_account", "diary", "ratings", "lists", "favorites", "watchlist")
    list_select_related = ("user",)
    list_filter = ("private_account",)
    search_fields = ("user__email", "user__username")
    raw_id_fields = ("user",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followee", "status", "created_at")
    list_select_related = ("follower", "followee")
    list_filter = ("status",)
    search_fields = ("follower__username", "followee__username")
    raw_id_fields = ("follower", "followee")
    date_hierarchy = "created_at"


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    list_select_related = ("blocker", "blocked")
    search_fields = ("blocker__username", "blocked__username")
    raw_id_fields = ("blocker", "blocked")
    date_hierarchy = "created_at"


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ("user", "review", "movie_list", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "review", "movie_list")
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("author", "text", "review", "movie_list", "parent", "created_at", "edited_at")
    list_select_related = ("author",)
    search_fields = ("author__username", "text")
    raw_id_fields = ("author", "review", "movie_list", "parent")
    date_hierarchy = "created_at"
