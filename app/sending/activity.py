"""Activity: every message of the outbox with its status, error and time; retrying failures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from app.contacts.service import _escape_like
from app.db import Database
from app.db.models import (
    MESSAGE_STATUSES,
    Campaign,
    CampaignRun,
    Enrollment,
    Message,
    Rule,
    SequenceStep,
)
from app.db.models import Sequence as SequenceRow
from app.errors import InvalidInput, NotFound
from app.sending import outbox


@dataclass(frozen=True)
class ActivityQuery:
    campaign: str | None = None
    status: str | None = None
    search: str = ""


@dataclass(frozen=True)
class MessageRow:
    id: int
    campaign: str
    email: str
    kind: str
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None
    updated_at: datetime
    # An automation message's origin (no campaign): the rule, or the sequence and the step
    # number (1-based; None once the step was deleted).
    rule: str = ""
    sequence: str = ""
    step: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "campaign": self.campaign,
            "email": self.email,
            "kind": self.kind,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "updated_at": self.updated_at.isoformat(),
            "rule": self.rule or None,
            "sequence": self.sequence or None,
            "step": self.step,
        }


def _filtered(db_session: Any, query: ActivityQuery, stmt: Select[Any]) -> Select[Any]:
    if query.campaign:
        campaign_id = db_session.scalar(select(Campaign.id).where(Campaign.name == query.campaign))
        if campaign_id is None:
            raise NotFound("No campaign named {name!r}.", name=query.campaign)
        stmt = stmt.where(
            Message.run_id.in_(select(CampaignRun.id).where(CampaignRun.campaign_id == campaign_id))
        )
    if query.status:
        if query.status not in MESSAGE_STATUSES:
            raise InvalidInput("Unknown message status {status!r}.", status=query.status)
        stmt = stmt.where(Message.status == query.status)
    if query.search.strip():
        pattern = f"%{_escape_like(query.search.strip().lower())}%"
        stmt = stmt.where(Message.email.like(pattern, escape="\\"))
    return stmt


def list_messages(
    db: Database, query: ActivityQuery, *, offset: int = 0, limit: int = 500
) -> list[MessageRow]:
    """A page of messages, newest first."""
    with db.session() as s:
        stmt = (
            select(
                Message.id,
                func.coalesce(Campaign.name, ""),
                Message.email,
                Message.kind,
                Message.status,
                Message.attempts,
                Message.last_error,
                Message.sent_at,
                Message.updated_at,
                func.coalesce(Rule.name, ""),
                func.coalesce(SequenceRow.name, ""),
                SequenceStep.position,
            )
            .outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
            .outerjoin(Campaign, Campaign.id == CampaignRun.campaign_id)
            .outerjoin(Rule, Rule.id == Message.rule_id)
            .outerjoin(Enrollment, Enrollment.id == Message.enrollment_id)
            .outerjoin(SequenceRow, SequenceRow.id == Enrollment.sequence_id)
            .outerjoin(SequenceStep, SequenceStep.id == Message.step_id)
        )
        stmt = _filtered(s, query, stmt).order_by(Message.id.desc()).offset(offset).limit(limit)
        return [
            MessageRow(*row[:-1], step=None if row[-1] is None else row[-1] + 1)
            for row in s.execute(stmt).all()
        ]


def count_messages(db: Database, query: ActivityQuery) -> int:
    with db.session() as s:
        stmt = _filtered(s, query, select(func.count()).select_from(Message))
        return int(s.scalar(stmt) or 0)


def retry_messages(db: Database, ids: Sequence[int]) -> int:
    """Queue failed or in-doubt messages again; returns how many were queued."""
    from app.sending.campaigns import _reopen

    wanted = list(ids)
    count = 0
    with db.session() as s:
        # Through the outbox: a failed row leaves the "failed" figures of the day it failed.
        count = outbox.unfail(s, wanted)
        if count:
            campaigns = s.scalars(
                select(Campaign)
                .join(CampaignRun, CampaignRun.campaign_id == Campaign.id)
                .join(Message, Message.run_id == CampaignRun.id)
                .where(Message.id.in_(wanted[:5000]))
                .distinct()
            ).all()
            for campaign in campaigns:
                _reopen(s, campaign)
    return count
