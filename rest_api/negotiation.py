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
