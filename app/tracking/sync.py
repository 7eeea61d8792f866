"""Pulling the relay's events and applying each exactly once (DESIGN §6).

The relay records opens, clicks, unsubscribes, signups, confirmations, bounces, complaints and
web platforms' custom events; the desktop (or the daemon) pulls them with
``GET /api/v1/events?after=<cursor>`` and applies them here:

- ``apply_events`` stores each event as a ``tracking_event`` row keyed by the relay's event id
  (``relay_id``, unique) in the same transaction as its effects (statistics roll-ups, contact
  status, rule events, confirmation mails), 200 events per transaction. An event already stored
  is skipped, so pulling the same events twice (a crash between applying and saving the cursor)
  changes nothing. One event that cannot be applied is logged and skipped (a savepoint), the
  others go on; a database failure stops everything and nothing of the batch is kept.
- ``sync_once`` pulls until the relay has nothing more, saving the cursor (``app_setting``
  ``relay_sync``) only after the events it covers are committed, and pushes the signup forms
  when they changed. The relay being down is a ``FacteurError`` and nothing is lost: the next
  sync asks again from the saved cursor.
- ``RelaySync`` is the background thread of the process running the database (the desktop or
  ``facteur daemon``, started by ``app.automation.runtime``): it long-polls the relay, so an
  unsubscribe reaches the contact's status within seconds, and backs off (1 s to 5 min) while
  the relay cannot be reached.

What each event does is documented in docs/tracking.md ("What each event does").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from app.automation.events import begin_write, listened, write_events
from app.db import Database
from app.db.models import (
    TRACKING_KINDS,
    Account,
    AppSetting,
    Campaign,
    CampaignRun,
    Contact,
    ContactList,
    Event,
    ListMembership,
    Message,
    MessageEngagement,
    SignupForm,
    Template,
    TrackingEvent,
)
from app.db.types import utcnow
from app.errors import FacteurError, InvalidInput
from app.stats import rollups

log = logging.getLogger("facteur.sync")

BATCH = 200  # events per transaction
PAGE = 500  # events per pull
LONG_POLL = 25.0  # seconds the relay may hold a pull open when nothing is new
SYNC_SETTING = "relay_sync"
# What a failed sync stores as its ``last_error`` (formatted in English): the interface reads the
# template back from the text to show it in its own language (ui/errors.translate_stored).
STORED_MESSAGES: tuple[str, ...] = (
    "Could not reach the relay at {url}: {reason}",
    "The relay at {url} refused the request (HTTP {status}): {detail}",
    "The relay at {url} did not answer in time.",
    "The relay at {url} refused the API key (HTTP {status}): connect to it again with its "
    "FACTEUR_RELAY_API_KEY.",
    "The relay at {url} is unavailable (HTTP {status}); Facteur will try again.",
    "{url} did not answer like a Facteur relay: check its address.",
    "No relay is connected: use “facteur relay connect URL …” first.",
    "The relay's secret or API key is missing from the secret store: connect to the relay again.",
)
FORMS_SETTING = "relay_forms"
CONFIRM_TEMPLATE = "Facteur — confirmation d'inscription"
MIN_BACKOFF = 1.0
MAX_BACKOFF = 300.0
_CONTACT_FIELDS = ("first_name", "last_name", "company", "phone")


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply_events`` did: events applied, already applied before, and the ones that
    could not be applied (one sentence each). ``queued``: confirmation mails queued."""

    applied: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    queued: int = 0


@dataclass(frozen=True)
class SyncResult:
    """What one ``sync_once`` did (``facteur sync --json``)."""

    pulled: int
    applied: int
    duplicates: int
    cursor: str
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "pulled": self.pulled,
            "applied": self.applied,
            "duplicates": self.duplicates,
            "cursor": self.cursor,
            "errors": list(self.errors),
        }


# --- applying -----------------------------------------------------------------------------------


class _Batch:
    """Lookups shared by the events of one transaction (campaign names, forms, listeners)."""

    def __init__(self, session: Session, relay: Any) -> None:
        self.s = session
        self.relay = relay
        self._runs: dict[int, tuple[int, str]] = {}
        self._listens: dict[str, bool] = {}
        self._forms: dict[str, SignupForm | None] = {}
        self.queued = 0
        self.notes: list[str] = []

    def campaign_of_run(self, run_id: int | None) -> tuple[int | None, str]:
        """(campaign id, campaign name) of a run; (None, "") for automation mail."""
        if not run_id:
            return None, ""
        if run_id not in self._runs:
            row = self.s.execute(
                select(Campaign.id, Campaign.name)
                .join(CampaignRun, CampaignRun.campaign_id == Campaign.id)
                .where(CampaignRun.id == run_id)
            ).first()
            self._runs[run_id] = (row[0], row[1]) if row else (0, "")
        campaign_id, name = self._runs[run_id]
        return (campaign_id or None), name

    def builtin(self, name: str, contact_id: int | None, data: dict[str, Any]) -> None:
        """A built-in automation event for rules (written only when something listens)."""
        if contact_id is None:
            return
        if name not in self._listens:
            self._listens[name] = listened(self.s, name)
        if self._listens[name]:
            write_events(self.s, name, contact_ids=[contact_id], data=data, source="relay")

    def form(self, name: str) -> SignupForm | None:
        if name not in self._forms:
            self._forms[name] = (
                self.s.scalar(select(SignupForm).where(SignupForm.name == name)) if name else None
            )
        return self._forms[name]


@dataclass
class _Msg:
    id: int
    run_id: int | None
    contact_id: int | None
    email: str


