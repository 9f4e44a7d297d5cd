"""Like and comment counts of reviews and lists, and whether the reader likes each: read in the
query that reads the rows (subquery annotations), so a page costs no query per row.

``with_reactions`` annotates a queryset of reviews or lists; ``annotations`` gives the same
expressions to the GraphQL optimizer; ``like_count``, ``comment_count`` and ``liked_by_viewer``
read them back from a row, or count them for a single row read without them (one a write returned).
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from engagement.models import Review
from social.models import Comment, Like

LIKE_COUNT = "reaction_like_count"
COMMENT_COUNT = "reaction_comment_count"
LIKED_BY_VIEWER = "reaction_liked_by_viewer"


def _field(model) -> str:
    return "review" if model is Review else "movie_list"


def _count(rows: QuerySet, field: str) -> Coalesce:
    counted = (
        rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotations(model, viewer) -> dict:
    """The annotations of ``model`` (Review or MovieList) rows for ``viewer``: like count,
    comment count (replies included), liked by the viewer."""
    field = _field(model)
    liked = (
        Exists(Like.objects.filter(**{field: OuterRef("pk")}, user_id=viewer.pk))
        if viewer.is_authenticated
        else Value(False)
    )
    return {
        LIKE_COUNT: _count(Like.objects.all(), field),
        COMMENT_COUNT: _count(Comment.objects.all(), field),
        LIKED_BY_VIEWER: liked,
    }


def with_reactions(rows: QuerySet, *, viewer) -> QuerySet:
    """``rows`` (reviews or lists) with their reactions for ``viewer`` read along."""
    return rows.annotate(**annotations(rows.model, viewer))


def _key(row) -> dict:
    return {_field(type(row)): row.pk}


def like_count(row) -> int:
    """How many users like ``row`` (a review or list): its annotation, else one query."""
    if hasattr(row, LIKE_COUNT):
        return getattr(row, LIKE_COUNT)
    return Like.objects.filter(**_key(row)).count()


def comment_count(row) -> int:
    """How many comments (replies included) ``row`` has: its annotation, else one query."""
    if hasattr(row, COMMENT_COUNT):
        return getattr(row, COMMENT_COUNT)
    return Comment.objects.filter(**_key(row)).count()


def liked_by_viewer(row, *, viewer) -> bool:
    """Whether ``viewer`` likes ``row``: its annotation, else one query (none when anonymous)."""
    if hasattr(row, LIKED_BY_VIEWER):
        return bool(getattr(row, LIKED_BY_VIEWER))
    return viewer.is_authenticated and Like.objects.filter(**_key(row), user_id=viewer.pk).exists()
