"""Rules: when an event happens to a contact (or a date comes), do actions (DESIGN §5).

A rule is a trigger, an optional segment filter, actions and an optional per-contact frequency
cap. Triggers:

- ``contact_created``, ``unsubscribed``;
- ``email_opened``, ``link_clicked`` (first open of a message, first click on a link of it) and
  ``form_signup`` (a signup form's subscription, once confirmed), from the tracking relay;
- ``tag_added`` / ``list_added``, for one tag or list (``trigger_param``) or any;
- a custom event name (``signup``, ``order.paid``) from ``facteur events emit`` or the relay;
- ``date`` on a date attribute (``trigger_param``), N days before (negative ``offset_days``) or
  after it, at a local hour (Europe/Paris), optionally every year; ``birthday`` is a yearly date
  trigger on the attribute ``birthday``.

Actions (``RULE_ACTIONS``): send a template (marketing, or transactional: that also reaches
contacts who unsubscribed from marketing, never bounced or complained addresses), enroll in a
sequence, add or remove a tag, add to a list. Event data is kept on the queued message for
``data.<key>`` in the template.

Each firing is recorded in ``rule_firing``, unique per rule, contact and occurrence
(``event:<id>`` or ``date:<YYYY-MM-DD>``): a rule fires once per event or date whatever restarts
happen, and the frequency cap counts the ``done`` firings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.automation.events import (
    BUILTIN_EVENTS,
    DATE_TRIGGERS,
    apply_safely,
    begin_write,
    record_builtin,
    validate_event_name,
)
from app.db import Database
from app.db.models import (
    RULE_ACTIONS,
    Account,
    Contact,
    ContactList,
    ContactTag,
    ListMembership,
    Rule,
    RuleAction,
    RuleFiring,
    Sequence,
    Tag,
    Template,
)
from app.db.types import utcnow
from app.errors import N_, FacteurError, InvalidInput, NotFound

log = logging.getLogger("facteur.automation.rules")

TRIGGERS = (*BUILTIN_EVENTS, *DATE_TRIGGERS)  # besides custom event names
OUTCOMES = ("done", "capped", "filtered", "failed")
# Dates are read in the business's timezone: "at 9:00 on their birthday" is 9:00 in France.
DATE_TIMEZONE = ZoneInfo("Europe/Paris")
MAX_NAME = 200
MAX_OFFSET_DAYS = 3650
_DATE_CHUNK = 200  # date firings per transaction


@dataclass
class ActionInput:
    """One action of a rule, by names: ``send`` (template, account), ``enroll`` (sequence),
    ``add_tag`` / ``remove_tag`` (name: the tag), ``add_to_list`` (name: the list)."""

    kind: str
    template: str = ""
    account: str = ""  # send: empty = the only account, when there is exactly one
    sequence: str = ""
    name: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "template": self.template,
            "account": self.account,
            "sequence": self.sequence,
            "name": self.name,
        }


@dataclass
class RuleInput:
    """Values for creating or replacing a rule (the GUI's rule editor, ``rules create``)."""

    name: str
    trigger: str
    trigger_param: str = ""
    filter: dict[str, Any] | None = None
    actions: list[ActionInput] = field(default_factory=list)
    transactional: bool = False
    frequency_cap: str = ""  # ISO-8601 duration ("P1D"); "" = no cap
    offset_days: int = 0  # date triggers: negative = before the date
    hour: int = 9  # date triggers: local hour (Europe/Paris) from which it fires that day
    yearly: bool = False  # date triggers: every year on the anniversary
    enabled: bool = True


@dataclass(frozen=True)
class RuleData:
    """A rule as the GUI and the CLI show it: names rather than ids, and how often it fired."""

    id: int
    name: str
    trigger: str
    trigger_param: str
    filter: dict[str, Any] | None
    actions: tuple[ActionInput, ...]
    transactional: bool
    frequency_cap: str
    frequency_cap_seconds: int | None
    offset_days: int
    hour: int
    yearly: bool
    enabled: bool
    created_at: datetime
    updated_at: datetime
    firings: int  # "done" firings
    last_fired_at: datetime | None
    failures: int = 0

    @property
    def is_date_trigger(self) -> bool:
        return self.trigger in DATE_TRIGGERS

    @property
    def on(self) -> str:
        """The trigger as ``--on`` takes it: ``tag_added:vip``, ``date:renewal``, ``signup``."""
        return format_trigger(self.trigger, self.trigger_param)

    def to_input(self) -> RuleInput:
        return RuleInput(
            name=self.name,
            trigger=self.trigger,
            trigger_param=self.trigger_param,
            filter=self.filter,
            actions=[ActionInput(**a.to_json()) for a in self.actions],
            transactional=self.transactional,
            frequency_cap=self.frequency_cap,
            offset_days=self.offset_days,
            hour=self.hour,
            yearly=self.yearly,
            enabled=self.enabled,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "on": self.on,
            "trigger": self.trigger,
            "trigger_param": self.trigger_param,
            "filter": self.filter,
            "actions": [a.to_json() for a in self.actions],
            "transactional": self.transactional,
            "cap": self.frequency_cap,
            "enabled": self.enabled,
            "firings": self.firings,
            "failures": self.failures,
            "last_fired_at": self.last_fired_at.isoformat() if self.last_fired_at else None,
            "created_at": self.created_at.isoformat(),
        }
        if self.is_date_trigger:
            data.update(offset_days=self.offset_days, hour=self.hour, yearly=self.yearly)
        return data


@dataclass(frozen=True)
class Firing:
    """What applying a rule to a contact did: ``done``, ``capped``, ``filtered``, or
    ``duplicate`` (this occurrence already fired) / ``missing`` (the contact is gone)."""

    outcome: str
    queued: int = 0


# --- triggers -----------------------------------------------------------------------------------


def parse_trigger(text: str) -> tuple[str, str]:
    """``--on`` text -> (trigger, param): ``tag_added:vip`` -> ``("tag_added", "vip")``,
    ``birthday`` -> ``("birthday", "birthday")``, ``signup`` -> ``("signup", "")``."""
    raw = (text or "").strip()
    name, sep, param = raw.partition(":")
    name, param = name.strip(), param.strip()
    if name in ("tag_added", "list_added", "date", "birthday"):
        if name == "birthday" and not param:
            param = "birthday"
        return name, param
    if name in BUILTIN_EVENTS:
        if sep:
            raise InvalidInput("The trigger {trigger!r} takes no parameter.", trigger=name)
        return name, ""
    return validate_event_name(raw), ""


def format_trigger(trigger: str, param: str) -> str:
    if trigger == "birthday" and param == "birthday":
        return "birthday"
    return f"{trigger}:{param}" if param else trigger


def _clean_attribute(name: str) -> str:
    from app.contacts.segments import validate_rule

    attribute = (name or "").strip()
    if not attribute:
        raise InvalidInput(
            "A date trigger needs the attribute holding the date, as in date:renewal."
        )
    try:
        validate_rule({"field": f"attributes.{attribute}", "op": "is_set"})
    except InvalidInput:
        raise InvalidInput("{name!r} is not a valid attribute name.", name=attribute) from None
    return attribute


# --- reading ------------------------------------------------------------------------------------


def _names(session: Session, model: Any) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(model.id, model.name))}


