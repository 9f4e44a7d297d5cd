"""GraphQL queries of the engagement domain."""

import strawberry


@strawberry.type
class EngagementQuery:
    pass
