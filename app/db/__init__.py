"""Database access: engine, sessions and migrations."""

from app.db.engine import Database

__all__ = ["Database"]