def _load(session: Session, where: Any = None) -> list[RuleData]:
    stmt = select(Rule).order_by(func.lower(Rule.name), Rule.id)
    if where is not None:
        stmt = stmt.where(where)
    rules = session.scalars(stmt).all()
    if not rules:
        return []
    ids = [r.id for r in rules]
    templates, accounts = _names(session, Template), _names(session, Account)
    sequences = _names(session, Sequence)
    stats: dict[int, tuple[int, datetime | None, int]] = {}
    done = RuleFiring.outcome == "done"
    for rule_id, count, last, failed in session.execute(
        select(
            RuleFiring.rule_id,
            func.count().filter(done),
            func.max(RuleFiring.fired_at).filter(done),
            func.count().filter(RuleFiring.outcome == "failed"),
        )
        .where(RuleFiring.rule_id.in_(ids))
        .group_by(RuleFiring.rule_id)
    ):
        stats[rule_id] = (int(count), last, int(failed))
    result = []
    for rule in rules:
        options = rule.trigger_options or {}
        count, last, failed = stats.get(rule.id, (0, None, 0))
        if last is not None and last.tzinfo is None:  # SQLite: an aggregate comes back naive
            last = last.replace(tzinfo=UTC)
        result.append(
            RuleData(
                id=rule.id,
                name=rule.name,
                trigger=rule.trigger,
                trigger_param=rule.trigger_param,
                filter=rule.filter,
                actions=tuple(
                    ActionInput(
                        kind=a.kind,
                        template=templates.get(a.template_id, "") if a.template_id else "",
                        account=accounts.get(a.account_id, "") if a.account_id else "",
                        sequence=sequences.get(a.sequence_id, "") if a.sequence_id else "",
                        name=a.name,
                    )
                    for a in rule.actions
                ),
                transactional=rule.transactional,
                frequency_cap=_format_cap(rule.frequency_cap_seconds),
                frequency_cap_seconds=rule.frequency_cap_seconds,
                offset_days=int(options.get("offset_days", 0)),
                hour=int(options.get("hour", 9)),
                yearly=bool(options.get("yearly", False)),
                enabled=rule.enabled,
                created_at=rule.created_at,
                updated_at=rule.updated_at,
                firings=count,
                last_fired_at=last,
                failures=failed,
            )
        )
    return result


