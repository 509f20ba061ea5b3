"""Alembic environment: run against the connection the registry hands over."""
from alembic import context

from policydesk.store.tables import metadata

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
