"""Events: what happened to a contact, waiting in the ``event`` table until the runner applies it.

Built-in events are written by the contacts service (and imports, and rule actions) inside the
transaction that made the change, but only when something listens to them (an enabled rule with
that trigger, a sequence leaving on it): an import of 100,000 contacts with no rule writes no
event. Custom events come from ``facteur events emit`` (later, the relay's event API); one for an
unknown address creates the contact from its data.

The runner (``app.automation.runtime``) calls ``process_pending`` about once a second: each
event goes through the matching rules and the sequences' exit conditions in one transaction
with its effects, then is marked processed. A rule fires at most once per event
(``rule_firing`` is unique per rule, contact and occurrence ``event:<id>``); a rule that fails
is recorded as ``failed`` and logged, and the others and the next events go on.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.db.models import Contact, Enrollment, Event, Rule, RuleFiring
from app.db.models import Sequence as SequenceModel
from app.db.types import JsonDict, utcnow
from app.errors import InvalidInput

log = logging.getLogger("facteur.automation.events")

BUILTIN_EVENTS = (
    "contact_created",
    "list_added",
    "tag_added",
    "unsubscribed",
    # From the tracking relay (``app.tracking.sync``): a message's first open, a link's first
    # click from a message, and a form signup becoming a subscription (single opt-in at once,
    # double opt-in once confirmed).
    "email_opened",
    "link_clicked",
    "form_signup",
)
# Trigger names of date rules: never the name of an event.
DATE_TRIGGERS = ("date", "birthday")
RESERVED_NAMES = BUILTIN_EVENTS + DATE_TRIGGERS
EVENT_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,99}")
# Contact fields an event's data fills when it creates the contact; other keys become attributes.
CONTACT_FIELDS = ("first_name", "last_name", "company", "phone", "locale")
MAX_DATA_BYTES = 64 * 1024
_CHUNK = 1000  # ids per IN (...) list


@dataclass(frozen=True)
class EmittedEvent:
    """The result of ``emit``: the event's id, and whether its address was a new contact."""

    id: int
    name: str
    email: str
    contact_created: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "contact_created": self.contact_created,
        }


@dataclass(frozen=True)
class EventData:
    """An event as the history (``events list``, the GUI) shows it."""

    id: int
    name: str
    email: str
    contact_id: int | None
    data: dict[str, Any]
    source: str
    created_at: datetime
    processed_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "data": self.data,
            "source": self.source,
            "created_at": self.created_at.isoformat(),
            "processed_at": self.processed_at.isoformat() if self.processed_at else None,
        }


# --- names and data -----------------------------------------------------------------------------


def validate_event_name(name: str) -> str:
    """A custom event name: lower-case letters, digits, ``_ . -``, starting with a letter."""
    text = name.strip() if isinstance(name, str) else ""
    if not EVENT_NAME.fullmatch(text):
        raise InvalidInput(
            "{name!r} is not a valid event name: use lower-case letters, digits, '_', '.' or '-', "
            "starting with a letter (at most 100 characters), such as signup or order.paid.",
            name=name,
        )
    return text


def _custom_name(name: str) -> str:
    text = validate_event_name(name)
    if text in RESERVED_NAMES:
        raise InvalidInput(
            "{name!r} is an event Facteur records by itself; choose another name for a custom "
            "event.",
            name=text,
        )
    return text