def _format_cap(seconds: int | None) -> str:
    if not seconds:
        return ""
    from app.automation.durations import format_duration

    return format_duration(seconds)


def list_rules(db: Database) -> list[RuleData]:
    """Every rule, by name."""
    with db.session() as s:
        return _load(s)


def get_rule(db: Database, name: str) -> RuleData:
    with db.session() as s:
        found = _load(s, Rule.name == (name or "").strip())
    if not found:
        raise NotFound("No rule named {name!r}.", name=name)
    return found[0]


def _find(session: Session, name: str) -> Rule:
    rule = session.scalar(select(Rule).where(Rule.name == (name or "").strip()))
    if rule is None:
        raise NotFound("No rule named {name!r}.", name=name)
    return rule


# --- writing ------------------------------------------------------------------------------------


@dataclass
class _Clean:
    name: str
    trigger: str
    param: str
    options: dict[str, Any]
    filter: dict[str, Any] | None
    actions: list[RuleAction]
    transactional: bool
    cap: int | None
    enabled: bool


def _clean_name(name: str) -> str:
    text = (name or "").strip()
    if not text:
        raise InvalidInput("A rule name cannot be empty.")
    if len(text) > MAX_NAME:
        raise InvalidInput("A rule name is limited to {max_len} characters.", max_len=MAX_NAME)
    return text


def _clean_cap(text: str) -> int | None:
    from app.automation.durations import parse_duration

    raw = (text or "").strip()
    if not raw:
        return None
    try:
        seconds = parse_duration(raw)
    except InvalidInput:
        raise InvalidInput(
            "The frequency cap {text!r} is not an ISO-8601 duration: use for example PT12H, "
            "P1D or P7D (months and years are not accepted).",
            text=raw,
        ) from None
    return seconds or None


HOUR_NOT_A_NUMBER = N_("The hour must be a whole number (not {value!r}).")
DAYS_NOT_A_NUMBER = N_("The number of days must be a whole number (not {value!r}).")


