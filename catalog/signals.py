"""Signals catalog sends so the apps above it can answer without catalog importing them."""

from django.dispatch import Signal

# Sent before a movie is deleted, with ``movie``. Each receiver returns what users hold of it
# that the deletion takes along: a list of ``(count, singular, plural)``, e.g. ``(2, "review", "reviews")``.
movie_usage_requested = Signal()