def apply_events(
    db: Database, events: Sequence[dict[str, Any]], *, relay: Any = None
) -> ApplyResult:
    """Apply the relay's events, each exactly once (see the module's docstring).

    ``relay`` (a ``RelayConfig``) is needed to write the confirmation link of a double opt-in
    signup; without it such a signup is recorded but its mail is not queued (and an error says
    so).
    """
    applied = duplicates = queued = 0
    errors: list[str] = []
    for start in range(0, len(events), BATCH):
        chunk = events[start : start + BATCH]
        with db.session() as s:
            begin_write(s)
            batch = _Batch(s, relay)
            chunk_applied = chunk_duplicates = 0
            chunk_errors: list[str] = []
            for event in chunk:
                try:
                    with s.begin_nested():
                        done = _apply_one(batch, event)
                except (OperationalError, InterfaceError):
                    raise  # the database itself failed: nothing of this batch is kept
                except Exception as exc:  # noqa: BLE001 - one bad event must not stop the others
                    event_id = event.get("id") if isinstance(event, dict) else None
                    reason = exc.message if isinstance(exc, FacteurError) else repr(exc)
                    log.warning(
                        "relay event %s could not be applied: skipped (%s)",
                        event_id,
                        reason,
                        exc_info=not isinstance(exc, FacteurError),
                    )
                    chunk_errors.append(f"event {event_id}: {reason}")
                    continue
                if done:
                    chunk_applied += 1
                else:
                    chunk_duplicates += 1
        # Committed: count it.
        applied += chunk_applied
        duplicates += chunk_duplicates
        queued += batch.queued
        errors += chunk_errors + batch.notes
    return ApplyResult(applied, duplicates, errors, queued)


def _apply_one(b: _Batch, event: Any) -> bool:
    """Apply one event; False when it was applied before (a duplicate)."""
    if not isinstance(event, dict):
        raise InvalidInput("An event from the relay is not an object.")
    relay_id = str(event.get("id") or "").strip()
    if not relay_id or len(relay_id) > 64:
        raise InvalidInput("An event from the relay has no valid id.")
    kind = event.get("kind")
    if kind not in TRACKING_KINDS:
        raise InvalidInput("Unknown kind of event {kind!r}.", kind=kind)
    at = _moment(event.get("occurred_at")) or utcnow()
    handler = _HANDLERS[kind]
    return handler(b, event, relay_id, at)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    return (value if isinstance(value, str) else str(value))[:limit]


def _data(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    return dict(data) if isinstance(data, dict) else {}


def _record(
    b: _Batch,
    event: dict[str, Any],
    relay_id: str,
    at: datetime,
    *,
    message: _Msg | None = None,
    contact_id: int | None = None,
    campaign_id: int | None = None,
    run_id: int | None = None,
    email: str = "",
    data: dict[str, Any] | None = None,
) -> int | None:
    """Insert the event's row; None when the relay id is already there (a duplicate)."""
    insert = pg_insert if b.s.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(TrackingEvent)
        .values(
            relay_id=relay_id,
            kind=event["kind"],
            message_id=message.id if message else None,
            contact_id=contact_id,
            campaign_id=campaign_id,
            run_id=run_id,
            email=_text(email or event.get("email"), 320),
            url=_text(event.get("url"), 8000),
            ip=_text(event.get("ip"), 64),
            bot=bool(event.get("bot")),
            source=_text(event.get("source"), 32),
            data=_data(event) if data is None else data,
            occurred_at=at,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["relay_id"])
        .returning(TrackingEvent.id)
    )
    return b.s.execute(stmt).scalar()


def _message(b: _Batch, value: Any) -> _Msg | None:
    message_id = _int(value)
    if message_id is None:
        return None
    row = b.s.execute(
        select(Message.id, Message.run_id, Message.contact_id, Message.email).where(
            Message.id == message_id
        )
    ).first()
    return _Msg(*row) if row else None


def _contact_id(b: _Batch, value: Any) -> int | None:
    contact_id = _int(value)
    if contact_id is None:
        return None
    return b.s.scalar(select(Contact.id).where(Contact.id == contact_id))


def _touch(b: _Batch, contact_id: int | None, at: datetime) -> None:
    """The contact's last activity (an open or a click), never moved back."""
    if contact_id is None:
        return
    b.s.execute(
        update(Contact)
        .where(
            Contact.id == contact_id,
            or_(Contact.last_activity_at.is_(None), Contact.last_activity_at < at),
        )
        .values(last_activity_at=at, updated_at=Contact.updated_at)
    )


