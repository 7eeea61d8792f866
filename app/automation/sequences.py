"""Sequences: mails sent one after another to each enrolled contact, with delays between them.

A sequence has ordered steps (a template and an ISO-8601 delay after the previous step, or after
the enrollment for the first), an optional sending window (``app.automation.windows``), goal
events that take a contact out (``exit_on``), and is marketing (``automation`` messages: subscribed
contacts only) or transactional. Each contact's place is an ``enrollment`` row: ``step_index``
(the next step to send), ``anchor_at`` (when the previous step was due: delays count from it) and
``next_run_at`` (when the next step falls due, moved into the window).

The runner (``app.automation.runtime``) calls ``advance_due`` about once a second: each due
enrollment's step is queued in the outbox and the enrollment advanced in one transaction, so a
crash or a restart never sends a step twice nor skips one; the unique ``(enrollment_id,
step_id)`` of ``message`` is the last guard.

Editing a running sequence changes only the steps not yet sent: step rows are updated in place
where they can be (matched by id, else by template, else by position), so the messages already
sent keep pointing at them; each active enrollment then goes on from the first step (in the new
order) not yet sent to it, due at its anchor plus that step's delay.

Exit reasons are short codes (``removed``, ``unsubscribed``, ``bounced``, ``complained``,
``pending``, ``goal:<event>``): ``exit_reason_text`` gives the English text, ``EXIT_REASONS``
the templates the interface translates.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.automation.durations import format_duration, parse_duration
from app.automation.windows import format_window, next_open, parse_window, validate_window
from app.db import Database
from app.db.models import (
    Account,
    Contact,
    Enrollment,
    Message,
    Rule,
    RuleAction,
    Sequence,
    SequenceStep,
    Template,
)
from app.db.types import utcnow
from app.errors import N_, InvalidInput, NotFound
from app.sending import outbox

log = logging.getLogger("facteur.sequences")

__all__ = [
    "EXIT_REASONS",
    "EnrollmentRow",
    "SequenceData",
    "SequenceInput",
    "StepData",
    "StepInput",
    "advance_due",
    "create_sequence",
    "delete_sequence",
    "enroll",
    "enroll_contacts",
    "exit_for_event",
    "exit_reason_text",
    "get_sequence",
    "list_enrollments",
    "list_sequences",
    "next_due",
    "remove_from_sequence",
    "set_sequence_enabled",
    "update_sequence",
    "zone_for",
]

DEFAULT_TIMEZONE = "Europe/Paris"
MAX_STEPS = 50
MAX_NAME = 200

# Why a contact left a sequence (``enrollment.exit_reason`` holds the code).
EXIT_REASONS = {
    "removed": N_("Removed from the sequence"),
    "unsubscribed": N_("Unsubscribed"),
    "bounced": N_("Address bounced"),
    "complained": N_("Complained (marked as spam)"),
    "pending": N_("Subscription not confirmed"),
    "goal": N_("Reached the goal: {event}"),
}


def exit_reason_text(code: str) -> str:
    """The English text of an exit reason code (``"goal:signup"`` -> ``"Reached the goal: signup"``)."""
    template, params = exit_reason_template(code)
    return template.format(**params) if params else template


def exit_reason_template(code: str) -> tuple[str, dict[str, str]]:
    """The template and its parameters for an exit reason code, for the interface to translate."""
    kind, sep, event = code.partition(":")
    if sep and kind == "goal":
        return EXIT_REASONS["goal"], {"event": event}
    if code in EXIT_REASONS and code != "goal":
        return EXIT_REASONS[code], {}
    return code, {}


# --- data -------------------------------------------------------------------------------------


@dataclass
class StepInput:
    template: str
    delay: str = "PT0S"  # ISO-8601, after the previous step (the enrollment for the first)
    # The step's id (``StepData.id``) when an editor keeps track of steps; None for a new step.
    id: int | None = None


@dataclass
class SequenceInput:
    name: str
    # "": the only account when exactly one exists (on update: the sequence's current one).
    account: str = ""
    steps: list[StepInput] = field(default_factory=list)
    # "mon-fri 09:00-18:00", the stored dict, or None / "" for any time.
    window: str | dict[str, Any] | None = None
    exit_on: list[str] = field(default_factory=list)  # goal events
    transactional: bool = False
    enabled: bool = True


@dataclass(frozen=True)
class StepData:
    id: int
    position: int
    template: str
    delay: str
    delay_seconds: int

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "delay": self.delay, "delay_seconds": self.delay_seconds}


@dataclass(frozen=True)
class SequenceData:
    id: int
    name: str
    account: str
    steps: tuple[StepData, ...]
    window: dict[str, Any] | None
    window_text: str
    exit_on: tuple[str, ...]
    transactional: bool
    enabled: bool
    active: int
    completed: int
    exited: int
    created_at: datetime
    updated_at: datetime

    @property
    def enrolled(self) -> int:
        return self.active + self.completed + self.exited

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "account": self.account,
            "steps": [step.to_json() for step in self.steps],
            "window": self.window_text or None,
            "window_rule": self.window,
            "exit_on": list(self.exit_on),
            "transactional": self.transactional,
            "enabled": self.enabled,
            "active": self.active,
            "completed": self.completed,
            "exited": self.exited,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class EnrollmentRow:
    """Where one contact stands in a sequence (the GUI's enrolled-contacts table)."""

    email: str
    name: str
    status: str  # active | completed | exited
    step_index: int  # the next step to send (0-based); steps_total when none is left
    steps_total: int
    steps_sent: int
    next_template: str  # "" unless active
    next_run_at: datetime | None
    exit_reason: str  # a code, see exit_reason_text
    enrolled_at: datetime
    finished_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "status": self.status,
            "step_index": self.step_index,
            "steps_total": self.steps_total,
            "steps_sent": self.steps_sent,
            "next_template": self.next_template or None,
            "next_run_at": self.next_run_at.isoformat() if self.next_run_at else None,
            "exit_reason": self.exit_reason or None,
            "enrolled_at": self.enrolled_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


# --- timezones and schedules ------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_for(
    window: dict[str, Any] | None,
    contact_attributes: dict[str, Any] | None,
    account_settings: dict[str, Any] | None,
) -> ZoneInfo:
    """The timezone a window is read in: the contact's ``timezone`` attribute (when the window
    says ``contact`` and it is a valid zone), else the account's ``timezone`` setting, else
    Europe/Paris."""
    names: list[Any] = []
    if not window or window.get("timezone", "contact") == "contact":
        names.append((contact_attributes or {}).get("timezone"))
    names.append((account_settings or {}).get("timezone"))
    for name in names:
        if isinstance(name, str) and name.strip():
            zone = _zone(name.strip())
            if zone is not None:
                return zone
    zone = _zone(DEFAULT_TIMEZONE)
    assert zone is not None
    return zone


