"""GraphQL mutations of the catalog domain."""

import strawberry

from graphql_schema.catalog.admin_mutations import CatalogAdminMutation


@strawberry.type
class CatalogMutation(CatalogAdminMutation):
    pass
