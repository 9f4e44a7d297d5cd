"""Shapes of likes and comments on reviews and lists, and the reaction fields of both."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from rest_api.parsing import DomainBoundedCharField
from social import reactions
from social.models import COMMENT_MAX_LENGTH


class ReactionsSerializer(serializers.Serializer):
    """``like_count``, ``comment_count`` and ``liked_by_me`` of a review or list: read along with a
    page (social.reactions.with_reactions), else counted for the one row shown."""

    like_count = serializers.SerializerMethodField(help_text="How many users like it.")
    comment_count = serializers.SerializerMethodField(help_text="How many comments it has, replies included.")
    liked_by_me = serializers.SerializerMethodField(help_text="Whether you like it (false when anonymous).")

    def get_like_count(self, row) -> int:
        return reactions.like_count(row)

    def get_comment_count(self, row) -> int:
        return reactions.comment_count(row)

    def get_liked_by_me(self, row) -> bool:
        request = self.context.get("request")
        return reactions.liked_by_viewer(row, viewer=request.user if request is not None else AnonymousUser())


class LikeSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username", read_only=True)
    avatar_url = serializers.CharField(source="user.avatar_url", read_only=True)
    since = serializers.DateTimeField(source="created_at", read_only=True, help_text="When they liked it.")


class LikeStateSerializer(serializers.Serializer):
    liked = serializers.BooleanField(read_only=True, help_text="Whether you like it.")
    like_count = serializers.IntegerField(read_only=True)


class ReplySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(source="author.username", read_only=True, help_text="Its author.")
    text = serializers.CharField(read_only=True)
    parent_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="The top comment it replies to (null for a top comment)."
    )
    created_at = serializers.DateTimeField(read_only=True)
    edited_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When its author last edited it."
    )


class CommentSerializer(ReplySerializer):
    replies = serializers.SerializerMethodField(help_text="Its replies, oldest first (a reply has none).")

    def get_replies(self, comment) -> list[dict]:
        replies = comment.replies.all() if comment.parent_id is None else []
        return ReplySerializer(replies, many=True).data


# The domain checks the text (social.comments: its limits after stripping, for both surfaces).
class CommentInputSerializer(serializers.Serializer):
    text = DomainBoundedCharField(
        stated_max_length=COMMENT_MAX_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"1 to {COMMENT_MAX_LENGTH} characters (surrounding white space is dropped); "
        "@username mentions notify.",
    )
    parent_id = serializers.UUIDField(
        required=False, help_text="The top comment this replies to (a reply to a reply is refused)."
    )


class CommentEditSerializer(serializers.Serializer):
    text = DomainBoundedCharField(
        stated_max_length=COMMENT_MAX_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"1 to {COMMENT_MAX_LENGTH} characters.",
    )
