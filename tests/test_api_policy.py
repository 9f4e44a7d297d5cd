"""The operation policy table (api_policy/operations.py) matches what both surfaces serve."""

from api_policy.operations import OPERATIONS
from graphql_schema.schema import schema
from rest_api.operations import DeclaredOperations


def _subclasses(cls: type) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *_subclasses(direct)}}


def test_every_declared_operation_is_a_graphql_root_field():
    graphql = schema._schema
    roots = {*graphql.query_type.fields, *graphql.mutation_type.fields}

    assert set(OPERATIONS) - roots == set()


def test_rest_views_serve_declared_operations_only():
    import rest_api.urls  # noqa: F401  (imports every view)

    served = {name for view in _subclasses(DeclaredOperations) for name in view.operations.values()}

    assert served - set(OPERATIONS) == set()
    assert {"popular", "search", "autocomplete", "movie", "trending", "recommendations", "similar"} <= served
