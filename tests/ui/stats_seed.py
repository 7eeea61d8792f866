"""Figures for the dashboard tests, written the way the app writes them: campaigns queued by the
campaign service, their messages marked sent with the ``sent`` roll-up bumped in the same
transaction (as the outbox's ``record`` does), and tracking events applied by
``app.tracking.sync.apply_events`` as the relay's events are."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from app.db.models import Message
from app.sending.campaigns import CampaignInput, create_campaign, list_runs, start_campaign
from app.stats.rollups import STATS_TIMEZONE, bump
from app.tracking.sync import apply_events

PARIS = ZoneInfo(STATS_TIMEZONE)


def paris_today() -> date:
    return datetime.now(PARIS).date()


def days_ago(days: int, hour: int = 10) -> datetime:
    """``hour`` o'clock, Paris time, ``days`` days ago (an aware datetime)."""
    return datetime.combine(paris_today() - timedelta(days=days), time(hour), PARIS)


@dataclass(frozen=True)
class Sent:
    id: int
    contact_id: int
    email: str
    campaign_id: int
    run_id: int


def send_campaign(ctx, name: str, include: str, when: datetime) -> dict[str, Sent]:  # type: ignore[no-untyped-def]
    """Create and start campaign ``name``, then mark its queued messages sent at ``when``;
    by address."""
    campaign = create_campaign(
        ctx.db, CampaignInput(name=name, template="Soldes", account="Local", include=[include])
    )
    start_campaign(ctx.db, name)
    run_id = list_runs(ctx.db, name)[0].id
    with ctx.db.session() as s:
        rows = s.execute(
            select(Message.id, Message.contact_id, Message.email).where(
                Message.run_id == run_id, Message.status == "queued"
            )
        ).all()
        for message_id, _contact, _email in rows:
            s.execute(
                update(Message)
                .where(Message.id == message_id)
                .values(
                    status="sent",
                    sent_at=when,
                    message_id=f"{uuid.uuid4().hex}@example.fr",
                    attempts=1,
                )
            )
        bump(s, when, campaign.id, run_id, {"sent": len(rows)})
    return {
        email: Sent(message_id, contact_id, email, campaign.id, run_id)
        for message_id, contact_id, email in rows
    }


def track(  # type: ignore[no-untyped-def]
    ctx,
    kind: str,
    message: Sent,
    when: datetime,
    *,
    url: str = "",
    bot: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    """One event from the relay about ``message``, applied by the sync (stored and counted).

    A bounce is a permanent one unless ``data`` says otherwise (a soft bounce counts nothing);
    a bounce or complaint names the message by its Message-ID, as the providers do."""
    event: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "kind": kind,
        "occurred_at": when.isoformat(),
        "message": message.id,
        "contact": message.contact_id,
        "run": message.run_id,
        "url": url,
        "ip": "203.0.113.0",
        "bot": bot,
        "source": {"open": "pixel", "click": "link"}.get(kind, "page"),
        "data": dict(data or {}),
    }
    if kind in ("bounce", "complaint"):
        with ctx.db.session() as s:
            provider_id = s.scalar(select(Message.message_id).where(Message.id == message.id))
        event.update(email=message.email, provider_message_id=provider_id or "")
        if kind == "bounce" and data is None:
            event["data"] = {"permanent": True}
    result = apply_events(ctx.db, [event])
    assert (result.applied, result.errors) == (1, []), result
