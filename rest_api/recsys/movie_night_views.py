"""Movie night endpoints: parse, call recsys.group_picks or recsys.movie_night, shape."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recsys import group_picks, movie_night
from rest_api.catalog.serializers import movie_context
from rest_api.operations import DeclaredOperations
from rest_api.parsing import validated
from rest_api.recsys import movie_night_serializers as s

NOT_FOUND = OpenApiResponse(description="No live movie night with this code that you are a member of.")


class GroupPicksView(DeclaredOperations, APIView):
    """Movies for a movie night: none of the group has seen, rated or dismissed them."""

    operations = {"POST": "groupPicks"}

    @extend_schema(
        request=s.GroupPicksRequestSerializer,
        responses={200: s.GroupPicksSerializer},
        summary="Group picks for a movie night",
    )
    def post(self, request: Request) -> Response:
        body = validated(s.GroupPicksRequestSerializer, request.data)
        members, limit = body.pop("members"), body.pop("limit")
        filters = group_picks.checked_group_filter(request.user, **body)
        picks = group_picks.group_picks(user=request.user, members=members, limit=limit, filters=filters)
        context = movie_context(request, [pick.movie for pick in picks])
        return Response(s.GroupPicksSerializer({"results": picks}, context=context).data)


class MovieNightsView(DeclaredOperations, APIView):
    """Start a movie night."""

    operations = {"POST": "createMovieNight"}

    @extend_schema(request=None, responses={201: s.MovieNightSerializer}, summary="Start a movie night")
    def post(self, request: Request) -> Response:
        night = movie_night.movie_night_create(user=request.user)
        return Response(s.night_payload(night), status=status.HTTP_201_CREATED)


class MovieNightJoinView(DeclaredOperations, APIView):
    """Join a movie night by its code."""

    operations = {"POST": "joinMovieNight"}

    @extend_schema(
        request=s.JoinRequestSerializer,
        responses={200: s.MovieNightSerializer},
        summary="Join a movie night by its code",
    )
    def post(self, request: Request) -> Response:
        code = validated(s.JoinRequestSerializer, request.data)["code"]
        return Response(s.night_payload(movie_night.movie_night_join(user=request.user, code=code)))


class MovieNightView(DeclaredOperations, APIView):
    """A movie night you are a member of: its members; leave it."""

    operations = {"GET": "movieNight", "DELETE": "leaveMovieNight"}

    @extend_schema(responses={200: s.MovieNightSerializer, 404: NOT_FOUND}, summary="A movie night's members")
    def get(self, request: Request, code: str) -> Response:
        return Response(s.night_payload(movie_night.movie_night_of_member(user=request.user, code=code)))

    @extend_schema(
        responses={204: OpenApiResponse(description="Done."), 404: NOT_FOUND}, summary="Leave a movie night"
    )
    def delete(self, request: Request, code: str) -> Response:
        movie_night.movie_night_leave(user=request.user, code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)
