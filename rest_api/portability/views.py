"""Delta sync over REST: when each collection last changed (the lists take ``updated_since``)."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portability import sync
from rest_api.portability.serializers import LastActivitiesSerializer


class LastActivitiesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=LastActivitiesSerializer,
        summary="When each of your collections last changed, to ask only for what changed since",
    )
    def get(self, request: Request) -> Response:
        return Response(LastActivitiesSerializer(sync.last_activities(request.user)).data)