def _engagement(b: _Batch, message_id: int) -> MessageEngagement:
    """The message's engagement row, created if needed and locked for this transaction."""
    insert = pg_insert if b.s.get_bind().dialect.name == "postgresql" else sqlite_insert
    b.s.execute(
        insert(MessageEngagement)
        .values(message_id=message_id, opens=0, clicks=0, links=[])
        .on_conflict_do_nothing(index_elements=["message_id"])
    )
    return b.s.execute(
        select(MessageEngagement)
        .where(MessageEngagement.message_id == message_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


@dataclass
class _Seen:
    """What an open, a click or an unsubscribe is about: its message (or what the token says)."""

    row: int
    msg: _Msg | None
    contact_id: int | None
    run_id: int | None
    campaign_id: int | None
    campaign: str


def _record_seen(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> _Seen | None:
    """Record an event about a sent message; None when it was applied already."""
    msg = _message(b, event.get("message"))
    contact_id = msg.contact_id if msg else _contact_id(b, event.get("contact"))
    run_id = msg.run_id if msg else _int(event.get("run"))
    campaign_id, campaign = b.campaign_of_run(run_id)
    row = _record(
        b,
        event,
        relay_id,
        at,
        message=msg,
        contact_id=contact_id,
        campaign_id=campaign_id,
        run_id=run_id,
        email=msg.email if msg else "",
    )
    if row is None:
        return None
    return _Seen(row, msg, contact_id, run_id, campaign_id, campaign)


def _open(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    seen = _record_seen(b, event, relay_id, at)
    if seen is None:
        return False
    msg, contact_id, run_id = seen.msg, seen.contact_id, seen.run_id
    campaign_id, campaign = seen.campaign_id, seen.campaign
    if event.get("bot"):
        rollups.bump(b.s, at, campaign_id, run_id, {"bot_opened": 1})
        return True
    if msg is None:
        # A message deleted since: counts for its run, never as unique.
        rollups.bump(b.s, at, campaign_id, run_id, {"opened": 1})
        return True
    eng = _engagement(b, msg.id)
    first = eng.opened_at is None
    eng.opens = (eng.opens or 0) + 1
    if first:
        eng.opened_at = at
    rollups.bump(b.s, at, campaign_id, run_id, {"opened": 1, "unique_opened": int(first)})
    _touch(b, contact_id, at)
    if first:
        b.builtin("email_opened", contact_id, {"campaign": campaign, "url": ""})
    return True


def _click(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    seen = _record_seen(b, event, relay_id, at)
    if seen is None:
        return False
    msg, contact_id, run_id = seen.msg, seen.contact_id, seen.run_id
    campaign_id, campaign = seen.campaign_id, seen.campaign
    url = _text(event.get("url"), 8000)
    if event.get("bot"):
        rollups.bump(b.s, at, campaign_id, run_id, {"bot_clicked": 1})
        return True
    if msg is None:
        # No consent to per-person tracking (or a message deleted since): the click counts for
        # the campaign (its run from the token), never as a unique click.
        rollups.bump(b.s, at, campaign_id, run_id, {"clicked": 1})
        if url:
            rollups.bump_link(b.s, campaign_id, url, clicks=1, unique=0)
        return True
    eng = _engagement(b, msg.id)
    first_click = eng.clicked_at is None
    # A click without an open seen (images blocked) counts as the message's open, as ESPs do.
    implied_open = eng.opened_at is None
    key = rollups.link_key(url) if url else ""
    links = list(eng.links or [])
    first_link = bool(key) and key not in links
    eng.clicks = (eng.clicks or 0) + 1
    if first_click:
        eng.clicked_at = at
    if implied_open:
        eng.opened_at = at
        eng.opens = (eng.opens or 0) + 1
    if first_link:
        eng.links = [*links, key]
    counts = {"clicked": 1, "unique_clicked": int(first_click)}
    if implied_open:
        counts.update(opened=1, unique_opened=1)
        # Kept as an open row too (no relay id), so the timeline and a rebuild of the
        # roll-ups from the raw rows see the same open.
        b.s.add(
            TrackingEvent(
                relay_id=None,
                kind="open",
                message_id=msg.id,
                contact_id=contact_id,
                campaign_id=campaign_id,
                run_id=run_id,
                email=msg.email,
                ip=_text(event.get("ip"), 64),
                bot=False,
                source="click",
                data={"implied_by": relay_id},
                occurred_at=at,
                created_at=utcnow(),
            )
        )
    rollups.bump(b.s, at, campaign_id, run_id, counts)
    if url:
        rollups.bump_link(b.s, campaign_id, url, clicks=1, unique=int(first_link))
    _touch(b, contact_id, at)
    if implied_open:
        b.builtin("email_opened", contact_id, {"campaign": campaign, "url": ""})
    if first_link:
        b.builtin("link_clicked", contact_id, {"campaign": campaign, "url": url})
    return True


def _set_status(b: _Batch, contact: Contact, status: str, **extra: Any) -> None:
    """Change a contact's status through the contacts service (its built-in events:
    ``unsubscribed`` ends the contact's sequences)."""
    from app.contacts.service import ContactInput, change_contact

    change_contact(b.s, contact, ContactInput(status=status, **extra), source="relay")


def _unsubscribe(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    seen = _record_seen(b, event, relay_id, at)
    if seen is None:
        return False
    msg, contact_id, run_id, campaign_id = seen.msg, seen.contact_id, seen.run_id, seen.campaign_id
    row = seen.row
    if contact_id is None:
        return True  # the contact was deleted since
    contact = b.s.get(Contact, contact_id)
    if contact is not None and contact.status in ("subscribed", "pending"):
        _set_status(b, contact, "unsubscribed")
    if msg is not None:
        earlier = b.s.scalar(
            select(TrackingEvent.id)
            .where(
                TrackingEvent.kind == "unsubscribe",
                TrackingEvent.message_id == msg.id,
                TrackingEvent.contact_id == contact_id,
                TrackingEvent.id != row,
            )
            .limit(1)
        )
        if earlier is None:
            rollups.bump(b.s, at, campaign_id, run_id, {"unsubscribed": 1})
    return True


def _find_sent(b: _Batch, provider_id: str, email: str) -> _Msg | None:
    """The message a bounce or complaint is about: by the provider's id or our Message-ID,
    else the latest message sent to that address."""
    cols = (Message.id, Message.run_id, Message.contact_id, Message.email)
    pid = provider_id.strip().strip("<>").strip()
    if pid:
        row = b.s.execute(
            select(*cols)
            .where(
                or_(
                    Message.provider_id == pid,
                    Message.message_id == pid,
                    Message.message_id == f"<{pid}>",
                )
            )
            .order_by(Message.id.desc())
            .limit(1)
        ).first()
        if row:
            return _Msg(*row)
    if email:
        row = b.s.execute(
            select(*cols)
            .where(Message.email == email, Message.status == "sent")
            .order_by(Message.sent_at.desc(), Message.id.desc())
            .limit(1)
        ).first()
        if row:
            return _Msg(*row)
    return None


def _address(value: Any) -> str:
    from app.contacts.emails import InvalidEmail, normalise_email

    text = _text(value, 320).strip()
    if not text:
        return ""
    try:
        return normalise_email(text)
    except InvalidEmail:
        return text.lower()


def _delivery_problem(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    kind = event["kind"]
    data = _data(event)
    email = _address(event.get("email"))
    msg = _find_sent(b, _text(event.get("provider_message_id"), 255), email)
    email = email or (msg.email if msg else "")
    contact_id = msg.contact_id if msg else None
    if contact_id is None and email:
        contact_id = b.s.scalar(select(Contact.id).where(Contact.email == email))
    run_id = msg.run_id if msg else None
    campaign_id, _ = b.campaign_of_run(run_id)
    permanent = kind == "complaint" or bool(data.get("permanent"))
    if kind == "bounce":
        data["permanent"] = bool(data.get("permanent"))
    row = _record(
        b,
        event,
        relay_id,
        at,
        message=msg,
        contact_id=contact_id,
        campaign_id=campaign_id,
        run_id=run_id,
        email=email,
        data=data,
    )
    if row is None:
        return False
    if not permanent:
        return True  # a soft bounce: recorded, the address stays
    status = "complained" if kind == "complaint" else "bounced"
    contact = b.s.get(Contact, contact_id) if contact_id is not None else None
    if contact is not None and contact.status != status and contact.status != "complained":
        _set_status(b, contact, status)
    if msg is not None:
        # Counted once per message (providers may report one problem several times).
        earlier = b.s.execute(
            select(TrackingEvent.data).where(
                TrackingEvent.kind == kind,
                TrackingEvent.message_id == msg.id,
                TrackingEvent.id != row,
            )
        ).all()
        if not any(kind == "complaint" or (d or {}).get("permanent") for (d,) in earlier):
            counter = "complained" if kind == "complaint" else "bounced"
            rollups.bump(b.s, at, campaign_id, run_id, {counter: 1})
    return True


# --- signups ------------------------------------------------------------------------------------


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    raw = data.get("attributes")
    if not isinstance(raw, dict):
        return {}
    return {
        str(k)[:64]: (v[:1000] if isinstance(v, str) else v)
        for k, v in raw.items()
        if isinstance(k, str) and k.strip() and isinstance(v, str | int | float | bool)
    }


def _consent(data: dict[str, Any], form_name: str, ip: str) -> dict[str, Any]:
    raw = data.get("consent")
    consent = raw if isinstance(raw, dict) else {}
    values: dict[str, Any] = {
        "consent_source": _text(consent.get("source"), 300) or f"form:{form_name}"[:300],
        "consent_text": _text(consent.get("text"), 10000),
        "consent_ip": _text(consent.get("ip") or ip, 64),
    }
    if "tracking" in consent:
        values["tracking_consent"] = bool(consent.get("tracking"))
    return values


def _list_names(b: _Batch, contact: Contact) -> list[str]:
    return list(
        b.s.scalars(
            select(ContactList.name)
            .join(ListMembership, ListMembership.list_id == ContactList.id)
            .where(ListMembership.contact_id == contact.id)
        )
    )


def _join_form(b: _Batch, contact: Contact, form: SignupForm | None) -> None:
    """Add the form's list and tags to the contact (through the contacts service: the
    ``list_added`` / ``tag_added`` events), re-subscribing them to that list."""
    from app.contacts.service import ContactInput, change_contact

    if form is None or (not form.list_name and not form.tags):
        return
    lists = _list_names(b, contact)
    tags = [t.name for t in contact.tags]
    wanted = ContactInput(
        tags=[*tags, *(form.tags or [])] if form.tags else None,
        lists=[*lists, form.list_name] if form.list_name else None,
    )
    change_contact(b.s, contact, wanted, source="relay")
    if form.list_name:
        list_id = b.s.scalar(select(ContactList.id).where(ContactList.name == form.list_name))
        b.s.execute(
            update(ListMembership)
            .where(
                ListMembership.contact_id == contact.id,
                ListMembership.list_id == list_id,
                ListMembership.status != "subscribed",
            )
            .values(status="subscribed")
        )


def _signup(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    from app.contacts.emails import normalise_email
    from app.contacts.service import ContactInput, change_contact, create_contact

    data = _data(event)
    form_name = _text(event.get("name") or data.get("form"), 100)
    form = b.form(form_name)
    double = bool(form.double_opt_in) if form is not None else bool(data.get("double_opt_in", True))
    email = normalise_email(_text(event.get("email"), 320))
    consent = _consent(data, form_name, _text(event.get("ip"), 64))
    raw_consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    consent_at = _moment(raw_consent.get("at")) or at
    fields = {k: _text(data.get(k), 200).strip() for k in _CONTACT_FIELDS}
    fields = {k: v for k, v in fields.items() if v}
    attributes = _attributes(data)
    row = _record(b, event, relay_id, at, email=email)
    if row is None:
        return False
    contact = b.s.scalar(select(Contact).where(Contact.email == email))
    subscribed_now = False
    if contact is None:
        contact = create_contact(
            b.s,
            ContactInput(
                email=email,
                attributes=attributes,
                status="pending" if double else "subscribed",
                **fields,
                **consent,
            ),
            source="relay",
        )
        contact.consent_at = consent_at
        subscribed_now = not double
    elif contact.status in ("bounced", "complained"):
        # Suppressed for good reasons: the signup is kept, the address stays suppressed.
        log.info("signup of a %s address (%s): kept suppressed", contact.status, email)
    else:
        change = ContactInput(
            attributes={**(contact.attributes or {}), **attributes} if attributes else None,
            **fields,
        )
        if not double:
            subscribed_now = True
            change.status = "subscribed"
        elif contact.status != "subscribed":
            change.status = "pending"  # never downgrades a subscribed contact
        if change.status is not None:
            # A new consent given now (a subscribed contact's is updated at confirmation).
            for key, value in consent.items():
                setattr(change, key, value)
        change_contact(b.s, contact, change, source="relay")
        if change.status is not None:
            contact.consent_at = consent_at
    b.s.execute(update(TrackingEvent).where(TrackingEvent.id == row).values(contact_id=contact.id))
    if contact.status in ("bounced", "complained"):
        return True
    if subscribed_now:
        _join_form(b, contact, form)
        b.builtin("form_signup", contact.id, {"form": form_name})
    elif double:
        _queue_confirmation(b, contact, form, form_name, data.get("signup"), relay_id)
    return True


def _only_account(b: _Batch) -> int | None:
    ids = list(b.s.scalars(select(Account.id).order_by(Account.id).limit(2)))
    return ids[0] if len(ids) == 1 else None


def _confirm_template(b: _Batch) -> int:
    """Facteur's built-in confirmation mail (FR/EN), stored as a template the first time."""
    template_id = b.s.scalar(select(Template.id).where(Template.name == CONFIRM_TEMPLATE))
    if template_id is not None:
        return template_id
    now = utcnow()
    insert = pg_insert if b.s.get_bind().dialect.name == "postgresql" else sqlite_insert
    b.s.execute(
        insert(Template)
        .values(
            name=CONFIRM_TEMPLATE,
            subject="Confirmez votre inscription / Please confirm your subscription",
            html=_CONFIRM_HTML,
            text=_CONFIRM_TEXT,
            from_override="",
            reply_to="",
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["name"])
    )
    template_id = b.s.scalar(select(Template.id).where(Template.name == CONFIRM_TEMPLATE))
    assert template_id is not None
    return template_id


_CONFIRM_HTML = """\
<p>Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},</p>
<p>Pour confirmer votre inscription, cliquez sur ce lien :</p>
<p><a href="{{ data.confirm_url }}">Je confirme mon inscription</a></p>
<p>Si vous n'avez rien demandé, ignorez ce message : vous ne recevrez rien d'autre.</p>
<hr>
<p>Hello{% if contact.first_name %} {{ contact.first_name }}{% endif %},</p>
<p>To confirm your subscription, follow this link:</p>
<p><a href="{{ data.confirm_url }}">I confirm my subscription</a></p>
<p>If you did not ask for anything, ignore this message: you will receive nothing else.</p>
"""

_CONFIRM_TEXT = """\
Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},

Pour confirmer votre inscription, ouvrez ce lien :
{{ data.confirm_url }}

Si vous n'avez rien demandé, ignorez ce message : vous ne recevrez rien d'autre.

---

Hello{% if contact.first_name %} {{ contact.first_name }}{% endif %},

To confirm your subscription, open this link:
{{ data.confirm_url }}

If you did not ask for anything, ignore this message: you will receive nothing else.
"""


def _queue_confirmation(
    b: _Batch,
    contact: Contact,
    form: SignupForm | None,
    form_name: str,
    signup_id: Any,
    relay_id: str,
) -> None:
    """Queue the double opt-in mail (transactional: it reaches a pending contact)."""
    from app.sending.outbox import queue_message
    from app.tracking.tokens import TokenSigner

    if b.relay is None or signup_id is None:
        why = "no relay connected" if b.relay is None else "the relay sent no signup id"
        b.notes.append(f"event {relay_id}: no confirmation mail for {contact.email} ({why})")
        log.warning("no confirmation mail for %s: %s", contact.email, why)
        return
    account_id = form.account_id if form is not None and form.account_id else _only_account(b)
    if account_id is None:
        b.notes.append(
            f"event {relay_id}: no confirmation mail for {contact.email}: choose the sending "
            f"account of the form {form_name!r}"
        )
        log.warning("form %r has no sending account: no confirmation mail", form_name)
        return
    template_id = (
        form.confirm_template_id
        if form is not None and form.confirm_template_id
        else _confirm_template(b)
    )
    token = TokenSigner(b.relay.secret).confirm_token(form_name, signup_id, contact.id)
    url = f"{b.relay.url.rstrip('/')}/confirm/{token}"
    queue_message(
        b.s,
        account_id=account_id,
        contact_id=contact.id,
        email=contact.email,
        template_id=template_id,
        kind="transactional",
        data={"confirm_url": url, "form": form_name},
    )
    b.queued += 1


def _confirm(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    data = _data(event)
    form_name = _text(event.get("name") or data.get("form"), 100)
    signup_id = data.get("signup")
    email = _address(event.get("email"))
    contact = None
    contact_id = _contact_id(b, event.get("contact"))
    if contact_id is not None:
        contact = b.s.get(Contact, contact_id)
    if contact is None and email:
        contact = b.s.scalar(select(Contact).where(Contact.email == email))
    row = _record(
        b,
        event,
        relay_id,
        at,
        contact_id=contact.id if contact else None,
        email=email or (contact.email if contact else ""),
    )
    if row is None:
        return False
    if contact is None:
        log.warning("confirmation for an unknown contact (%s): recorded only", email)
        return True
    # The signup it confirms: its consent proof becomes the contact's.
    signups = b.s.execute(
        select(TrackingEvent.id, TrackingEvent.data, TrackingEvent.ip, TrackingEvent.kind)
        .where(
            TrackingEvent.kind.in_(("signup", "confirm")),
            or_(TrackingEvent.contact_id == contact.id, TrackingEvent.email == contact.email),
            TrackingEvent.id != row,
        )
        .order_by(TrackingEvent.id.desc())
    ).all()
    same = [r for r in signups if str((r.data or {}).get("signup")) == str(signup_id)]
    if any(r.kind == "confirm" for r in same):
        return True  # confirmed before (the relay records it once; belt and braces)
    if contact.status in ("bounced", "complained"):
        return True
    signup = next((r for r in same if r.kind == "signup"), None)
    from app.contacts.service import ContactInput, change_contact

    change = ContactInput(status="subscribed")
    if signup is not None:
        for key, value in _consent(dict(signup.data or {}), form_name, signup.ip or "").items():
            setattr(change, key, value)
    change_contact(b.s, contact, change, source="relay")
    contact.consent_at = at
    _join_form(b, contact, b.form(form_name))
    b.builtin("form_signup", contact.id, {"form": form_name})
    return True


def _custom(b: _Batch, event: dict[str, Any], relay_id: str, at: datetime) -> bool:
    """A web platform's event (``POST /api/v1/events``): like ``facteur events emit``."""
    from app.automation.events import CONTACT_FIELDS, _clean_data, _custom_name
    from app.contacts.emails import normalise_email
    from app.contacts.service import ContactInput, create_contact

    name = _custom_name(_text(event.get("name"), 100))
    payload = _clean_data(_data(event))
    address = normalise_email(_text(event.get("email"), 320))
    row = _record(b, event, relay_id, at, email=address, data=payload)
    if row is None:
        return False
    contact_id = b.s.scalar(select(Contact.id).where(Contact.email == address))
    if contact_id is None:
        fields = {k: _text(payload[k], 200) for k in CONTACT_FIELDS if payload.get(k) is not None}
        attributes = {
            k: v
            for k, v in payload.items()
            if k not in CONTACT_FIELDS and k != "email" and isinstance(v, str | int | float | bool)
        }
        contact = create_contact(
            b.s,
            ContactInput(
                email=address,
                attributes=attributes,
                consent_source=f"event:{name}"[:300],
                **fields,
            ),
            source="relay",
        )
        contact_id = contact.id
    b.s.execute(update(TrackingEvent).where(TrackingEvent.id == row).values(contact_id=contact_id))
    b.s.add(
        Event(
            name=name,
            contact_id=contact_id,
            email=address,
            data=payload,
            source="relay",
            created_at=utcnow(),
        )
    )
    b.s.flush()
    return True


_HANDLERS: dict[str, Callable[[_Batch, dict[str, Any], str, datetime], bool]] = {
    "open": _open,
    "click": _click,
    "unsubscribe": _unsubscribe,
    "bounce": _delivery_problem,
    "complaint": _delivery_problem,
    "signup": _signup,
    "confirm": _confirm,
    "custom": _custom,
}


# --- the sync state -----------------------------------------------------------------------------


def _read_setting(db: Database, key: str) -> dict[str, Any]:
    with db.session() as s:
        row = s.get(AppSetting, key)
        value = dict(row.value or {}) if row is not None else {}
    if set(value) == {"value"} and isinstance(value["value"], dict):
        value = dict(value["value"])
    return value


def _write_setting(db: Database, key: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` into a setting (read and written in one write transaction)."""
    with db.session() as s:
        begin_write(s)
        row = s.execute(
            select(AppSetting).where(AppSetting.key == key).with_for_update()
        ).scalar_one_or_none()
        value = dict(row.value or {}) if row is not None else {}
        if set(value) == {"value"} and isinstance(value["value"], dict):
            value = dict(value["value"])
        if "cursor" in changes and not _forward(value.get("cursor"), changes["cursor"]):
            changes = {k: v for k, v in changes.items() if k != "cursor"}
        if "applied_add" in changes:
            value["applied"] = int(value.get("applied") or 0) + int(changes.pop("applied_add"))
        value.update(changes)
        if row is None:
            s.add(AppSetting(key=key, value=value))
        else:
            row.value = value
    return value


def _forward(old: Any, new: Any) -> bool:
    """Whether ``new`` may replace the saved cursor (never moved back by a slower syncer)."""
    old_text, new_text = str(old or ""), str(new or "")
    if old_text.isdigit() and new_text.isdigit():
        return int(new_text) >= int(old_text)
    return True


def _cursor(db: Database) -> str:
    return str(_read_setting(db, SYNC_SETTING).get("cursor") or "")


def _record_error(db: Database, message: str) -> None:
    try:
        _write_setting(db, SYNC_SETTING, {"last_error": message})
    except Exception:  # noqa: BLE001 - the relay's error matters more than this one
        log.debug("could not record the sync error", exc_info=True)


def _saved(db: Database, cursor: str, applied: int) -> None:
    _write_setting(
        db,
        SYNC_SETTING,
        {
            "cursor": cursor,
            "last_sync_at": utcnow().isoformat(),
            "last_error": "",
            "applied_add": applied,
        },
    )


# --- talking to the relay -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    events: list[dict[str, Any]]
    cursor: str
    more: bool


def _headers(relay: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {relay.api_key}", "Accept": "application/json"}


def _timeout(wait: float) -> Any:
    import httpx

    return httpx.Timeout(10.0, read=wait + 15.0)


def _params(cursor: str, wait: float) -> dict[str, str]:
    params = {"limit": str(PAGE), "wait": f"{max(0.0, wait):g}"}
    if cursor:
        params["after"] = cursor
    return params


def _transport_error(relay: Any, exc: Exception) -> FacteurError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return FacteurError("The relay at {url} did not answer in time.", url=relay.url)
    text = str(exc).strip()
    reason = text.splitlines()[0] if text else type(exc).__name__
    return FacteurError(
        "Could not reach the relay at {url}: {reason}", url=relay.url, reason=reason
    )


def _status_error(relay: Any, response: Any) -> FacteurError | None:
    status = response.status_code
    if status == 200:
        return None
    if status in (401, 403):
        return FacteurError(
            "The relay at {url} refused the API key (HTTP {status}): connect to it again with "
            "its FACTEUR_RELAY_API_KEY.",
            url=relay.url,
            status=status,
        )
    if status >= 500:
        return FacteurError(
            "The relay at {url} is unavailable (HTTP {status}); Facteur will try again.",
            url=relay.url,
            status=status,
        )
    return FacteurError(
        "The relay at {url} refused the request (HTTP {status}): {detail}",
        url=relay.url,
        status=status,
        detail=response.text[:200],
    )


def _page(relay: Any, response: Any, cursor: str) -> _Page:
    problem = _status_error(relay, response)
    if problem is not None:
        raise problem
    try:
        body = response.json()
    except ValueError:
        body = None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise FacteurError(
            "{url} did not answer like a Facteur relay: check its address.", url=relay.url
        )
    new_cursor = body.get("cursor")
    new_cursor = str(new_cursor) if new_cursor not in (None, "") else cursor
    return _Page(events, new_cursor, bool(body.get("more")) and bool(events))


def _forms_payload(db: Database) -> tuple[dict[str, Any], str]:
    from app.tracking.forms import list_forms

    payload = {"forms": [f.relay_json() for f in list_forms(db)]}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
    return payload, digest


def _forms_changed(db: Database, relay: Any) -> tuple[dict[str, Any], str] | None:
    payload, digest = _forms_payload(db)
    pushed = _read_setting(db, FORMS_SETTING)
    if pushed.get("hash") == digest and pushed.get("url") == relay.url:
        return None
    return payload, digest


def _forms_pushed(db: Database, relay: Any, digest: str) -> None:
    _write_setting(
        db, FORMS_SETTING, {"hash": digest, "url": relay.url, "pushed_at": utcnow().isoformat()}
    )


def _load(db: Database, home: Path) -> Any:
    from app.tracking.relay_config import load_relay

    relay = load_relay(db, home)
    if relay is None:
        raise FacteurError("No relay is connected: use “facteur relay connect URL …” first.")
    return relay


def push_forms(db: Database, home: Path, *, relay: Any = None, force: bool = True) -> int | None:
    """Send the signup forms to the relay (it serves only those); the number pushed, or None
    when ``force`` is False and they did not change since the last push."""
    import httpx

    relay = relay or _load(db, home)
    if force:
        payload, digest = _forms_payload(db)
    else:
        changed = _forms_changed(db, relay)
        if changed is None:
            return None
        payload, digest = changed
    try:
        with httpx.Client(timeout=10.0, headers=_headers(relay), follow_redirects=False) as http:
            response = http.put(f"{relay.url}/api/v1/forms", json=payload)
    except httpx.HTTPError as exc:
        raise _transport_error(relay, exc) from exc
    problem = _status_error(relay, response)
    if problem is not None:
        raise problem
    _forms_pushed(db, relay, digest)
    log.info("pushed %d signup form(s) to %s", len(payload["forms"]), relay.url)
    return len(payload["forms"])


def sync_once(db: Database, home: Path, *, wait: float = 0.0, relay: Any = None) -> SyncResult:
    """Pull everything new from the relay and apply it (see the module's docstring).

    ``wait``: seconds the relay may hold the first pull open when nothing is new (long-poll).
    ``FacteurError`` when no relay is connected or it cannot be reached (``last_error`` is
    saved; the cursor is not moved, so nothing is lost).
    """
    import httpx

    relay = relay or _load(db, home)
    pulled = applied = duplicates = 0
    errors: list[str] = []
    cursor = _cursor(db)
    try:
        with httpx.Client(headers=_headers(relay), follow_redirects=False) as http:
            changed = _forms_changed(db, relay)
            if changed is not None:
                response = http.put(f"{relay.url}/api/v1/forms", json=changed[0], timeout=10.0)
                problem = _status_error(relay, response)
                if problem is not None:
                    raise problem
                _forms_pushed(db, relay, changed[1])
            while True:
                response = http.get(
                    f"{relay.url}/api/v1/events",
                    params=_params(cursor, wait),
                    timeout=_timeout(wait),
                )
                page = _page(relay, response, cursor)
                result = apply_events(db, page.events, relay=relay)
                _saved(db, page.cursor, result.applied)
                pulled += len(page.events)
                applied += result.applied
                duplicates += result.duplicates
                errors += result.errors
                cursor = page.cursor
                wait = 0.0
                if not page.more:
                    break
    except httpx.HTTPError as exc:
        error = _transport_error(relay, exc)
        _record_error(db, error.message)
        raise error from exc
    except FacteurError as exc:
        _record_error(db, exc.message)
        raise
    if pulled:
        log.info("pulled %d event(s), applied %d (%d already)", pulled, applied, duplicates)
    return SyncResult(pulled, applied, duplicates, cursor, errors)


def cmd_sync(db: Database, args: argparse.Namespace) -> int:
    """``facteur sync [--json]``."""
    result = sync_once(db, args.paths.home)
    if args.json:
        from app.cli import print_json

        print_json(result.to_json())
    else:
        print(
            f"Pulled {result.pulled} events, applied {result.applied} "
            f"({result.duplicates} already applied)"
        )
    for error in result.errors:
        print(f"facteur: {error}", file=sys.stderr)
    if result.applied and _work_waiting(db):
        # Rules to run, confirmation mails to send, and nothing running this database: a
        # background sender does it and exits when idle.
        from app.sending.campaign_commands import ensure_background_sender

        ensure_background_sender(db, args)
    return 0


def _work_waiting(db: Database) -> bool:
    """Events for the rules, or mail to send: a campaign's, or one of its own (no run)."""
    from sqlalchemy import or_

    from app.sending.outbox import active_runs

    with db.session() as s:
        if s.scalar(select(Event.id).where(Event.processed_at.is_(None)).limit(1)) is not None:
            return True
        queued = s.scalar(
            select(Message.id)
            .where(
                Message.status == "queued",
                or_(Message.run_id.is_(None), Message.run_id.in_(active_runs())),
            )
            .limit(1)
        )
        return queued is not None


# --- the background thread ----------------------------------------------------------------------


class RelaySync:
    """Long-polls the relay and applies its events, in a thread, until ``stop()``.

    The pull runs on a private asyncio loop, so ``stop()`` abandons a pull in flight at once
    (the relay may hold it open 25 s). Errors back off exponentially, 1 s to 5 min, and are
    saved as the sync's ``last_error``. ``wake`` is called after events were applied (queued
    confirmation mails, rule events: the sender looks at once).
    """

    def __init__(
        self,
        db: Database,
        relay: Any,
        *,
        wake: Callable[[], None] | None = None,
        wait: float = LONG_POLL,
        min_backoff: float = MIN_BACKOFF,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        self.db = db
        self.relay = relay
        self.wake = wake
        self.wait = wait
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        #: Consecutive failures (0 while things go well), for tests and status.
        self.failures = 0
        self.last_error = ""

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.alive:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="facteur-relay-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the relay sync did not stop within %.0f s", timeout)
            self._thread = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception:  # noqa: BLE001 - a bug here must not take the process down
            log.exception("the relay sync stopped on an unexpected error")

    async def _main(self) -> None:
        import httpx

        stopping = asyncio.Event()
        with self._lock:
            self._stopping = stopping
            self._loop = asyncio.get_running_loop()
        try:
            if self._stop.is_set():
                return
            log.info("syncing with the relay %s", self.relay.url)
            backoff = self.min_backoff
            async with httpx.AsyncClient(
                headers=_headers(self.relay), follow_redirects=False
            ) as http:
                while not self._stop.is_set():
                    started = time.monotonic()
                    try:
                        outcome = await self._cycle(http, stopping)
                    except Exception as exc:  # noqa: BLE001 - retried after a pause
                        self._failed(exc, backoff)
                        await self._until(stopping, asyncio.sleep(backoff))
                        backoff = min(backoff * 2, self.max_backoff)
                        continue
                    if outcome is None:
                        break  # stopping
                    if self.failures:
                        log.info("the relay %s answers again", self.relay.url)
                    self.failures = 0
                    self.last_error = ""
                    backoff = self.min_backoff
                    if outcome == "empty" and time.monotonic() - started < self.wait / 2:
                        # Nothing new and no long-poll (an old relay, a proxy cutting it):
                        # do not ask again at once.
                        await self._until(stopping, asyncio.sleep(min(5.0, self.wait)))
        finally:
            with self._lock:
                self._loop = None
                self._stopping = None

    def _failed(self, exc: Exception, backoff: float) -> None:
        import httpx

        if isinstance(exc, httpx.HTTPError):
            exc = _transport_error(self.relay, exc)
        message = exc.message if isinstance(exc, FacteurError) else f"{type(exc).__name__}: {exc}"
        self.failures += 1
        if message != self.last_error or self.failures == 1:
            log.warning("relay sync: %s (retrying in %.0f s)", message, backoff)
        else:
            log.debug("relay sync: %s (retrying in %.0f s)", message, backoff)
        self.last_error = message
        if not isinstance(exc, FacteurError):
            log.debug("relay sync failure", exc_info=exc)
        _record_error(self.db, message)

    async def _until(self, stopping: asyncio.Event, coro: Any) -> Any:
        """Await ``coro`` unless stopping comes first (then it is cancelled): (done, result)."""
        task = asyncio.ensure_future(coro)
        stopper = asyncio.ensure_future(stopping.wait())
        try:
            done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopper
        if task in done:
            return True, task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return False, None

    async def _cycle(self, http: Any, stopping: asyncio.Event) -> str | None:
        """One pull and its application: "more" (more is waiting), "done", "empty" (nothing
        new), or None when stopping."""
        changed = _forms_changed(self.db, self.relay)
        if changed is not None:
            ok, response = await self._until(
                stopping, http.put(f"{self.relay.url}/api/v1/forms", json=changed[0], timeout=10)
            )
            if not ok:
                return None
            problem = _status_error(self.relay, response)
            if problem is not None:
                raise problem
            _forms_pushed(self.db, self.relay, changed[1])
        cursor = _cursor(self.db)
        ok, response = await self._until(
            stopping,
            http.get(
                f"{self.relay.url}/api/v1/events",
                params=_params(cursor, self.wait),
                timeout=_timeout(self.wait),
            ),
        )
        if not ok or self._stop.is_set():
            return None
        page = _page(self.relay, response, cursor)
        result = apply_events(self.db, page.events, relay=self.relay)
        _saved(self.db, page.cursor, result.applied)
        if page.events:
            log.info(
                "pulled %d event(s), applied %d (%d already)",
                len(page.events),
                result.applied,
                result.duplicates,
            )
        if result.applied and self.wake is not None:
            self.wake()
        if page.more:
            return "more"
        return "done" if page.events else "empty"
