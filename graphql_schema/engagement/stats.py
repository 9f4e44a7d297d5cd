"""Your diary in figures on GraphQL: ``diaryStats(year)`` and ``diaryStatsYears``.

Each resolver is one engagement.stats call; the types (graphql_schema/engagement/types.py) read
its frozen dataclasses as they are.
"""

import strawberry

from engagement import stats
from graphql_schema.context import Info
from graphql_schema.engagement.types import DiaryStatsType
from graphql_schema.policy import policy_extensions


@strawberry.type
class StatsQuery:
    @strawberry.field(
        description="Your diary in figures: a year's (1870 to next year), or all time's without one. "
        "Signed-in users only.",
        extensions=policy_extensions("diaryStats", quiet=False),
    )
    def diary_stats(self, info: Info, year: int | None = None) -> DiaryStatsType:
        return stats.user_stats(user=info.context.user, year=year)

    @strawberry.field(
        description="The years with plays in your diary, newest first: the years in review. "
        "Signed-in users only.",
        extensions=policy_extensions("diaryStatsYears", quiet=False),
    )
    def diary_stats_years(self, info: Info) -> list[int]:
        return stats.stats_years(user=info.context.user)
