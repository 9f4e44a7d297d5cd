"""Content negotiation: an unknown ``?format=`` is a 400 naming the formats, not DRF's 404."""

from django.http import Http404
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class FormatCheckingNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError({"format": [f"Unknown format: use one of {formats}."]}) from None


class FirstRendererNegotiation(DefaultContentNegotiation):
    """The view's first renderer whatever the client accepts: for a view that answers a file of
    its own and JSON only for errors (a calendar app asks for text/calendar, and still gets its 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