def _clean_data(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput("An event's data must be a set of key=value pairs.")
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidInput("A key of the event's data cannot be empty.")
        clean[key.strip()] = value
    try:
        size = len(json.dumps(clean, ensure_ascii=False).encode())
    except (TypeError, ValueError) as exc:
        raise InvalidInput("The event's data cannot be stored: {reason}.", reason=str(exc)) from exc
    if size > MAX_DATA_BYTES:
        raise InvalidInput(
            "The event's data is too large ({size} bytes; at most {limit}).",
            size=size,
            limit=MAX_DATA_BYTES,
        )
    return clean


def begin_write(session: Session) -> None:
    """Open the session's transaction as a write transaction now.

    SQLite's Python driver only starts a transaction before its first INSERT/UPDATE/DELETE; a
    SAVEPOINT before that would start (and its RELEASE commit) a transaction of its own. Here a
    ``BEGIN IMMEDIATE`` takes the write lock at once, so savepoints nest inside one transaction
    and no later write can fail on a stale read snapshot. PostgreSQL needs nothing.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


# --- emitting -----------------------------------------------------------------------------------


def emit(
    db: Database,
    name: str,
    email: str,
    data: dict[str, Any] | None = None,
    *,
    source: str = "cli",
) -> EmittedEvent:
    """Record a custom event for ``email``; the runner applies it (rules, sequences) shortly after.

    An unknown address becomes a contact, made from the data's ``first_name``, ``last_name``,
    ``company``, ``phone`` and ``locale`` (its other keys become attributes), through the contacts
    service: the same validation and normalisation as a contact added by hand, and a
    ``contact_created`` event when something listens to it. A known contact is left as it is.
    The whole data stays on the event, for ``data.<key>`` in the templates.
    """
    from app.contacts.emails import normalise_email
    from app.contacts.service import ContactInput, create_contact

    name = _custom_name(name)
    payload = _clean_data(data)
    address = normalise_email(email)
    created = False
    with db.session() as s:
        begin_write(s)
        contact_id = s.scalar(select(Contact.id).where(Contact.email == address))
        if contact_id is None:
            fields = {k: _text(payload[k]) for k in CONTACT_FIELDS if payload.get(k) is not None}
            attributes = {
                k: v
                for k, v in payload.items()
                if k not in CONTACT_FIELDS
                and k != "email"
                and isinstance(v, str | int | float | bool)
            }
            try:
                with s.begin_nested():
                    contact = create_contact(
                        s,
                        ContactInput(
                            email=address,
                            attributes=attributes,
                            consent_source=f"event:{name}"[:300],
                            **fields,
                        ),
                        source=source[:32],
                    )
                contact_id, created = contact.id, True
            except InvalidInput:
                # Created meanwhile by someone else (the same address emitted twice at once).
                contact_id = s.scalar(select(Contact.id).where(Contact.email == address))
                if contact_id is None:
                    raise
        row = Event(
            name=name,
            contact_id=contact_id,
            email=address,
            data=payload,
            source=source[:32],
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return EmittedEvent(row.id, name, address, created)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def listened(session: Session | Connection, name: str, param: str = "") -> bool:
    """Whether anything reacts to the built-in event ``name`` (for ``param``: a tag or list).

    An enabled rule with that trigger (for any tag/list, or this one), a sequence leaving on it,
    or, for ``unsubscribed``, any active enrollment (unsubscribing always ends a sequence).
    A couple of indexed probes of small tables.
    """
    rules = select(Rule.id).where(Rule.enabled.is_(True), Rule.trigger == name)
    if param:
        rules = rules.where(
            or_(Rule.trigger_param == "", func.lower(Rule.trigger_param) == param.lower())
        )
    if session.scalar(rules.limit(1)) is not None:
        return True
    for exit_on in session.scalars(select(SequenceModel.exit_on)):
        for item in exit_on or []:
            if isinstance(item, str) and (item == name or item.startswith(f"{name}:")):
                return True
    if name == "unsubscribed":
        active = select(Enrollment.id).where(Enrollment.status == "active").limit(1)
        return session.scalar(active) is not None
    return False


def _param(name: str, data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    key = {"tag_added": "tag", "list_added": "list"}.get(name)
    value = data.get(key) if key else None
    return value if isinstance(value, str) else ""


def record_builtin(
    session: Session,
    name: str,
    contact_ids: Iterable[int],
    *,
    data: dict[str, Any] | None = None,
    source: str = "app",
) -> int:
    """Write a built-in event for each contact, in the caller's transaction, if anyone listens.

    ``data``: ``{"tag": name}`` for ``tag_added``, ``{"list": name}`` for ``list_added``. One
    cheap check first; when nothing listens nothing is written. Returns the rows written.
    """
    if name not in BUILTIN_EVENTS:
        raise ValueError(f"not a built-in event: {name!r}")
    ids = list(dict.fromkeys(contact_ids))
    if not ids or not listened(session, name, _param(name, data)):
        return 0
    return write_events(session, name, contact_ids=ids, data=data, source=source)


def write_events(
    session: Session | Connection,
    name: str,
    *,
    contact_ids: Sequence[int] = (),
    emails: Sequence[str] = (),
    data: dict[str, Any] | None = None,
    source: str = "app",
) -> int:
    """Insert one event per contact (given by id or by normalised address), without asking who
    listens: for callers that checked once with ``listened`` (an import). One INSERT ... SELECT
    per thousand contacts; returns the rows written."""
    now = utcnow()
    written = 0
    for column, values in ((Contact.id, list(contact_ids)), (Contact.email, list(emails))):
        for start in range(0, len(values), _CHUNK):
            rows = select(
                literal(name),
                Contact.id,
                Contact.email,
                literal(dict(data or {}), JsonDict),
                literal(source[:32]),
                literal(now, Event.created_at.type),
            ).where(column.in_(values[start : start + _CHUNK]))
            result = session.execute(
                insert(Event)
                .from_select(
                    ["name", "contact_id", "email", "data", "source", "created_at"],
                    rows.order_by(Contact.id),
                )
                .returning(Event.id)
            )
            written += len(result.all())
    return written


# --- processing ---------------------------------------------------------------------------------


def next_due(db: Database) -> datetime | None:
    """Now when an event waits to be processed, else None."""
    with db.session() as s:
        waiting = s.scalar(select(Event.id).where(Event.processed_at.is_(None)).limit(1))
    return utcnow() if waiting is not None else None


EVENT_BATCH = 50  # events per transaction: one commit (an fsync on SQLite) for all of them


def process_pending(db: Database, *, now: datetime | None = None, limit: int = 500) -> int:
    """Apply the waiting events, oldest first; returns the number of messages queued.

    Events are applied in batches, each batch in one transaction with everything its events
    cause (messages, tags, enrollments, firings, sequence exits), so a crash never applies an
    event twice or half. An unexpected failure in a batch is retried event by event, so one bad
    event does not hold up the others.
    """
    with db.session() as s:
        ids = list(
            s.scalars(
                select(Event.id).where(Event.processed_at.is_(None)).order_by(Event.id).limit(limit)
            )
        )
    queued = 0
    for start in range(0, len(ids), EVENT_BATCH):
        chunk = ids[start : start + EVENT_BATCH]
        try:
            queued += _process_batch(db, chunk, now)
        except Exception:  # noqa: BLE001 - isolate the bad event below
            log.exception("applying events %s-%s failed: retrying one by one", chunk[0], chunk[-1])
            for event_id in chunk:
                try:
                    queued += _process_batch(db, [event_id], now)
                except Exception:  # noqa: BLE001 - give up on this one event, keep the others
                    log.exception("event %s could not be applied: skipped", event_id)
                    _give_up(db, event_id, now)
    return queued


def _give_up(db: Database, event_id: int, now: datetime | None) -> None:
    with db.session() as s:
        s.execute(
            update(Event)
            .where(Event.id == event_id, Event.processed_at.is_(None))
            .values(processed_at=now or utcnow())
        )


def _process_batch(db: Database, event_ids: list[int], now: datetime | None) -> int:
    stamp = now or utcnow()
    queued = 0
    with db.session() as s:
        begin_write(s)
        for event_id in event_ids:
            queued += _process_one(s, event_id, stamp)
    return queued


def _process_one(s: Session, event_id: int, stamp: datetime) -> int:
    queued = 0
    claimed = s.execute(
        update(Event)
        .where(Event.id == event_id, Event.processed_at.is_(None))
        .values(processed_at=stamp)
    )
    if not claimed.rowcount:
        return 0  # processed meanwhile by another runner
    event = s.get(Event, event_id)
    if event is None or event.contact_id is None:
        return 0  # the contact was deleted since
    contact_id = event.contact_id
    data = dict(event.data or {})
    param = _param(event.name, data).lower()
    candidates = s.scalars(
        select(Rule).where(Rule.enabled.is_(True), Rule.trigger == event.name).order_by(Rule.id)
    ).all()
    occurrence = f"event:{event_id}"
    for rule in candidates:
        if rule.trigger_param and rule.trigger_param.lower() != param:
            continue
        queued += apply_safely(s, rule, contact_id, occurrence, data, stamp)
    _exit_sequences(s, contact_id, event.name, stamp)
    return queued


def apply_safely(
    session: Session,
    rule: Rule,
    contact_id: int,
    occurrence: str,
    data: dict[str, Any],
    now: datetime,
) -> int:
    """Apply one rule inside a savepoint (the transaction must be open: ``begin_write``).

    Returns the messages queued. A failure is recorded as a ``failed`` firing and logged, and
    goes no further: the other rules, events and dates go on.
    """
    from app.automation import rules as rules_module

    rule_id, rule_name = rule.id, rule.name
    try:
        with session.begin_nested():
            firing = rules_module.apply(
                session, rule, contact_id, occurrence=occurrence, data=data, now=now
            )
        return firing.queued
    except IntegrityError:
        return 0  # this occurrence already fired (another runner, at the same moment)
    except Exception as exc:  # noqa: BLE001 - a bad rule must not hold up the other rules
        log.warning(
            "rule %r failed for contact %s (%s): %s",
            rule_name,
            contact_id,
            occurrence,
            exc,
            exc_info=not isinstance(exc, InvalidInput),
        )
        record_failure(session, rule_id, contact_id, occurrence, now)
        return 0


def record_failure(
    session: Session, rule_id: int, contact_id: int, occurrence: str, now: datetime
) -> None:
    """Note a failed firing (never retried: the next events and dates go on)."""
    try:
        with session.begin_nested():
            session.add(
                RuleFiring(
                    rule_id=rule_id,
                    contact_id=contact_id,
                    occurrence=occurrence,
                    outcome="failed",
                    fired_at=now,
                )
            )
    except Exception:  # noqa: BLE001 - already recorded, or the rule/contact is gone
        log.debug("could not record the failed firing", exc_info=True)


def _exit_sequences(session: Session, contact_id: int, name: str, now: datetime) -> None:
    from app.automation import sequences

    try:
        with session.begin_nested():
            sequences.exit_for_event(session, contact_id, name, now)
    except Exception:  # noqa: BLE001 - the event's rules are applied whatever happens here
        log.exception("sequence exits for event %r of contact %s failed", name, contact_id)


# --- history ------------------------------------------------------------------------------------


def list_events(db: Database, limit: int = 100) -> list[EventData]:
    """The latest events, newest first."""
    with db.session() as s:
        rows = s.scalars(select(Event).order_by(Event.id.desc()).limit(max(1, limit))).all()
        return [
            EventData(
                id=e.id,
                name=e.name,
                email=e.email,
                contact_id=e.contact_id,
                data=dict(e.data or {}),
                source=e.source,
                created_at=e.created_at,
                processed_at=e.processed_at,
            )
            for e in rows
        ]
