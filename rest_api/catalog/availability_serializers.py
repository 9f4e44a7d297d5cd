"""The availability filter's query parameters, shared by every movie list that takes them: typed
here, checked by engagement.availability_filter (the messages live there)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from catalog import availability
from engagement.availability_filter import AvailabilityFilter, availability_filter
from rest_api.parsing import validated


class AvailabilityQuerySerializer(serializers.Serializer):
    region = serializers.CharField(
        required=False,
        max_length=20,
        help_text="Available in this region (ISO 3166-1 alpha-2, e.g. US); with providers or monetization "
        "and no region: your region (DEFAULT_REGION when anonymous).",
    )
    providers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="On one of these watch provider ids. Repeat the parameter for each; at most "
        f"{availability.MAX_FILTER_PROVIDERS}.",
    )
    monetization = serializers.ListField(
        child=serializers.ChoiceField(choices=availability.MONETIZATIONS),
        required=False,
        help_text="Offered as one of these (any).",
    )
    on_my_services = serializers.BooleanField(
        default=False,
        help_text="Available in your region on your saved services (signed-in readers; not with region or "
        "providers).",
    )


def availability_query(request: Request) -> AvailabilityFilter | None:
    """The checked availability filter of a request's query parameters, None when none is asked
    (a 400 naming every bad parameter)."""
    return availability_filter(request.user, **validated(AvailabilityQuerySerializer, request.query_params))


def query_with_availability(
    request: Request, serializer_class: type[serializers.Serializer]
) -> tuple[dict, AvailabilityFilter | None]:
    """A list's own query parameters (``serializer_class``) and its availability filter, checked
    together: one 400 naming every bad parameter of both, not the first kind found."""
    own = serializer_class(data=request.query_params)
    errors = {} if own.is_valid() else dict(own.errors)
    available = None
    try:
        available = availability_query(request)
    except ValidationError as error:
        errors |= error.detail
    except DjangoValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return dict(own.validated_data), available
