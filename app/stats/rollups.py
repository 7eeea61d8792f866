"""The roll-ups the dashboard reads: counters bumped in the transaction that records the fact.

``stat_daily`` holds a day's figures per campaign run (0/0 for automation mail), ``link_stat``
the clicks per link of a campaign. Both are maintained as messages are sent (the outbox's
``record``) and as the relay's events are applied (``app.tracking.sync``), so no dashboard query
groups the raw events. ``rebuild`` recomputes them from the raw rows (a repair, and the bench).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

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


def _insert(session: Session):  # type: ignore[no-untyped-def]
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


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
    insert = _insert(session)
    stmt = insert(StatDaily).values(
        day=day_of(moment), campaign_id=campaign_id or 0, run_id=run_id or 0, **counts
    )
    table = StatDaily.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=["day", "campaign_id", "run_id"],
        set_={name: table.c[name] + stmt.excluded[name] for name in counts},
    )
    session.execute(stmt)


def bump_link(
    session: Session, campaign_id: int | None, url: str, *, clicks: int = 1, unique: int = 0
) -> None:
    """Count clicks on ``url`` for a campaign (``unique``: the first click of a message on it)."""
    insert = _insert(session)
    stmt = insert(LinkStat).values(
        campaign_id=campaign_id or 0,
        url_hash=url_hash(url),
        url=url,
        clicks=clicks,
        unique_clicks=unique,
    )
    table = LinkStat.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=["campaign_id", "url_hash"],
        set_={
            "clicks": table.c.clicks + stmt.excluded.clicks,
            "unique_clicks": table.c.unique_clicks + stmt.excluded.unique_clicks,
        },
    )
    session.execute(stmt)

