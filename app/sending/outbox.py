"""The outbox (DESIGN §4): writing a send's rows, claiming due rows, recording outcomes, recovery.

Life of a row: ``queued -> sending -> sent | failed | in_doubt`` (``suppressed`` rows are written
as such and never sent). A row is committed as ``sending`` (claimed by one sender process) before
its message goes on the network, and as ``sent`` after the server accepted it; a row still
``sending`` when its process is gone was interrupted mid-send, so it becomes ``in_doubt``: it may
or may not have been delivered, and the account's policy says whether to resend it.
"""

from __future__ import annotations

import os
import random
import socket
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    any_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.db.models import (
    Account,
    Campaign,
    CampaignRun,
    Contact,
    Message,
    SenderProcess,
)
from app.db.types import utcnow
from app.errors import N_, InvalidInput, NotFound

# A process that has not written its heartbeat for this long is considered dead (another host
# of a team database, where its pid cannot be checked).
HEARTBEAT_TIMEOUT = timedelta(seconds=90)
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_RETRY_BASE = 60.0  # seconds; doubled at each attempt, with jitter
MAX_RETRY_DELAY = 3600.0

INTERRUPTED = N_(
    "Interrupted while sending (Facteur stopped): it may or may not have been delivered."
)
SUPPRESSED_REASONS = {
    "unsubscribed": N_("Unsubscribed"),
    "bounced": N_("Address bounced"),
    "complained": N_("Complained (marked as spam)"),
    "pending": N_("Subscription not confirmed"),
}
# Written by the sender (engine.py) as a message's last error.
GAVE_UP = N_("Gave up after {attempts} attempts: {reason}")
CONTACT_DELETED = N_("The contact was deleted before the message was sent.")
TEMPLATE_DELETED = N_("The template of this message was deleted before it was sent.")
NOW_SUPPRESSED = N_("Not sent: the contact is no longer subscribed ({status}).")
# Every template Facteur formats into ``message.last_error`` (the rest are servers' replies and
# English texts of errors): the interface recognises these and shows them translated
# (``ui.errors.translate_stored``). Placeholders are plain ``{name}`` fields.
STORED_MESSAGES: tuple[str, ...] = (
    INTERRUPTED,
    GAVE_UP,
    CONTACT_DELETED,
    TEMPLATE_DELETED,
    NOW_SUPPRESSED,
    *SUPPRESSED_REASONS.values(),
)

# --- audiences --------------------------------------------------------------------------------

AUDIENCE_KINDS = ("list", "tag", "segment")


def parse_audience_item(item: str) -> tuple[str, str]:
    """``"list:Clients"`` -> ``("list", "Clients")``; ``"all"`` -> ``("all", "")``."""
    text = item.strip()
    if text.lower() == "all":
        return "all", ""
    kind, sep, name = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in AUDIENCE_KINDS or not name.strip():
        raise InvalidInput(
            "Audience {item!r} is not understood: use list:NAME, tag:NAME, segment:NAME or all.",
            item=item,
        )
    return kind, name.strip()


def audience_condition(
    session: Session, include: Sequence[str], exclude: Sequence[str] = ()
) -> ColumnElement[bool]:
    """The SQL condition on ``contact`` selecting an audience (names checked, values bound)."""
    if not include:
        raise InvalidInput("Choose at least one list, tag or segment to send to (or all contacts).")
    included = [_item_condition(session, item) for item in include]
    where: ColumnElement[bool] = or_(*included) if len(included) > 1 else included[0]
    if exclude:
        # NOT IN a subquery rather than NOT (condition): a missing attribute makes the condition
        # NULL, and NOT NULL would drop the contact from the audience instead of keeping it.
        excluded = or_(*(_item_condition(session, item) for item in exclude))
        where = and_(where, Contact.id.not_in(select(Contact.id).where(excluded)))
    return where


def _item_condition(session: Session, item: str) -> ColumnElement[bool]:
    from app.contacts.segments import compile_rule, get_segment_rule
    from app.db.models import ContactList, Tag

    kind, name = parse_audience_item(item)
    if kind == "all":
        return true()
    if kind == "segment":
        return compile_rule(get_segment_rule(session, name))
    model = ContactList if kind == "list" else Tag
    if session.scalar(select(model.id).where(model.name == name)) is None:
        if kind == "list":
            raise NotFound("No list named {name!r}.", name=name)
        raise NotFound("No tag named {name!r}.", name=name)
    return compile_rule({"all": [{"field": kind, "op": "eq", "value": name}]})


