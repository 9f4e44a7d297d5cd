"""Serializers of profiles, follows, blocks and privacy settings."""

from rest_framework import serializers

from rest_api.catalog.serializers import MovieSerializer
from social.models import Activity, Audience, Follow, PrivacySettings


class AreaCountsSerializer(serializers.Serializer):
    diary = serializers.IntegerField(
        allow_null=True, help_text="Diary plays; null when you may not read them."
    )
    ratings = serializers.IntegerField(
        allow_null=True, help_text="Ratings and reviews; null when you may not read them."
    )
    lists = serializers.IntegerField(
        allow_null=True, help_text="Lists you may read; null when none may be read."
    )
    favorites = serializers.IntegerField(
        allow_null=True, help_text="Favorites; null when you may not read them."
    )
    watchlist = serializers.IntegerField(
        allow_null=True, help_text="Watchlist; null when you may not read it."
    )


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    avatar_url = serializers.CharField(source="user.avatar_url")
    bio = serializers.CharField(source="user.bio")
    private_account = serializers.BooleanField(help_text="Follows wait for the user's approval.")
    followers_count = serializers.IntegerField()
    following_count = serializers.IntegerField()
    counts = AreaCountsSerializer(source="area_counts", help_text="Per area, only when you may read it.")
    follow_status = serializers.ChoiceField(
        choices=Follow.Status.choices,
        allow_null=True,
        help_text="Your follow of this user: accepted, pending (a request) or null.",
    )


class FollowerSerializer(serializers.Serializer):
    username = serializers.CharField(source="follower.username")
    avatar_url = serializers.CharField(source="follower.avatar_url")
    bio = serializers.CharField(source="follower.bio")
    since = serializers.DateTimeField(source="created_at", help_text="When the follow (or request) began.")


class FolloweeSerializer(serializers.Serializer):
    username = serializers.CharField(source="followee.username")
    avatar_url = serializers.CharField(source="followee.avatar_url")
    bio = serializers.CharField(source="followee.bio")
    since = serializers.DateTimeField(source="created_at", help_text="When the follow began.")


class FollowStateSerializer(serializers.Serializer):
    username = serializers.CharField(source="followee.username")
    status = serializers.ChoiceField(
        choices=Follow.Status.choices, help_text="accepted, or pending until a private account approves."
    )


class BlockedSerializer(serializers.Serializer):
    username = serializers.CharField(source="blocked.username")
    avatar_url = serializers.CharField(source="blocked.avatar_url")
    since = serializers.DateTimeField(source="created_at")


AUDIENCE_HELP = "Who reads it besides you: public, followers (accepted ones) or private."


class PrivacySerializer(serializers.ModelSerializer):
    diary = serializers.ChoiceField(choices=Audience.choices, help_text=f"Diary plays. {AUDIENCE_HELP}")
    ratings = serializers.ChoiceField(
        choices=Audience.choices, help_text=f"Ratings and reviews (on movies too). {AUDIENCE_HELP}"
    )
    lists = serializers.ChoiceField(
        choices=Audience.choices, help_text=f"Lists (each keeps its own visibility). {AUDIENCE_HELP}"
    )
    favorites = serializers.ChoiceField(choices=Audience.choices, help_text=f"Favorites. {AUDIENCE_HELP}")
    watchlist = serializers.ChoiceField(choices=Audience.choices, help_text=f"Watchlist. {AUDIENCE_HELP}")
    private_account = serializers.BooleanField(
        help_text="Follows wait for your approval, and public areas read as followers-only."
    )

    class Meta:
        model = PrivacySettings
        fields = ["diary", "ratings", "lists", "favorites", "watchlist", "private_account"]


class FeedQuerySerializer(serializers.Serializer):
    type = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.Verb.choices),
        required=False,
        help_text="Only these kinds (repeat the parameter for several); left out: all kinds.",
    )


class FeedActorSerializer(serializers.Serializer):
    username = serializers.CharField()
    avatar_url = serializers.CharField()


class FeedListSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class FeedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    actor = FeedActorSerializer()
    verb = serializers.ChoiceField(choices=Activity.Verb.choices)
    created_at = serializers.DateTimeField(help_text="When it happened.")
    movie = MovieSerializer(allow_null=True, help_text="The movie it concerns (null for a list's creation).")
    list = FeedListSerializer(source="movie_list", allow_null=True, help_text="The list it concerns, if any.")
    review_id = serializers.UUIDField(
        source="liked_review_id",
        allow_null=True,
        help_text="The review a like is of (its movie is movie); null otherwise.",
    )
    rating = serializers.FloatField(
        allow_null=True, help_text="The rating given, 1 to 5 in half stars (ratings, reviews and plays)."
    )
    excerpt = serializers.CharField(help_text="The start of the review's text (empty when none).")


class FriendRatingSerializer(serializers.Serializer):
    username = serializers.CharField()
    avatar_url = serializers.CharField()
    rating = serializers.FloatField(help_text="1 to 5 in half stars.")


class FriendsRatingsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="Their mean rating; null when none.")
    people = FriendRatingSerializer(many=True, help_text="The newest 20 of them, newest first.")
