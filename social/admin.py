"""Admin views of privacy settings, follows and blocks (read and moderate)."""

from django.contrib import admin

from social.models import Block, Follow, PrivacySettings


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
