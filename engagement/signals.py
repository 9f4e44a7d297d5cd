"""Signals other apps listen to, so engagement never needs to know who reacts to its writes."""

from django.dispatch import Signal

# Sent once a write that changes what a user likes or has seen (favorites, watchlist, views,
# reviews, diary plays, the movies on their own lists) has committed, with ``user_id``.
interactions_changed = Signal()

# Sent once a "not interested" write has committed, with ``user_id``, ``tmdb_id`` and
# ``dismissed`` (True when the movie was dismissed, False when the dismissal was withdrawn).
dismissal_changed = Signal()

# Sent once a history import has committed, with ``user_id``.
history_imported = Signal()