def count_audience(session: Session, where: ColumnElement[bool]) -> tuple[int, int]:
    """(contacts that will be sent to, contacts suppressed) for an audience condition."""
    sendable = func.count().filter(Contact.status == "subscribed")
    row = session.execute(select(sendable, func.count()).select_from(Contact).where(where)).one()
    return int(row[0]), int(row[1]) - int(row[0])


# --- writing a send ---------------------------------------------------------------------------


def enqueue_run(
    session: Session,
    campaign: Campaign,
    *,
    scheduled_for: datetime | None = None,
    run: CampaignRun | None = None,
) -> CampaignRun:
    """Create a run and its outbox rows for the whole audience, in the caller's transaction.

    One INSERT ... SELECT: no contact is loaded in Python, whatever the audience's size, and the
    audience is the one of this moment (each occurrence of a recurring campaign has its own).
    Unsubscribed, bounced, complained and unconfirmed contacts get ``suppressed`` rows. ``run``:
    an existing run with no messages yet (a missed occurrence the user sends after all).
    """
    audience = campaign.audience or {}
    where = audience_condition(session, audience.get("include", []), audience.get("exclude", []))
    now = utcnow()
    if run is None:
        run = CampaignRun(
            campaign_id=campaign.id, status="sending", started_at=now, scheduled_for=scheduled_for
        )
        session.add(run)
    else:
        run.status, run.started_at, run.finished_at = "sending", now, None
    session.flush()
    subscribed = Contact.status == "subscribed"
    reason = case(
        *((Contact.status == status, literal(text)) for status, text in SUPPRESSED_REASONS.items()),
        else_=literal(""),
    )
    source = select(
        literal(run.id),
        literal(campaign.account_id),
        Contact.id,
        Contact.email,
        literal("campaign"),
        case((subscribed, literal("queued")), else_=literal("suppressed")),
        literal(0),
        literal(now, Message.next_attempt_at.type),
        case((subscribed, literal("")), else_=reason),
        literal(""),
        literal(""),
        literal(""),
        literal(now, Message.created_at.type),
        literal(now, Message.updated_at.type),
    ).where(where)
    columns = [
        "run_id",
        "account_id",
        "contact_id",
        "email",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "message_id",
        "provider_id",
        "claimed_by",
        "created_at",
        "updated_at",
    ]
    session.execute(insert(Message).from_select(columns, source))
    return run


