"""GraphQL mutations of the catalog domain."""

import strawberry


@strawberry.type
class CatalogMutation:
    pass
