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

# Sent inside the transaction that removes one of a user's favorites or watchlist entries, with
# ``user_id``, ``tmdb_id`` and ``removed_at``, so a delta sync can tell clients what went away.
entry_removed = Signal()