def queue_message(
    session: Session,
    *,
    account_id: int,
    contact_id: int,
    email: str,
    template_id: int,
    kind: str = "automation",
    rule_id: int | None = None,
    enrollment_id: int | None = None,
    step_id: int | None = None,
    data: dict[str, Any] | None = None,
    due: datetime | None = None,
) -> int:
    """Queue one automation message (a rule's mail, a sequence step) in the caller's transaction.

    The sender sends it like a campaign's row; ``kind="transactional"`` reaches contacts who
    unsubscribed from marketing (never bounced or complained ones). A sequence step is unique per
    enrollment (``uq_message_enrollment_id_step_id``): queueing it twice raises IntegrityError.
    """
    if kind not in ("automation", "transactional"):
        raise ValueError(f"not an automation message kind: {kind!r}")
    now = utcnow()
    row = Message(
        run_id=None,
        account_id=account_id,
        contact_id=contact_id,
        email=email,
        kind=kind,
        status="queued",
        attempts=0,
        next_attempt_at=due or now,
        template_id=template_id,
        rule_id=rule_id,
        enrollment_id=enrollment_id,
        step_id=step_id,
        data=data or None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def may_receive(kind: str, contact_status: str) -> bool:
    """Whether a contact in this status gets a message of this kind.

    Marketing (campaigns, automations) goes to subscribed contacts only; transactional mail also
    to those who unsubscribed from marketing or have not confirmed yet, never to an address that
    bounced or complained (suppressed).
    """
    if kind == "transactional":
        return contact_status not in ("bounced", "complained")
    return contact_status == "subscribed"


# --- counting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    total: int = 0
    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    in_doubt: int = 0
    suppressed: int = 0

    @property
    def done(self) -> int:
        """Rows that reached an outcome (in-doubt rows wait for a decision)."""
        return self.sent + self.failed + self.suppressed

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def to_json(self) -> dict[str, int]:
        return {
            "total": self.total,
            "queued": self.queued,
            "sending": self.sending,
            "sent": self.sent,
            "failed": self.failed,
            "in_doubt": self.in_doubt,
            "suppressed": self.suppressed,
        }


def run_counts(session: Session, run_ids: Iterable[int]) -> dict[int, StatusCounts]:
    ids = list(run_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Message.run_id, Message.status, func.count())
        .where(Message.run_id.in_(ids))
        .group_by(Message.run_id, Message.status)
    ).all()
    by_run: dict[int, dict[str, int]] = {i: {} for i in ids}
    for run_id, status, count in rows:
        by_run[run_id][status] = int(count)
    result = {}
    for run_id, counts in by_run.items():
        result[run_id] = StatusCounts(
            total=sum(counts.values()),
            queued=counts.get("queued", 0),
            sending=counts.get("sending", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            in_doubt=counts.get("in_doubt", 0),
            suppressed=counts.get("suppressed", 0),
        )
    return result


# --- claiming and recording -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    run_id: int | None
    contact_id: int | None
    email: str
    kind: str
    attempts: int
    template_id: int | None = None  # automation messages (campaign rows use their run's)
    data: dict[str, Any] | None = None


def active_runs() -> Any:
    return select(CampaignRun.id).where(CampaignRun.status == "sending")


def due_condition(account_id: Any, now: datetime) -> ColumnElement[bool]:
    return and_(
        Message.status == "queued",
        Message.account_id == account_id,
        Message.next_attempt_at <= now,
        or_(Message.run_id.is_(None), Message.run_id.in_(active_runs())),
    )


def claim(session: Session, account_id: int, owner: str, limit: int) -> list[Claimed]:
    """Mark up to ``limit`` due rows of an account ``sending`` for ``owner``; commit before sending.

    Atomic: ``UPDATE ... RETURNING`` (SQLite serialises writers); on PostgreSQL the rows are
    picked ``FOR UPDATE SKIP LOCKED`` so several processes share one queue without waiting.
    """
    now = utcnow()
    pick = (
        select(Message.id)
        .where(due_condition(account_id, now))
        .order_by(Message.next_attempt_at, Message.id)
    )
    pick = pick.limit(limit)
    if session.bind is not None and session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (
        update(Message)
        .where(Message.id.in_(pick.scalar_subquery()))
        .values(status="sending", claimed_by=owner, attempts=Message.attempts + 1, updated_at=now)
        .returning(
            Message.id,
            Message.run_id,
            Message.contact_id,
            Message.email,
            Message.kind,
            Message.attempts,
            Message.template_id,
            Message.data,
        )
        .execution_options(synchronize_session=False)
    )
    rows = [Claimed(*row) for row in session.execute(stmt).all()]
    rows.sort(key=lambda r: r.id)
    return rows


def next_due_at(session: Session, account_id: int) -> datetime | None:
    """When the account's next queued row falls due (in an active run)."""
    return session.scalar(
        select(func.min(Message.next_attempt_at)).where(
            Message.status == "queued",
            Message.account_id == account_id,
            or_(Message.run_id.is_(None), Message.run_id.in_(active_runs())),
        )
    )


def accounts_with_due_work(session: Session) -> list[int]:
    """Accounts with at least one due row (an index probe per account, not a scan of the queue)."""
    now = utcnow()
    due = select(Message.id).where(due_condition(Account.id, now)).limit(1).exists()
    return list(session.scalars(select(Account.id).where(due)))


def has_pending(session: Session) -> bool:
    """Whether any row of an active run is queued (due or not) or in flight."""
    for status in ("queued", "sending"):
        found = session.scalar(
            select(Message.id)
            .where(Message.status == status, Message.run_id.in_(active_runs()))
            .limit(1)
        )
        if found is not None:
            return True
    return False


def due_count(session: Session, account_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Message).where(due_condition(account_id, utcnow()))
        )
        or 0
    )


