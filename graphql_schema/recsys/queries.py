"""GraphQL queries of the recsys domain."""

import strawberry


@strawberry.type
class RecsysQuery:
    pass
