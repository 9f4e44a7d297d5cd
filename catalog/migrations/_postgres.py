"""Migration operations that only PostgreSQL runs (SQLite skips them), so both run the same migrations."""

from django.db import migrations


class AddIndexOnPostgres(migrations.operations.base.Operation):
    """Adds an index on PostgreSQL only; other databases (SQLite) skip it."""

    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        """The index is not part of the model state: models stay database-neutral."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(from_state.apps.get_model(app_label, self.model_name), self.index)

    def describe(self):
        return f"Create PostgreSQL-only index {self.index.name} on {self.model_name}"

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "index": self.index}