def retry_delay(attempts: int, base: float) -> float:
    """Exponential backoff with jitter: base, 2x, 4x... capped at an hour, each x0.5-1.5."""
    delay = min(MAX_RETRY_DELAY, base * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not cryptography


@dataclass(slots=True)
class Result:
    """The outcome of one claimed row, to record."""

    id: int
    status: str  # sent | failed | in_doubt | queued (retry later)
    detail: str = ""
    provider_id: str = ""
    message_id: str = ""
    next_attempt_at: datetime | None = None
    refund_attempt: bool = False  # not really attempted (server unreachable, paused)


def record(session: Session, results: Sequence[Result], owner: str) -> None:
    """Write outcomes; only rows still ``sending`` for ``owner`` are touched (never another's).

    Sent and (finally) failed rows are counted in the statistics' roll-ups in the same
    transaction: one upsert per campaign run per batch.
    """
    if not results:
        return
    now = utcnow()
    groups: dict[tuple[str, bool], list[Result]] = {}
    for r in results:
        groups.setdefault((r.status, r.refund_attempt), []).append(r)
    for (status, refund), items in groups.items():
        values: dict[str, Any] = {"status": status, "updated_at": now, "claimed_by": ""}
        if refund:
            values["attempts"] = Message.attempts - 1
        if status == "sent":
            values["sent_at"] = now
        params = [
            {
                "b_id": r.id,
                "b_detail": r.detail[:2000],
                "b_provider": r.provider_id[:255],
                "b_mid": r.message_id[:255],
                "b_next": r.next_attempt_at or now,
            }
            for r in items
        ]
        stmt = (
            update(Message)
            .where(
                Message.id == bindparam("b_id"),
                Message.status == "sending",
                Message.claimed_by == owner,
            )
            .values(
                last_error=bindparam("b_detail"),
                provider_id=bindparam("b_provider"),
                message_id=bindparam("b_mid"),
                next_attempt_at=bindparam("b_next"),
                **values,
            )
            .execution_options(synchronize_session=False)
        )
        session.connection().execute(stmt, params)
    _count_outcomes(session, results, now)


# The campaign run of recorded rows. By primary key only: a condition on status would let the
# planner of a table not yet analysed (a run just queued) walk ix_message_due over every sent
# row of the run. Built once (building a statement costs more than SQLite takes to run it).
_OUTCOMES_OF = select(
    Message.run_id, CampaignRun.campaign_id, Message.status, Message.updated_at
).outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
_OUTCOMES = {
    "sqlite": _OUTCOMES_OF.where(Message.id.in_(bindparam("ids", expanding=True))),
    # One array parameter: 3 times faster than 50 parameters to PostgreSQL.
    "postgresql": _OUTCOMES_OF.where(Message.id == any_(bindparam("ids", type_=ARRAY(Integer)))),
}


def _count_outcomes(session: Session, results: Sequence[Result], now: datetime) -> None:
    """Add the batch's sent and failed rows to ``stat_daily`` (on the local day of ``now``).

    Called after the rows were written: those this call changed are the ones stamped ``now``
    (rows of another sender are left alone by ``record``), and they are locked until commit.
    """
    from app.stats.rollups import bump

    ids = sorted(r.id for r in results if r.status in ("sent", "failed"))
    if not ids:
        return
    counts: dict[tuple[int, int], dict[str, int]] = {}
    conn = session.connection()
    stmt = _OUTCOMES[conn.dialect.name]
    for start in range(0, len(ids), 500):
        rows = conn.execute(stmt, {"ids": ids[start : start + 500]})
        for run_id, campaign_id, status, updated_at in rows:
            if updated_at != now or status not in ("sent", "failed"):
                continue
            group = counts.setdefault((campaign_id or 0, run_id or 0), {"sent": 0, "failed": 0})
            group[status] += 1
    for (campaign_id, run_id), values in counts.items():
        bump(session, now, campaign_id, run_id, values)


def requeue(session: Session, where: ColumnElement[bool]) -> int:
    """Queue the failed or in-doubt rows matching ``where`` again (attempts reset); how many.

    Failed rows leave the ``failed`` roll-up of the day they failed (they were counted then),
    so a message retried and then sent counts once, as sent. ``where`` narrows the rows, e.g.
    ``and_(Message.run_id.in_(run_ids), Message.status == "failed")``; rows in any other status
    are never touched.
    """
    from app.stats.rollups import bump, day_of

    now = utcnow()
    pick = (
        select(
            Message.id, Message.status, Message.updated_at, Message.run_id, CampaignRun.campaign_id
        )
        .outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
        .where(where, Message.status.in_(("failed", "in_doubt")))
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(of=Message)
    rows = session.execute(pick).all()
    unfailed: dict[tuple[str, int, int], int] = {}
    for _id, status, updated_at, run_id, campaign_id in rows:
        if status == "failed":
            key = (day_of(updated_at), campaign_id or 0, run_id or 0)
            unfailed[key] = unfailed.get(key, 0) + 1
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        session.execute(
            update(Message)
            .where(
                Message.id.in_(ids[start : start + 500]),
                Message.status.in_(("failed", "in_doubt")),
            )
            .values(status="queued", attempts=0, next_attempt_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    for (day, campaign_id, run_id), count in unfailed.items():
        bump(session, date.fromisoformat(day), campaign_id, run_id, {"failed": -count})
    return len(ids)


def unfail(session: Session, ids: Sequence[int]) -> int:
    """Queue these messages again if they failed or are in doubt (see ``requeue``); how many."""
    wanted = list(ids)
    count = 0
    for start in range(0, len(wanted), 500):
        count += requeue(session, Message.id.in_(wanted[start : start + 500]))
    return count


# --- sender processes and crash recovery ------------------------------------------------------


def register_process(session: Session, owner: str) -> None:
    now = utcnow()
    session.add(
        SenderProcess(
            id=owner,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            started_at=now,
            heartbeat_at=now,
        )
    )


def heartbeat(session: Session, owner: str) -> None:
    session.execute(
        update(SenderProcess).where(SenderProcess.id == owner).values(heartbeat_at=utcnow())
    )


def unregister_process(session: Session, owner: str) -> None:
    session.execute(delete(SenderProcess).where(SenderProcess.id == owner))


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(session: Session) -> int:
    """Turn rows left ``sending`` by dead processes into ``in_doubt`` (or ``queued``, by policy).

    Returns how many rows were recovered. Safe to run while other senders work: their rows are
    untouched as long as they live.
    """
    host = socket.gethostname()
    now = utcnow()
    dead: list[str] = []
    live: set[str] = set()
    for proc in session.scalars(select(SenderProcess)):
        gone = (proc.hostname == host and not pid_alive(proc.pid)) or (
            now - proc.heartbeat_at > HEARTBEAT_TIMEOUT
        )
        if gone:
            dead.append(proc.id)
        else:
            live.add(proc.id)
    stuck = select(Message.id).where(Message.status == "sending")
    if live:
        stuck = stuck.where(Message.claimed_by.not_in(live))
    ids = list(session.scalars(stuck))
    if ids:
        resend_ids = _resend_policy_ids(session, ids)
        hold = [i for i in ids if i not in resend_ids]
        for chunk_ids, status in ((hold, "in_doubt"), (sorted(resend_ids), "queued")):
            for start in range(0, len(chunk_ids), 500):
                session.execute(
                    update(Message)
                    .where(
                        Message.id.in_(chunk_ids[start : start + 500]), Message.status == "sending"
                    )
                    .values(status=status, claimed_by="", last_error=INTERRUPTED, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
    if dead:
        session.execute(delete(SenderProcess).where(SenderProcess.id.in_(dead)))
    return len(ids)


def in_doubt_policy(settings: dict[str, Any], kind: str) -> str:
    """``resend`` or ``hold`` for an account's in-doubt rows of this kind of message."""
    if kind == "transactional":
        return str(settings.get("in_doubt_transactional") or "resend")
    return str(settings.get("in_doubt_campaign") or "hold")


def _resend_policy_ids(session: Session, ids: Sequence[int]) -> set[int]:
    resend: set[int] = set()
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Message.id, Message.kind, Account.settings)
            .join(Account, Account.id == Message.account_id)
            .where(Message.id.in_(ids[start : start + 500]))
        ).all()
        resend.update(
            i for i, kind, settings in rows if in_doubt_policy(settings or {}, kind) == "resend"
        )
    return resend
