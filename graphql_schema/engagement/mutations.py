"""GraphQL mutations of the engagement domain."""

import strawberry


@strawberry.type
class EngagementMutation:
    pass
