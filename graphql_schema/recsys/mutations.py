"""GraphQL mutations of the recsys domain."""

import strawberry


@strawberry.type
class RecsysMutation:
    pass