def _int(value: Any, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(message, value=value)
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(message, value=value) from None


def _account_for(session: Session, name: str) -> Account:
    from app.sending.accounts import choose_account

    return choose_account(
        session,
        name,
        no_account=N_("Add a sending account first: a rule's mail is sent through one."),
        several=N_(
            "Several sending accounts exist ({accounts}): choose the one this rule sends through."
        ),
    )


def _clean_action(session: Session, position: int, action: ActionInput) -> RuleAction:
    from app.contacts.service import validate_name

    kind = (action.kind or "").strip()
    if kind not in RULE_ACTIONS:
        raise InvalidInput(
            "Unknown action {kind!r}: use one of {choices}.",
            kind=action.kind,
            choices=", ".join(RULE_ACTIONS),
        )
    row = RuleAction(position=position, kind=kind, name="")
    if kind == "send":
        template_name = (action.template or "").strip()
        if not template_name:
            raise InvalidInput("A send action needs a template.")
        template_id = session.scalar(select(Template.id).where(Template.name == template_name))
        if template_id is None:
            raise NotFound("No template named {name!r}.", name=template_name)
        row.template_id = template_id
        row.account_id = _account_for(session, action.account or "").id
    elif kind == "enroll":
        sequence_name = (action.sequence or "").strip()
        if not sequence_name:
            raise InvalidInput("An enroll action needs a sequence.")
        sequence_id = session.scalar(select(Sequence.id).where(Sequence.name == sequence_name))
        if sequence_id is None:
            raise NotFound("No sequence named {name!r}.", name=sequence_name)
        row.sequence_id = sequence_id
    elif kind in ("add_tag", "remove_tag"):
        row.name = validate_name("tag", action.name or "")
    else:  # add_to_list
        list_name = validate_name("list", action.name or "", 200)
        if session.scalar(select(ContactList.id).where(ContactList.name == list_name)) is None:
            raise NotFound("No list named {name!r}.", name=list_name)
        row.name = list_name
    return row


def _clean(session: Session, data: RuleInput) -> _Clean:
    from app.contacts.segments import validate_rule

    name = _clean_name(data.name)
    trigger = (data.trigger or "").strip()
    param = (data.trigger_param or "").strip()
    options: dict[str, Any] = {}
    if trigger in DATE_TRIGGERS:
        param = _clean_attribute(param or ("birthday" if trigger == "birthday" else ""))
        hour = _int(data.hour, HOUR_NOT_A_NUMBER)
        if not 0 <= hour <= 23:
            raise InvalidInput("The hour must be between 0 and 23, not {hour}.", hour=hour)
        offset = _int(data.offset_days, DAYS_NOT_A_NUMBER)
        if abs(offset) > MAX_OFFSET_DAYS:
            raise InvalidInput(
                "A date trigger fires at most {days} days before or after the date.",
                days=MAX_OFFSET_DAYS,
            )
        yearly = bool(data.yearly) or trigger == "birthday"
        options = {"offset_days": offset, "hour": hour, "yearly": yearly}
    elif trigger in ("tag_added", "list_added"):
        if (
            trigger == "list_added"
            and param
            and session.scalar(select(ContactList.id).where(ContactList.name == param)) is None
        ):
            raise NotFound("No list named {name!r}.", name=param)
    elif trigger in BUILTIN_EVENTS:
        if param:
            raise InvalidInput("The trigger {trigger!r} takes no parameter.", trigger=trigger)
    else:
        trigger = validate_event_name(trigger)
        if param:
            raise InvalidInput("The trigger {trigger!r} takes no parameter.", trigger=trigger)
    flt = data.filter or None
    if flt is not None:
        validate_rule(flt)
    if not data.actions:
        raise InvalidInput(
            "A rule needs at least one action: send a template, enroll in a sequence, add or "
            "remove a tag, or add to a list."
        )
    actions = [_clean_action(session, i, a) for i, a in enumerate(data.actions)]
    return _Clean(
        name=name,
        trigger=trigger,
        param=param,
        options=options,
        filter=flt,
        actions=actions,
        transactional=bool(data.transactional),
        cap=_clean_cap(data.frequency_cap),
        enabled=bool(data.enabled),
    )


def _taken(session: Session, name: str, other_than: int | None = None) -> None:
    found = session.scalar(select(Rule.id).where(Rule.name == name))
    if found is not None and found != other_than:
        raise InvalidInput("A rule named {name!r} already exists.", name=name)


def _store(rule: Rule, clean: _Clean) -> None:
    rule.name = clean.name
    rule.trigger = clean.trigger
    rule.trigger_param = clean.param
    rule.trigger_options = clean.options
    rule.filter = clean.filter
    rule.transactional = clean.transactional
    rule.frequency_cap_seconds = clean.cap
    rule.enabled = clean.enabled
    rule.actions = clean.actions


def create_rule(db: Database, data: RuleInput) -> RuleData:
    with db.session() as s:
        clean = _clean(s, data)
        _taken(s, clean.name)
        now = utcnow()
        rule = Rule(created_at=now, updated_at=now)
        _store(rule, clean)
        s.add(rule)
    return get_rule(db, clean.name)


def update_rule(db: Database, name: str, data: RuleInput) -> RuleData:
    """Replace a rule (renaming it when ``data.name`` differs); its firing history stays, so
    the frequency cap keeps counting."""
    with db.session() as s:
        rule = _find(s, name)
        clean = _clean(s, data)
        _taken(s, clean.name, rule.id)
        _store(rule, clean)
        rule.updated_at = utcnow()
    return get_rule(db, clean.name)


def delete_rule(db: Database, name: str) -> None:
    """Delete a rule and its firing history (messages it queued stay in the history)."""
    with db.session() as s:
        rule = _find(s, name)
        s.execute(delete(Rule).where(Rule.id == rule.id))


def set_rule_enabled(db: Database, name: str, enabled: bool) -> RuleData:
    """Pause (``False``) or resume a rule. Events that happen while it is paused are not
    applied to it later."""
    with db.session() as s:
        rule = _find(s, name)
        rule.enabled = bool(enabled)
        rule.updated_at = utcnow()
        rule_name = rule.name
    return get_rule(db, rule_name)


# --- applying -----------------------------------------------------------------------------------


def apply(
    session: Session,
    rule: Rule,
    contact_id: int,
    *,
    occurrence: str,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Firing:
    """Apply ``rule`` to a contact for one occurrence, in the caller's transaction.

    The filter (the segment condition on this contact), then the frequency cap (a ``done``
    firing of this rule for this contact within the cap: ``capped``), then the actions. The
    firing is recorded whatever the outcome; an occurrence that already fired does nothing.
    Errors propagate (the caller applies each rule in a savepoint): nothing of the rule stays.
    """
    now = now or utcnow()
    contact = session.get(Contact, contact_id)
    if contact is None:
        return Firing("missing")
    already = session.scalar(
        select(RuleFiring.id).where(
            RuleFiring.rule_id == rule.id,
            RuleFiring.contact_id == contact_id,
            RuleFiring.occurrence == occurrence,
        )
    )
    if already is not None:
        return Firing("duplicate")
    outcome = "done"
    if rule.filter:
        from app.contacts.segments import compile_rule

        match = session.scalar(
            select(Contact.id).where(Contact.id == contact_id, compile_rule(rule.filter))
        )
        if match is None:
            outcome = "filtered"
    if outcome == "done" and rule.frequency_cap_seconds:
        since = now - timedelta(seconds=rule.frequency_cap_seconds)
        recent = session.scalar(
            select(RuleFiring.id)
            .where(
                RuleFiring.rule_id == rule.id,
                RuleFiring.contact_id == contact_id,
                RuleFiring.outcome == "done",
                RuleFiring.fired_at > since,
            )
            .limit(1)
        )
        if recent is not None:
            outcome = "capped"
    session.add(
        RuleFiring(
            rule_id=rule.id,
            contact_id=contact_id,
            occurrence=occurrence[:64],
            outcome=outcome,
            fired_at=now,
        )
    )
    session.flush()
    if outcome != "done":
        return Firing(outcome)
    queued = 0
    for action in rule.actions:
        queued += _act(session, rule, action, contact, data or {}, now)
    return Firing("done", queued)


def _act(
    session: Session,
    rule: Rule,
    action: RuleAction,
    contact: Contact,
    data: dict[str, Any],
    now: datetime,
) -> int:
    from app.sending import outbox

    if action.kind == "send":
        if action.template_id is None or action.account_id is None:
            raise FacteurError(
                "The rule {name!r} sends no template: edit it and choose one.", name=rule.name
            )
        kind = "transactional" if rule.transactional else "automation"
        if not outbox.may_receive(kind, contact.status):
            return 0
        outbox.queue_message(
            session,
            kind=kind,
            account_id=action.account_id,
            contact_id=contact.id,
            email=contact.email,
            template_id=action.template_id,
            rule_id=rule.id,
            data=data or None,
        )
        return 1
    if action.kind == "enroll":
        from app.automation import sequences

        if action.sequence_id is None:
            raise FacteurError(
                "The rule {name!r} enrolls in no sequence: edit it and choose one.",
                name=rule.name,
            )
        sequences.enroll(session, action.sequence_id, contact.id, data=data, now=now)
        return 0
    if action.kind == "add_tag":
        add_tag(session, contact.id, action.name, source="rule")
        return 0
    if action.kind == "remove_tag":
        tag_id = session.scalar(select(Tag.id).where(Tag.name == action.name))
        if tag_id is not None:
            session.execute(
                delete(ContactTag).where(
                    ContactTag.contact_id == contact.id, ContactTag.tag_id == tag_id
                )
            )
        return 0
    if action.kind == "add_to_list":
        add_to_list(session, contact.id, action.name, source="rule")
        return 0
    raise FacteurError("Unknown action {kind!r}.", kind=action.kind)


def add_tag(session: Session, contact_id: int, name: str, *, source: str = "app") -> bool:
    """Tag a contact in the caller's transaction (the tag is created when missing); records
    ``tag_added`` when the tag is new to the contact. Returns whether it was."""
    from app.contacts.service import ensure_tags

    tag_id = ensure_tags(session, [name])[0]
    have = session.scalar(
        select(ContactTag.tag_id).where(
            ContactTag.contact_id == contact_id, ContactTag.tag_id == tag_id
        )
    )
    if have is not None:
        return False
    session.execute(insert(ContactTag).values(contact_id=contact_id, tag_id=tag_id))
    tag_name = session.scalar(select(Tag.name).where(Tag.id == tag_id)) or name
    record_builtin(session, "tag_added", [contact_id], data={"tag": tag_name}, source=source)
    return True


def add_to_list(session: Session, contact_id: int, name: str, *, source: str = "app") -> bool:
    """Add a contact to an existing list in the caller's transaction; records ``list_added``
    when the contact was not in it. A contact who unsubscribed from the list stays out."""
    list_id = session.scalar(select(ContactList.id).where(ContactList.name == name.strip()))
    if list_id is None:
        raise NotFound("No list named {name!r}.", name=name)
    have = session.scalar(
        select(ListMembership.list_id).where(
            ListMembership.contact_id == contact_id, ListMembership.list_id == list_id
        )
    )
    if have is not None:
        return False
    session.execute(
        insert(ListMembership).values(
            list_id=list_id, contact_id=contact_id, status="subscribed", subscribed_at=utcnow()
        )
    )
    record_builtin(session, "list_added", [contact_id], data={"list": name.strip()}, source=source)
    return True


# --- date triggers ------------------------------------------------------------------------------


def parse_date_text(value: Any) -> date | None:
    """A date attribute as segments read it: ``2026-05-03`` (or a date-time) or ``03/05/2026``."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date_patterns(base: date, yearly: bool) -> list[str]:
    """LIKE patterns of the texts that may hold a matching date (checked again in Python)."""
    days = [(base.month, base.day)]
    if yearly and (base.month, base.day) == (2, 28) and not _leap(base.year):
        days.append((2, 29))  # born on Feb 29: celebrated on Feb 28 in other years
    patterns = []
    for month, day in days:
        year = "____" if yearly else f"{base.year:04d}"
        patterns += [f"{year}-{month:02d}-{day:02d}%", f"{day:02d}/{month:02d}/{year}%"]
    return patterns


def _matches(found: date, base: date, yearly: bool) -> bool:
    if not yearly:
        return found == base
    if (found.month, found.day) == (base.month, base.day):
        return True
    return (
        (found.month, found.day) == (2, 29)
        and (base.month, base.day) == (2, 28)
        and not _leap(base.year)
    )


def date_candidates(session: Session, attribute: str, base: date, yearly: bool) -> dict[int, date]:
    """Contacts whose ``attribute`` is ``base`` (``yearly``: whose anniversary it is).

    Filtered in SQL on text patterns of the two accepted formats (one pass over the table, few
    rows back), then parsed in Python.
    """
    value = func.trim(Contact.attributes[attribute].as_string())
    rows = session.execute(
        select(Contact.id, value).where(or_(*(value.like(p) for p in _date_patterns(base, yearly))))
    )
    found: dict[int, date] = {}
    for contact_id, text in rows:
        parsed = parse_date_text(text)
        if parsed is not None and _matches(parsed, base, yearly):
            found[contact_id] = parsed
    return found


def check_date_triggers(db: Database, *, now: datetime | None = None) -> int:
    """Fire the date rules due today (Europe/Paris) from their hour; returns messages queued.

    For each enabled ``date``/``birthday`` rule whose hour has come, the contacts whose target
    date (the attribute's date, or this year's anniversary when yearly, plus ``offset_days``) is
    today fire once, with occurrence ``date:<today>``: a runner off at the hour catches up later
    the same day, never on a later day.
    """
    now = now or utcnow()
    local = now.astimezone(DATE_TIMEZONE)
    today = local.date()
    occurrence = f"date:{today.isoformat()}"
    with db.session() as s:
        rules = [
            (r.id, r.trigger_param, dict(r.trigger_options or {}))
            for r in s.scalars(
                select(Rule)
                .where(Rule.enabled.is_(True), Rule.trigger.in_(DATE_TRIGGERS))
                .order_by(Rule.id)
            )
        ]
    queued = 0
    for rule_id, attribute, options in rules:
        if local.hour < int(options.get("hour", 9)):
            continue
        base = today - timedelta(days=int(options.get("offset_days", 0)))
        yearly = bool(options.get("yearly", False))
        with db.session() as s:
            candidates = date_candidates(s, attribute, base, yearly)
            if not candidates:
                continue
            fired = set(
                s.scalars(
                    select(RuleFiring.contact_id).where(
                        RuleFiring.rule_id == rule_id, RuleFiring.occurrence == occurrence
                    )
                )
            )
        todo = [(cid, d) for cid, d in candidates.items() if cid not in fired]
        for start in range(0, len(todo), _DATE_CHUNK):
            chunk = todo[start : start + _DATE_CHUNK]
            queued += _fire_dates(db, rule_id, attribute, base, chunk, occurrence, now)
    return queued


def _fire_dates(
    db: Database,
    rule_id: int,
    attribute: str,
    base: date,
    contacts: Iterable[tuple[int, date]],
    occurrence: str,
    now: datetime,
) -> int:
    queued = 0
    with db.session() as s:
        begin_write(s)
        rule = s.get(Rule, rule_id)
        if rule is None or not rule.enabled:
            return 0
        for contact_id, found in contacts:
            data = {"date": base.isoformat(), "attribute": attribute, "value": found.isoformat()}
            queued += apply_safely(s, rule, contact_id, occurrence, data, now)
    return queued