def _due(
    anchor: datetime, delay_seconds: int, window: dict[str, Any] | None, tz: ZoneInfo
) -> datetime:
    return next_open(anchor + timedelta(seconds=delay_seconds), window, tz)


def _kind(sequence: Sequence) -> str:
    return "transactional" if sequence.transactional else "automation"


# --- reading ----------------------------------------------------------------------------------


def _load(session: Session, where: Any = None) -> list[SequenceData]:
    stmt = (
        select(Sequence, Account.name)
        .join(Account, Account.id == Sequence.account_id)
        .order_by(Sequence.name)
    )
    if where is not None:
        stmt = stmt.where(where)
    rows = session.execute(stmt).all()
    ids = [seq.id for seq, _ in rows]
    steps: dict[int, list[StepData]] = defaultdict(list)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        for step, template in session.execute(
            select(SequenceStep, Template.name)
            .join(Template, Template.id == SequenceStep.template_id)
            .where(SequenceStep.sequence_id.in_(ids))
            .order_by(SequenceStep.sequence_id, SequenceStep.position, SequenceStep.id)
        ):
            items = steps[step.sequence_id]
            items.append(StepData(step.id, len(items), template, step.delay, step.delay_seconds))
        for sequence_id, status, count in session.execute(
            select(Enrollment.sequence_id, Enrollment.status, func.count())
            .where(Enrollment.sequence_id.in_(ids))
            .group_by(Enrollment.sequence_id, Enrollment.status)
        ):
            counts[sequence_id][status] = int(count)
    return [
        SequenceData(
            id=seq.id,
            name=seq.name,
            account=account,
            steps=tuple(steps[seq.id]),
            window=seq.window,
            window_text=format_window(seq.window),
            exit_on=tuple(seq.exit_on or ()),
            transactional=seq.transactional,
            enabled=seq.enabled,
            active=counts[seq.id].get("active", 0),
            completed=counts[seq.id].get("completed", 0),
            exited=counts[seq.id].get("exited", 0),
            created_at=seq.created_at,
            updated_at=seq.updated_at,
        )
        for seq, account in rows
    ]


