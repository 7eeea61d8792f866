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


# --- one tracking event -----------------------------------------------------------------------

# What each kind of tracking event adds to ``stat_daily`` (opens and clicks are handled apart:
# they also count once per message, and a bot's are kept separately).
EVENT_COUNTERS = {"unsubscribe": "unsubscribed", "bounce": "bounced", "complaint": "complained"}
# ``message_engagement.links`` holds this many hex digits of a clicked link's ``url_hash``.
LINK_KEY_LENGTH = 16


def link_key(url: str) -> str:
    return url_hash(url)[:LINK_KEY_LENGTH]


def count_event(
    session: Session,
    *,
    kind: str,
    occurred_at: datetime,
    campaign_id: int | None,
    run_id: int | None,
    message_id: int | None = None,
    url: str = "",
    bot: bool = False,
) -> None:
    """Bump the roll-ups for one tracking event (call it once per event, when it is applied).

    The rules, which ``app.stats.service.rebuild_rollups`` applies to the raw rows as well:
    - a person's open counts in ``opened``, and in ``unique_opened`` when it is the first of its
      message (``message_engagement.opened_at`` was empty); a click likewise in ``clicked`` and
      ``unique_clicked``, and in ``link_stat`` (unique: the message's first click on that link);
    - a bot's open or click (prefetch, link scanner) counts in ``bot_opened``/``bot_clicked``
      only, and never makes a later person's open or click less unique;
    - an open or click without a message (a contact without tracking consent) counts, never as
      unique; unsubscribe, bounce and complaint count once per event; other kinds add nothing.
    All on the local day of ``occurred_at``, for the event's campaign run (0/0: automation).
    """
    if kind in EVENT_COUNTERS:
        bump(session, occurred_at, campaign_id, run_id, {EVENT_COUNTERS[kind]: 1})
        return
    if kind not in ("open", "click"):
        return
    if bot:
        bump(session, occurred_at, campaign_id, run_id, {f"bot_{kind}ed": 1})
        return
    first = first_link = False
    if message_id is not None:
        first, first_link = _engage(session, message_id, kind, occurred_at, url)
    if kind == "open":
        bump(session, occurred_at, campaign_id, run_id, {"opened": 1, "unique_opened": int(first)})
        return
    bump(session, occurred_at, campaign_id, run_id, {"clicked": 1, "unique_clicked": int(first)})
    if url:
        bump_link(session, campaign_id, url, clicks=1, unique=int(first_link))


def _engage(
    session: Session, message_id: int, kind: str, moment: datetime, url: str
) -> tuple[bool, bool]:
    """Record an open/click on ``message_engagement``: (first of its kind, first on this link)."""
    from app.db.models import MessageEngagement

    row = session.get(MessageEngagement, message_id)
    if row is None:
        row = MessageEngagement(message_id=message_id, opens=0, clicks=0, links=[])
        session.add(row)
    if kind == "open":
        first = row.opened_at is None
        row.opens = (row.opens or 0) + 1
        if first:
            row.opened_at = moment
        session.flush()
        return first, False
    first = row.clicked_at is None
    row.clicks = (row.clicks or 0) + 1
    if first:
        row.clicked_at = moment
    key = link_key(url) if url else ""
    first_link = bool(key) and key not in (row.links or [])
    if first_link:
        row.links = [*(row.links or []), key]
    session.flush()
    return first, first_link
