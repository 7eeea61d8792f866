"""Settings kept in the database: every desktop and daemon using it agrees on them."""

from __future__ import annotations

from typing import Any

from app.db import Database
from app.db.models import AppSetting
from app.errors import InvalidInput

MISFIRE_GRACE = "misfire_grace_seconds"
DEFAULT_MISFIRE_GRACE = 3600  # a missed run still goes out if the runner is back within an hour
MAX_MISFIRE_GRACE = 7 * 24 * 3600


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with db.session() as s:
        row = s.get(AppSetting, key)
        return default if row is None else (row.value or {}).get("value", default)


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.session() as s:
        row = s.get(AppSetting, key)
        if row is None:
            s.add(AppSetting(key=key, value={"value": value}))
        else:
            row.value = {"value": value}


def misfire_grace_seconds(db: Database) -> int:
    """How late a scheduled run may still start (after sleep, or with Facteur closed)."""
    value = get_setting(db, MISFIRE_GRACE, DEFAULT_MISFIRE_GRACE)
    try:
        return max(0, min(int(value), MAX_MISFIRE_GRACE))
    except (TypeError, ValueError):
        return DEFAULT_MISFIRE_GRACE


def set_misfire_grace_seconds(db: Database, seconds: int) -> None:
    if not 0 <= int(seconds) <= MAX_MISFIRE_GRACE:
        raise InvalidInput(
            "The grace period must be between 0 and {days} days.", days=MAX_MISFIRE_GRACE // 86400
        )
    set_setting(db, MISFIRE_GRACE, int(seconds))
