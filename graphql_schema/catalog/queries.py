"""GraphQL queries of the catalog domain."""

import strawberry


@strawberry.type
class CatalogQuery:
    pass
