"""Signals other apps listen to, so social never needs to know who reacts to its writes."""

from django.dispatch import Signal

# Sent once a new follow or follow request has committed, with ``follower_id``, ``followee_id``
# and ``status`` (Follow.Status: "accepted" for a new follower, "pending" for a request).
follow_started = Signal()

# Sent once a new like has committed, with ``liker_id``, ``kind`` ("review" or "list") and
# ``target_id``; a like that already existed sends nothing.
like_added = Signal()

# Sent once a comment has been posted or edited, with ``comment_id`` and ``mentioned``: the
# usernames its text mentions (each told once per comment, however often it is edited).
comment_saved = Signal()
