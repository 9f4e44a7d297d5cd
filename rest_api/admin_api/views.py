"""Admin-only analytics: JSON by default, CSV with ?format=csv (formula-safe: rest_api/renderers.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from analytics import selectors
from catalog import services as catalog_services
from recsys import admin_jobs
from recsys import selectors as recsys_selectors
from rest_api.accounts.serializers import DetailSerializer
from rest_api.admin_api import serializers as s
from rest_api.parsing import validated
from rest_api.renderers import SafeCSVRenderer

FORMAT_PARAM = OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], description="Export format")


def _columns(row_serializer: type[Serializer]) -> tuple[str, ...]:
    return tuple(row_serializer().fields)


class _AnalyticsView(APIView):
    permission_classes = [IsAdminUser]
    renderer_classes = [JSONRenderer, SafeCSVRenderer]
    query_serializer = s.RangeQuerySerializer
    csv_columns: tuple[str, ...] = ()  # a list export's row fields, in order

    def get_renderer_context(self) -> dict:
        """A CSV list starts with its header row, even when no row matches (then it is the only line)."""
        context = super().get_renderer_context()
        if self.csv_columns:
            context["header"] = self.csv_columns
        return context

    def parse(self, request: Request) -> tuple[selectors.DateRange, dict]:
        params = validated(self.query_serializer, request.query_params)
        period = selectors.date_range(start=params.pop("start", None), end=params.pop("end", None))
        return period, params


class SummaryView(_AnalyticsView):
    @extend_schema(
        parameters=[s.RangeQuerySerializer, FORMAT_PARAM],
        responses=s.SummarySerializer,
        summary="Analytics summary",
    )
    def get(self, request: Request) -> Response:
        period, _ = self.parse(request)
        return Response(s.SummarySerializer(selectors.summary(period=period)).data)


class MostWatchedView(_AnalyticsView):
    query_serializer = s.MostWatchedQuerySerializer
    csv_columns = _columns(s.MostWatchedSerializer)

    @extend_schema(
        parameters=[s.MostWatchedQuerySerializer, FORMAT_PARAM],
        responses=s.MostWatchedSerializer(many=True),
        summary="Most-watched movies",
    )
    def get(self, request: Request) -> Response:
        period, params = self.parse(request)
        rows = selectors.most_watched(period=period, limit=params["limit"])
        return Response(s.MostWatchedSerializer(rows, many=True).data)


class NewUsersView(_AnalyticsView):
    csv_columns = _columns(s.DayCountSerializer)

    @extend_schema(
        parameters=[s.RangeQuerySerializer, FORMAT_PARAM],
        responses=s.DayCountSerializer(many=True),
        summary="New users per day",
    )
    def get(self, request: Request) -> Response:
        period, _ = self.parse(request)
        return Response(s.DayCountSerializer(selectors.new_users_by_day(period=period), many=True).data)


class DauView(_AnalyticsView):
    csv_columns = _columns(s.DayCountSerializer)

    @extend_schema(
        parameters=[s.RangeQuerySerializer, FORMAT_PARAM],
        responses=s.DayCountSerializer(many=True),
        summary="Daily active users",
    )
    def get(self, request: Request) -> Response:
        period, _ = self.parse(request)
        return Response(s.DayCountSerializer(selectors.dau_by_day(period=period), many=True).data)


class FailedTasksView(ListAPIView):
    """Failed background tasks, newest first."""

    permission_classes = [IsAdminUser]
    serializer_class = s.FailedTaskSerializer

    def get_queryset(self):
        return selectors.failed_task_list()

    @extend_schema(summary="Failed background tasks")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class AdminLogView(ListAPIView):
    """Recent admin operations, newest first: who did what, when."""

    permission_classes = [IsAdminUser]
    serializer_class = s.AdminLogEntrySerializer

    def get_queryset(self):
        return selectors.admin_log(**validated(s.AdminLogQuerySerializer, self.request.query_params))

    @extend_schema(parameters=[s.AdminLogQuerySerializer], summary="Admin operations log")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CacheRefreshView(APIView):
    """Queue a rebuild of precomputed trending or recommendation lists (never run in the request)."""

    permission_classes = [IsAdminUser]

    @extend_schema(
        request=s.CacheRefreshSerializer,
        responses={
            202: s.CacheRefreshAnswerSerializer,
            503: OpenApiResponse(description="The job queue is unreachable: nothing was started."),
        },
        summary="Refresh caches",
    )
    def post(self, request: Request) -> Response:
        target = validated(s.CacheRefreshSerializer, request.data)["target"]
        run = admin_jobs.precompute_request(target=target)
        answer = {"detail": f"Refresh of {target} queued."}
        if run is not None:
            answer["run_id"] = run.pk
        return Response(answer, status=status.HTTP_202_ACCEPTED)


class RecommendationRunListView(ListAPIView):
    """Recommendation runs, newest first, with their progress."""

    permission_classes = [IsAdminUser]
    serializer_class = s.RecommendationRunSerializer

    def get_queryset(self):
        return recsys_selectors.recommendation_runs()

    @extend_schema(summary="Recommendation runs")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class LatestRecommendationRunView(APIView):
    """The newest recommendation run and its progress; 404 before the first one."""

    permission_classes = [IsAdminUser]

    @extend_schema(
        responses={
            200: s.RecommendationRunSerializer,
            404: OpenApiResponse(description="No run yet."),
        },
        summary="Latest recommendation run",
    )
    def get(self, request: Request) -> Response:
        run = recsys_selectors.recommendation_runs().first()
        if run is None:
            raise NotFound("No recommendation run yet.")
        return Response(s.RecommendationRunSerializer(run).data)


class MovieResyncView(APIView):
    """Drop a movie's cached TMDb data and queue a re-sync from TMDb."""

    permission_classes = [IsAdminUser]

    @extend_schema(request=None, responses={202: DetailSerializer}, summary="Re-sync a movie from TMDb")
    def post(self, request: Request, tmdb_id: int) -> Response:
        catalog_services.movie_resync_request(tmdb_id=tmdb_id)
        return Response({"detail": f"Re-sync of movie {tmdb_id} queued."}, status=status.HTTP_202_ACCEPTED)
