"""Quoted table and column names of models, for the few statistics queries written as plain SQL."""

from django.db import connection


def table(model) -> str:
    """``model``'s table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model, field: str) -> str:
    """The column of ``model``'s ``field``, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.get_field(field).column)
