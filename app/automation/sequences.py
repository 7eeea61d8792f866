"""Scaffolding: being written in this session (see app/automation/runtime.py for the hooks)."""

from __future__ import annotations

from datetime import datetime

from app.db import Database


def next_due(db: Database) -> datetime | None:
    return None


def advance_due(db: Database) -> int:
    return 0
