"""Signals catalog sends so the apps above it can answer without catalog importing them."""

from django.dispatch import Signal

# Sent before a movie is deleted, with ``movie``. Each receiver returns what users hold of it
# that the deletion takes along: a list of ``(count, singular, plural)``, e.g. ``(2, "review", "reviews")``.
movie_usage_requested = Signal()

# Sent once a refresh of a movie's offers that changed them has committed, with ``tmdb_id``,
# ``added`` and ``removed``: frozensets of ``catalog.offers.OfferKey`` (region, provider_id,
# monetization). An identical refresh sends nothing.
offers_changed = Signal()
