"""The registry: guides, tasks, organs, units and a full-text index in one database
(SQLite file by default). SQLAlchemy 2 Core; the schema is made by Alembic migrations."""
from .db import open_registry, Registry

__all__ = ["open_registry", "Registry"]