def list_sequences(db: Database) -> list[SequenceData]:
    """Every sequence, by name, with its steps and the counts of its enrollments."""
    with db.session() as s:
        return _load(s)


def get_sequence(db: Database, name: str) -> SequenceData:
    with db.session() as s:
        found = _load(s, Sequence.name == name)
    if not found:
        raise NotFound("No sequence named {name!r}.", name=name)
    return found[0]


def _find(session: Session, name: str) -> Sequence:
    sequence = session.scalar(select(Sequence).where(Sequence.name == name))
    if sequence is None:
        raise NotFound("No sequence named {name!r}.", name=name)
    return sequence


def _steps(session: Session, sequence_id: int) -> list[SequenceStep]:
    return list(
        session.scalars(
            select(SequenceStep)
            .where(SequenceStep.sequence_id == sequence_id)
            .order_by(SequenceStep.position, SequenceStep.id)
        )
    )


def list_enrollments(db: Database, name: str, limit: int | None = None) -> list[EnrollmentRow]:
    """The contacts enrolled in a sequence and where each stands, latest enrolled first."""
    with db.session() as s:
        sequence = _find(s, name)
        steps = s.execute(
            select(SequenceStep.id, Template.name)
            .join(Template, Template.id == SequenceStep.template_id)
            .where(SequenceStep.sequence_id == sequence.id)
            .order_by(SequenceStep.position, SequenceStep.id)
        ).all()
        sent = (
            select(func.count())
            .select_from(Message)
            .where(Message.enrollment_id == Enrollment.id, Message.step_id.is_not(None))
            .scalar_subquery()
        )
        stmt = (
            select(Enrollment, Contact.email, Contact.first_name, Contact.last_name, sent)
            .join(Contact, Contact.id == Enrollment.contact_id)
            .where(Enrollment.sequence_id == sequence.id)
            .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = s.execute(stmt).all()
    total = len(steps)
    result = []
    for enrollment, email, first, last, steps_sent in rows:
        index = min(enrollment.step_index, total)
        active = enrollment.status == "active"
        result.append(
            EnrollmentRow(
                email=email,
                name=" ".join(p for p in (first, last) if p),
                status=enrollment.status,
                step_index=index,
                steps_total=total,
                steps_sent=int(steps_sent or 0),
                next_template=steps[index][1] if active and index < total else "",
                next_run_at=enrollment.next_run_at if active else None,
                exit_reason=enrollment.exit_reason,
                enrolled_at=enrollment.enrolled_at,
                finished_at=enrollment.finished_at,
            )
        )
    return result


def next_due(db: Database) -> datetime | None:
    """When the next step of an active enrollment in an enabled sequence falls due."""
    with db.session() as s:
        return s.scalar(
            select(func.min(Enrollment.next_run_at))
            .join(Sequence, Sequence.id == Enrollment.sequence_id)
            .where(Enrollment.status == "active", Sequence.enabled.is_(True))
        )


# --- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    id: int | None
    template_id: int
    delay: str
    seconds: int


@dataclass(frozen=True)
class _Clean:
    name: str
    account: Account | None
    steps: list[_Step]
    window: dict[str, Any] | None
    exit_on: list[str]


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("A sequence name cannot be empty.")
    if len(name) > MAX_NAME:
        raise InvalidInput("A sequence name is limited to {max_len} characters.", max_len=MAX_NAME)
    return name


def _resolve_account(session: Session, name: str) -> Account:
    from app.sending.accounts import choose_account

    return choose_account(
        session,
        name,
        no_account=N_("Add a sending account first: a sequence sends through one."),
        several=N_(
            "Several sending accounts exist ({accounts}): choose the one this sequence sends "
            "through."
        ),
    )


def _clean(session: Session, data: SequenceInput, *, keep_account: bool) -> _Clean:
    name = _clean_name(data.name)
    account = (
        None
        if keep_account and not data.account.strip()
        else _resolve_account(session, data.account)
    )
    if not data.steps:
        raise InvalidInput("A sequence needs at least one step (a template and a delay).")
    if len(data.steps) > MAX_STEPS:
        raise InvalidInput("A sequence has at most {max} steps.", max=MAX_STEPS)
    templates: dict[str, int] = {}
    steps = []
    for step in data.steps:
        template = (step.template or "").strip()
        if template not in templates:
            found = session.scalar(select(Template.id).where(Template.name == template))
            if found is None:
                raise NotFound("No template named {name!r}.", name=template)
            templates[template] = found
        seconds = parse_duration(step.delay)
        steps.append(_Step(step.id, templates[template], format_duration(seconds), seconds))
    if isinstance(data.window, str):
        window = parse_window(data.window)
    else:
        window = validate_window(data.window)
    from app.automation.events import validate_event_name

    exit_on: list[str] = []
    for event in data.exit_on:
        event = validate_event_name(event)  # built-in names (unsubscribed...) are goals too
        if event not in exit_on:
            exit_on.append(event)
    return _Clean(name, account, steps, window, exit_on)


def _taken(session: Session, name: str, other_than: int | None = None) -> None:
    found = session.scalar(select(Sequence.id).where(Sequence.name == name))
    if found is not None and found != other_than:
        raise InvalidInput("A sequence named {name!r} already exists.", name=name)


def create_sequence(db: Database, data: SequenceInput) -> SequenceData:
    with db.session() as s:
        clean = _clean(s, data, keep_account=False)
        _taken(s, clean.name)
        assert clean.account is not None
        sequence = Sequence(
            name=clean.name,
            account_id=clean.account.id,
            window=clean.window,
            exit_on=clean.exit_on,
            transactional=bool(data.transactional),
            enabled=bool(data.enabled),
        )
        s.add(sequence)
        s.flush()
        for position, step in enumerate(clean.steps):
            s.add(
                SequenceStep(
                    sequence_id=sequence.id,
                    position=position,
                    template_id=step.template_id,
                    delay=step.delay,
                    delay_seconds=step.seconds,
                )
            )
    return get_sequence(db, clean.name)


def _match_steps(old: list[SequenceStep], new: list[_Step]) -> list[SequenceStep | None]:
    """For each new step, the old row it continues (None: a new row).

    An editor that knows step ids passes them: ids decide, and a step without one is new.
    Otherwise (the command line) a new step continues the first unused old step with the same
    template, else the unused old step at its position (a step whose template was replaced).
    """
    by_id = {row.id: row for row in old}
    used: set[int] = set()
    chosen: list[SequenceStep | None] = [None] * len(new)
    if any(step.id is not None for step in new):
        for i, step in enumerate(new):
            row = by_id.get(step.id) if step.id is not None else None
            if row is not None and row.id not in used:
                chosen[i] = row
                used.add(row.id)
        return chosen
    for i, step in enumerate(new):
        row = next((r for r in old if r.id not in used and r.template_id == step.template_id), None)
        if row is not None:
            chosen[i] = row
            used.add(row.id)
    for i in range(len(new)):
        if chosen[i] is None and i < len(old) and old[i].id not in used:
            chosen[i] = old[i]
            used.add(old[i].id)
    return chosen


def update_sequence(db: Database, name: str, data: SequenceInput) -> SequenceData:
    """Change a sequence (renaming it with ``data.name``); running enrollments keep what they
    were sent and go on with the steps not yet sent to them."""
    now = utcnow()
    with db.session() as s:
        sequence = _find(s, name)
        # Take the write lock first: the runner's advance_due waits, and sees the new steps.
        s.execute(update(Sequence).where(Sequence.id == sequence.id).values(updated_at=now))
        s.refresh(sequence)
        clean = _clean(s, data, keep_account=True)
        _taken(s, clean.name, other_than=sequence.id)
        active = list(
            s.scalars(
                select(Enrollment)
                .where(Enrollment.sequence_id == sequence.id, Enrollment.status == "active")
                .order_by(Enrollment.id)
                .with_for_update()
            )
        )
        sequence.name = clean.name
        if clean.account is not None:
            sequence.account_id = clean.account.id
        sequence.window = clean.window
        sequence.exit_on = clean.exit_on
        sequence.transactional = bool(data.transactional)
        sequence.enabled = bool(data.enabled)
        old = _steps(s, sequence.id)
        chosen = _match_steps(old, clean.steps)
        kept = {row.id for row in chosen if row is not None}
        for row in old:
            if row.id not in kept:
                s.delete(row)  # sent messages keep their history (step_id set to NULL)
        s.flush()
        rows: list[SequenceStep] = []
        for position, (row, step) in enumerate(zip(chosen, clean.steps, strict=True)):
            if row is None:
                row = SequenceStep(sequence_id=sequence.id)
                s.add(row)
            row.position = position
            row.template_id = step.template_id
            row.delay = step.delay
            row.delay_seconds = step.seconds
            rows.append(row)
        s.flush()
        _reschedule(s, sequence, rows, active, now)
    return get_sequence(db, clean.name)


def _reschedule(
    session: Session,
    sequence: Sequence,
    steps: list[SequenceStep],
    enrollments: list[Enrollment],
    now: datetime,
) -> None:
    """Put each active enrollment on the first step (in order) not yet sent to it."""
    if not enrollments:
        return
    sent: dict[int, set[int]] = defaultdict(set)
    for enrollment_id, step_id in session.execute(
        select(Message.enrollment_id, Message.step_id)
        .join(Enrollment, Enrollment.id == Message.enrollment_id)
        .where(
            Enrollment.sequence_id == sequence.id,
            Enrollment.status == "active",
            Message.step_id.is_not(None),
        )
    ):
        sent[enrollment_id].add(step_id)
    attributes: dict[int, dict[str, Any]] = {}
    if sequence.window and sequence.window.get("timezone", "contact") == "contact":
        attributes = dict(
            session.execute(
                select(Enrollment.id, Contact.attributes)
                .join(Contact, Contact.id == Enrollment.contact_id)
                .where(Enrollment.sequence_id == sequence.id, Enrollment.status == "active")
            ).all()
        )
    account = session.get(Account, sequence.account_id)
    settings = account.settings if account is not None else {}
    for enrollment in enrollments:
        done = sent.get(enrollment.id, set())
        index = _first_unsent(steps, done, 0)
        enrollment.step_index = index
        if index >= len(steps):
            _finish(enrollment, "completed", "", now)
            continue
        tz = zone_for(sequence.window, attributes.get(enrollment.id), settings)
        enrollment.next_run_at = _due(
            enrollment.anchor_at, steps[index].delay_seconds, sequence.window, tz
        )


def _first_unsent(steps: list[SequenceStep], sent: set[int], start: int) -> int:
    index = start
    while index < len(steps) and steps[index].id in sent:
        index += 1
    return index


def _finish(enrollment: Enrollment, status: str, reason: str, now: datetime) -> None:
    enrollment.status = status
    enrollment.exit_reason = reason[:200]
    enrollment.next_run_at = None
    enrollment.finished_at = now


def delete_sequence(db: Database, name: str) -> None:
    """Delete a sequence and its enrollments (refused while a rule enrolls contacts in it);
    its steps not yet sent are dropped from the outbox, sent messages stay in the history."""
    with db.session() as s:
        sequence = _find(s, name)
        rules = list(
            s.scalars(
                select(Rule.name)
                .join(RuleAction, RuleAction.rule_id == Rule.id)
                .where(RuleAction.sequence_id == sequence.id)
                .distinct()
                .order_by(Rule.name)
            )
        )
        if rules:
            raise InvalidInput(
                "The sequence {name!r} is used by the rules {rules}: delete them or change "
                "their action first.",
                name=sequence.name,
                rules=", ".join(repr(r) for r in rules),
            )
        enrollment_ids = select(Enrollment.id).where(Enrollment.sequence_id == sequence.id)
        s.execute(
            delete(Message)
            .where(Message.enrollment_id.in_(enrollment_ids), Message.status == "queued")
            .execution_options(synchronize_session=False)
        )
        s.delete(sequence)


def set_sequence_enabled(db: Database, name: str, enabled: bool) -> SequenceData:
    """Pause (nothing is sent; due steps wait) or resume a sequence."""
    with db.session() as s:
        sequence = _find(s, name)
        sequence.enabled = bool(enabled)
    return get_sequence(db, name)


# --- enrolling and leaving --------------------------------------------------------------------


def enroll(
    session: Session,
    sequence_id: int,
    contact_id: int,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> bool:
    """Enroll a contact, in the caller's transaction. False when the contact is already (or
    was) enrolled in it, may not receive it (marketing: not subscribed) or is gone."""
    now = now or utcnow()
    sequence = session.get(Sequence, sequence_id)
    contact = session.get(Contact, contact_id)
    if sequence is None or contact is None:
        return False
    if not outbox.may_receive(_kind(sequence), contact.status):
        return False
    first = session.scalar(
        select(SequenceStep.delay_seconds)
        .where(SequenceStep.sequence_id == sequence_id)
        .order_by(SequenceStep.position, SequenceStep.id)
        .limit(1)
    )
    if first is None:
        return False
    account = session.get(Account, sequence.account_id)
    tz = zone_for(sequence.window, contact.attributes, account.settings if account else None)
    values = {
        "sequence_id": sequence_id,
        "contact_id": contact_id,
        "status": "active",
        "step_index": 0,
        "anchor_at": now,
        "next_run_at": _due(now, first, sequence.window, tz),
        "exit_reason": "",
        "data": dict(data or {}),
        "enrolled_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    created = session.scalar(
        insert(Enrollment)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["sequence_id", "contact_id"])
        .returning(Enrollment.id)
    )
    return created is not None


def _contact_ids(session: Session, contacts: Iterable[str | int]) -> list[int]:
    from app.contacts.emails import InvalidEmail, normalise_email

    ids: list[int] = []
    for item in contacts:
        if isinstance(item, int):
            found = session.scalar(select(Contact.id).where(Contact.id == item))
        else:
            try:
                email = normalise_email(item)
            except InvalidEmail:
                email = item.strip().lower()
            found = session.scalar(select(Contact.id).where(Contact.email == email))
        if found is None:
            raise NotFound("No contact {contact!r}.", contact=item)
        if found not in ids:
            ids.append(found)
    return ids


def enroll_contacts(
    db: Database,
    name: str,
    contacts: Iterable[str | int],
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Enroll contacts (addresses or ids) in a sequence; returns how many were enrolled (those
    already enrolled or who may not receive it are left out). An unknown contact is an error
    and nobody is enrolled."""
    now = now or utcnow()
    with db.session() as s:
        sequence = _find(s, name)
        return sum(enroll(s, sequence.id, cid, data, now) for cid in _contact_ids(s, contacts))


def remove_from_sequence(
    db: Database, name: str, contacts: Iterable[str | int], now: datetime | None = None
) -> int:
    """Take contacts out of a sequence (exit reason ``removed``); returns how many were in it."""
    now = now or utcnow()
    with db.session() as s:
        sequence = _find(s, name)
        ids = _contact_ids(s, contacts)
        if not ids:
            return 0
        result = s.execute(
            update(Enrollment)
            .where(
                Enrollment.sequence_id == sequence.id,
                Enrollment.contact_id.in_(ids),
                Enrollment.status == "active",
            )
            .values(status="exited", exit_reason="removed", next_run_at=None, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def exit_for_event(
    session: Session, contact_id: int, event_name: str, now: datetime | None = None
) -> int:
    """A contact's event, in the caller's transaction: leave the sequences it is a goal of
    (reason ``goal:<event>``); ``unsubscribed`` also leaves every marketing sequence. Returns
    how many enrollments ended."""
    now = now or utcnow()
    rows = session.execute(
        select(Enrollment, Sequence.exit_on, Sequence.transactional)
        .join(Sequence, Sequence.id == Enrollment.sequence_id)
        .where(Enrollment.contact_id == contact_id, Enrollment.status == "active")
    ).all()
    ended = 0
    for enrollment, exit_on, transactional in rows:
        if event_name in (exit_on or ()):
            reason = f"goal:{event_name}"
        elif event_name == "unsubscribed" and not transactional:
            reason = "unsubscribed"
        else:
            continue
        _finish(enrollment, "exited", reason, now)
        ended += 1
    if ended:
        session.flush()
    return ended


# --- the runner -------------------------------------------------------------------------------


def advance_due(db: Database, *, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the due step of each due enrollment (at most ``limit``) and advance it; returns how
    many messages were queued. Each enrollment is its own transaction."""
    now = now or utcnow()
    with db.session() as s:
        ids = list(
            s.scalars(
                select(Enrollment.id)
                .join(Sequence, Sequence.id == Enrollment.sequence_id)
                .where(
                    Enrollment.status == "active",
                    Sequence.enabled.is_(True),
                    Enrollment.next_run_at <= now,
                )
                .order_by(Enrollment.next_run_at, Enrollment.id)
                .limit(limit)
            )
        )
    queued = 0
    for enrollment_id in ids:
        try:
            with db.session() as s:
                queued += _advance_one(s, enrollment_id, now)
        except IntegrityError:
            # The step is already in the outbox (the unique guard): another runner was first.
            log.warning("enrollment %d: step already queued, skipped", enrollment_id)
    if queued:
        log.info("sequences: %d step(s) queued", queued)
    return queued


def _advance_one(session: Session, enrollment_id: int, now: datetime) -> int:
    # A write first: it takes the lock (SQLite's write lock, PostgreSQL's row lock), then
    # everything read below is the latest committed state, and an edit waits for us.
    claimed = session.execute(
        update(Enrollment)
        .where(
            Enrollment.id == enrollment_id,
            Enrollment.status == "active",
            Enrollment.next_run_at <= now,
        )
        .values(step_index=Enrollment.step_index)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not claimed:
        return 0  # done, exited, rescheduled or deleted meanwhile
    enrollment = session.get(Enrollment, enrollment_id, populate_existing=True)
    assert enrollment is not None and enrollment.next_run_at is not None
    sequence = session.get(Sequence, enrollment.sequence_id, populate_existing=True)
    if sequence is None or not sequence.enabled:
        return 0
    contact = session.get(Contact, enrollment.contact_id)
    if contact is None:
        return 0  # deleted: the enrollment goes with it (ON DELETE CASCADE)
    kind = _kind(sequence)
    if not outbox.may_receive(kind, contact.status):
        _finish(enrollment, "exited", contact.status, now)
        return 0
    steps = _steps(session, sequence.id)
    sent = set(
        session.scalars(
            select(Message.step_id).where(
                Message.enrollment_id == enrollment.id, Message.step_id.is_not(None)
            )
        )
    )
    index = _first_unsent(steps, sent, enrollment.step_index)
    if index >= len(steps):
        enrollment.step_index = len(steps)
        _finish(enrollment, "completed", "", now)
        return 0
    account = session.get(Account, sequence.account_id)
    settings = account.settings if account is not None else {}
    tz = zone_for(sequence.window, contact.attributes, settings)
    step = steps[index]
    due = enrollment.next_run_at
    if index != enrollment.step_index:
        # The step it was due for is already in the outbox: the next one counts from the anchor.
        enrollment.step_index = index
        due = _due(enrollment.anchor_at, step.delay_seconds, sequence.window, tz)
        if due > now:
            enrollment.next_run_at = due
            return 0
    if sequence.window:
        opens = next_open(now, sequence.window, tz)
        if opens > now:
            # Due while the window was closed (a pause, the computer off): wait for it to open.
            enrollment.next_run_at = opens
            return 0
    outbox.queue_message(
        session,
        kind=kind,
        account_id=sequence.account_id,
        contact_id=contact.id,
        email=contact.email,
        template_id=step.template_id,
        enrollment_id=enrollment.id,
        step_id=step.id,
        data=enrollment.data or None,
    )
    following = _first_unsent(steps, sent | {step.id}, index + 1)
    enrollment.anchor_at = due
    enrollment.step_index = following
    if following >= len(steps):
        _finish(enrollment, "completed", "", now)
    else:
        enrollment.next_run_at = _due(due, steps[following].delay_seconds, sequence.window, tz)
    return 1
