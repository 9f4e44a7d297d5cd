"""Signals other apps listen to, so social never needs to know who reacts to its writes."""

from django.dispatch import Signal

# Sent once a new follow or follow request has committed, with ``follower_id``, ``followee_id``
# and ``status`` (Follow.Status: "accepted" for a new follower, "pending" for a request).
follow_started = Signal()
