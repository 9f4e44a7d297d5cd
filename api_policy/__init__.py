"""Cross-surface policy of every API operation, read by both transports (REST views, GraphQL fields).

Above the domain apps and below ``rest_api`` and ``graphql_schema``, which never import each
other: ``operations`` declares each operation's throttle scope, auth, cacheability and cost
weight once; ``throttling`` holds the throttles both surfaces spend from.
"""
