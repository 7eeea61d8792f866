"""The roll-ups the dashboard reads: counters bumped in the transaction that records the fact.

``stat_daily`` holds a day's figures per campaign run (0/0 for automation mail), ``link_stat``
the clicks per link of a campaign. Both are maintained as messages are sent (the outbox's
``record``) and as the relay's events are applied (``app.tracking.sync``), so no dashboard query
groups the raw events. ``rebuild`` recomputes them from the raw rows (a repair, and the bench).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.models import LinkStat, StatDaily

STATS_TIMEZONE = "Europe/Paris"
COUNTERS = (
    "sent",
    "failed",
    "opened",
    "unique_opened",
    "clicked",
    "unique_clicked",
    "bounced",
    "complained",
    "unsubscribed",
    "bot_opened",
    "bot_clicked",
)
_TZ = ZoneInfo(STATS_TIMEZONE)


def day_of(moment: datetime | date) -> str:
    """The local day (``YYYY-MM-DD``, Paris time) a moment counts for."""
    if isinstance(moment, datetime):
        return moment.astimezone(_TZ).date().isoformat()
    return moment.isoformat()


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# The upserts are built once per dialect and set of counters, with bound parameters: building
# and hashing a new statement each time cost ~20 times what SQLite takes to run it.
@functools.cache
def _bump_statement(dialect: str, names: tuple[str, ...]) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(StatDaily).values(
        day=bindparam("day"),
        campaign_id=bindparam("campaign_id"),
        run_id=bindparam("run_id"),
        **{name: bindparam(name) for name in names},
    )
    table = StatDaily.__table__
    return stmt.on_conflict_do_update(
        index_elements=["day", "campaign_id", "run_id"],
        set_={name: table.c[name] + stmt.excluded[name] for name in names},
    )


@functools.cache
def _link_statement(dialect: str) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(LinkStat).values(
        campaign_id=bindparam("campaign_id"),
        url_hash=bindparam("url_hash"),
        url=bindparam("url"),
        clicks=bindparam("clicks"),
        unique_clicks=bindparam("unique_clicks"),
    )
    table = LinkStat.__table__
    return stmt.on_conflict_do_update(
        index_elements=["campaign_id", "url_hash"],
        set_={
            "clicks": table.c.clicks + stmt.excluded.clicks,
            "unique_clicks": table.c.unique_clicks + stmt.excluded.unique_clicks,
        },
    )


def bump(
    session: Session,
    moment: datetime | date,
    campaign_id: int | None,
    run_id: int | None,
    counts: Mapping[str, int],
) -> None:
    """Add ``counts`` (``{"sent": 3, ...}``) to the day of ``moment`` for a campaign run."""
    counts = {k: int(v) for k, v in counts.items() if v}
    if not counts:
        return
    unknown = set(counts) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown counters {sorted(unknown)}")
    names = tuple(sorted(counts))
    params = {"day": day_of(moment), "campaign_id": campaign_id or 0, "run_id": run_id or 0}
    session.connection().execute(_bump_statement(_dialect(session), names), {**params, **counts})


def bump_link(
    session: Session, campaign_id: int | None, url: str, *, clicks: int = 1, unique: int = 0
) -> None:
    """Count clicks on ``url`` for a campaign (``unique``: the first click of a message on it)."""
    params = {
        "campaign_id": campaign_id or 0,
        "url_hash": url_hash(url),
        "url": url,
        "clicks": clicks,
        "unique_clicks": unique,
    }
    session.connection().execute(_link_statement(_dialect(session)), params)


# --- clicked links ----------------------------------------------------------------------------

# ``message_engagement.links`` holds this many hex digits of a clicked link's ``url_hash``
# (``app.tracking.sync`` keeps there the links a message's reader clicked, for unique clicks).
LINK_KEY_LENGTH = 16


def link_key(url: str) -> str:
    return url_hash(url)[:LINK_KEY_LENGTH]
