"""Contact, tag and list operations. Each opens a short session and returns plain dataclasses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.automation.events import record_builtin
from app.contacts.emails import InvalidEmail, normalise_email
from app.db import Database
from app.db.models import (
    CONTACT_STATUSES,
    Contact,
    ContactList,
    ContactTag,
    ListMembership,
    Segment,
    Tag,
)
from app.db.types import utcnow
from app.errors import N_, InvalidInput, NotFound

TEXT_FIELDS = ("first_name", "last_name", "company", "phone", "locale")
# Columns the contacts table can sort by, in SQL.
SORTABLE = (
    "email",
    "first_name",
    "last_name",
    "company",
    "phone",
    "status",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class ContactData:
    """A contact as the UI and the CLI see it."""

    id: int
    email: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    phone: str = ""
    locale: str = ""
    status: str = "subscribed"
    attributes: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    consent_at: datetime | None = None
    consent_source: str = ""
    consent_text: str = ""
    consent_ip: str = ""
    tracking_consent: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_activity_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``contacts list --json`` shape (a contract)."""
        return {
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "company": self.company,
            "status": self.status,
            "tags": self.tags,
            "lists": self.lists,
            "attributes": self.attributes,
        }


@dataclass
class ContactInput:
    """Values for creating or editing a contact. ``None`` leaves a field unchanged on edit."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    phone: str | None = None
    locale: str | None = None
    status: str | None = None
    attributes: dict[str, Any] | None = None
    tags: list[str] | None = None
    lists: list[str] | None = None
    consent_source: str | None = None
    consent_text: str | None = None
    consent_ip: str | None = None
    tracking_consent: bool | None = None


@dataclass(frozen=True)
class NamedCount:
    """A tag, list or segment with the number of contacts in it."""

    id: int
    name: str
    count: int


@dataclass(frozen=True)
class ContactQuery:
    """What the contacts table, ``contacts list`` and exports show: filters and order."""

    search: str = ""
    list_name: str | None = None
    tag: str | None = None
    segment: str | None = None
    rule: dict[str, Any] | None = None  # an unsaved segment rule (the rule builder's preview)
    status: str | None = None
    order_by: str = "email"
    descending: bool = False


# Messages naming a kind of thing: one template per kind, so a translation never mixes in an
# English noun.
_EMPTY_NAME = {
    "tag": N_("A tag name cannot be empty."),
    "list": N_("A list name cannot be empty."),
    "segment": N_("A segment name cannot be empty."),
}
_LONG_NAME = {
    "tag": N_("A tag name is limited to {max_len} characters."),
    "list": N_("A list name is limited to {max_len} characters."),
    "segment": N_("A segment name is limited to {max_len} characters."),
}
_NO_SUCH = {
    "tag": N_("No tag named {name!r}."),
    "list": N_("No list named {name!r}."),
    "segment": N_("No segment named {name!r}."),
}
_TAKEN = {
    "tag": N_("A tag named {name!r} already exists."),
    "list": N_("A list named {name!r} already exists."),
    "segment": N_("A segment named {name!r} already exists."),
}
_DUPLICATE_EMAIL = N_("A contact with the address {email} already exists.")


# --- validation ---------------------------------------------------------------------------


def validate_status(status: str) -> str:
    if status not in CONTACT_STATUSES:
        raise InvalidInput(
            "Unknown status {status!r}: use one of {choices}.",
            status=status,
            choices=", ".join(CONTACT_STATUSES),
        )
    return status


def validate_name(kind: str, name: str, max_len: int = 100) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput(_EMPTY_NAME[kind])
    if len(name) > max_len:
        raise InvalidInput(_LONG_NAME[kind], max_len=max_len)
    return name


def _clean_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in attributes.items():
        key = str(key).strip()
        if not key:
            raise InvalidInput("An attribute name cannot be empty.")
        clean[key] = value
    return clean


# --- queries ------------------------------------------------------------------------------


def filtered_ids(session: Session, query: ContactQuery) -> Select[tuple[int]]:
    """The SELECT of contact ids matching ``query``, in its order. Filtering is done in SQL."""
    from app.contacts.segments import compile_rule, get_segment_rule

    stmt = select(Contact.id)
    if query.search.strip():
        pattern = f"%{_escape_like(query.search.strip().lower())}%"
        stmt = stmt.where(
            or_(
                *(
                    func.lower(col).like(pattern, escape="\\")
                    for col in (
                        Contact.email,
                        Contact.first_name,
                        Contact.last_name,
                        Contact.company,
                        Contact.phone,
                    )
                )
            )
        )
    if query.list_name is not None:
        lst = _get_by_name(session, ContactList, query.list_name, "list")
        # Only subscribed members, as in the list's count, ContactData.lists and segments.
        stmt = stmt.where(
            Contact.id.in_(
                select(ListMembership.contact_id).where(
                    ListMembership.list_id == lst.id, ListMembership.status == "subscribed"
                )
            )
        )
    if query.tag is not None:
        tag = _get_by_name(session, Tag, query.tag, "tag")
        stmt = stmt.where(
            Contact.id.in_(select(ContactTag.contact_id).where(ContactTag.tag_id == tag.id))
        )
    if query.segment is not None:
        stmt = stmt.where(compile_rule(get_segment_rule(session, query.segment)))
    if query.rule is not None:
        stmt = stmt.where(compile_rule(query.rule))
    if query.status is not None:
        stmt = stmt.where(Contact.status == validate_status(query.status))
    if query.order_by not in SORTABLE:
        raise InvalidInput("Cannot sort by {column!r}.", column=query.order_by)
    column = getattr(Contact, query.order_by)
    # Addresses are stored lower-cased: sorting them as they are uses the unique index.
    if query.order_by in ("first_name", "last_name", "company"):
        column = func.lower(column)
    order = column.desc() if query.descending else column.asc()
    tiebreak = Contact.id.desc() if query.descending else Contact.id.asc()
    return stmt.order_by(order, tiebreak)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def query_contact_ids(db: Database, query: ContactQuery) -> list[int]:
    """The ids of every matching contact, in order (the table model keeps only these)."""
    with db.session() as s:
        return list(s.scalars(filtered_ids(s, query)))


def count_contacts(db: Database, query: ContactQuery | None = None) -> int:
    with db.session() as s:
        if query is None:
            return s.scalar(select(func.count(Contact.id))) or 0
        sub = filtered_ids(s, query).order_by(None).subquery()
        return s.scalar(select(func.count()).select_from(sub)) or 0


# What a template sees as ``contact.<field>`` (and the sender's per-contact decisions).
_TEMPLATE_COLUMNS = (
    Contact.id,
    Contact.email,
    Contact.first_name,
    Contact.last_name,
    Contact.company,
    Contact.phone,
    Contact.locale,
    Contact.status,
    Contact.attributes,
    Contact.tracking_consent,
)


def template_contacts(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The contacts of ``ids`` as plain dicts for rendering templates, by id (missing: gone)."""
    names = [c.key for c in _TEMPLATE_COLUMNS]
    rows = session.execute(select(*_TEMPLATE_COLUMNS).where(Contact.id.in_(list(ids)))).all()
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def fetch_contacts(db: Database, ids: Sequence[int]) -> list[ContactData]:
    """The contacts with these ids, in the order given (missing ids are left out)."""
    if not ids:
        return []
    with db.session() as s:
        by_id = _load(s, ids)
    return [by_id[i] for i in ids if i in by_id]


def list_contacts(db: Database, query: ContactQuery | None = None) -> list[ContactData]:
    query = query or ContactQuery()
    with db.session() as s:
        ids = list(s.scalars(filtered_ids(s, query)))
        result: list[ContactData] = []
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            by_id = _load(s, chunk)
            result.extend(by_id[i] for i in chunk if i in by_id)
    return result


def _load(session: Session, ids: Sequence[int]) -> dict[int, ContactData]:
    """Contacts with their tag and list names, in three queries whatever the number of ids."""
    result: dict[int, ContactData] = {}
    tags: dict[int, list[str]] = {}
    lists: dict[int, list[str]] = {}
    for start in range(0, len(ids), 5000):
        chunk = list(ids[start : start + 5000])
        for cid, name in session.execute(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        for cid, name in session.execute(
            select(ListMembership.contact_id, ContactList.name)
            .join(ContactList, ContactList.id == ListMembership.list_id)
            .where(ListMembership.contact_id.in_(chunk), ListMembership.status == "subscribed")
            .order_by(ContactList.name)
        ):
            lists.setdefault(cid, []).append(name)
        for c in session.scalars(select(Contact).where(Contact.id.in_(chunk))):
            result[c.id] = _to_data(c, tags.get(c.id, []), lists.get(c.id, []))
    return result


# ContactData's fields read straight off the row; the others are built by _to_data.
_COPIED = tuple(
    f.name for f in dataclass_fields(ContactData) if f.name not in ("attributes", "tags", "lists")
)


def _to_data(c: Contact, tags: list[str], lists: list[str]) -> ContactData:
    return ContactData(
        **{name: getattr(c, name) for name in _COPIED},
        attributes=dict(c.attributes or {}),
        tags=tags,
        lists=lists,
    )


def get_contact(db: Database, email_or_id: str | int) -> ContactData:
    with db.session() as s:
        c = _find_contact(s, email_or_id)
        return _load(s, [c.id])[c.id]


def _find_contact(session: Session, email_or_id: str | int) -> Contact:
    if isinstance(email_or_id, int):
        contact = session.get(Contact, email_or_id)
    else:
        try:
            email = normalise_email(email_or_id)
        except InvalidEmail:
            # Stored before a stricter validation, or simply absent: either way, look it up.
            email = email_or_id.strip().lower()
        contact = session.scalar(select(Contact).where(Contact.email == email))
    if contact is None:
        raise NotFound("No contact {contact!r}.", contact=email_or_id)
    return contact


# --- changes ------------------------------------------------------------------------------


def add_contact(db: Database, data: ContactInput) -> ContactData:
    """Create a contact; its lists and tags are created when they do not exist."""
    with db.session() as s:
        contact = create_contact(s, data)
        return _load(s, [contact.id])[contact.id]


def create_contact(session: Session, data: ContactInput, *, source: str = "app") -> Contact:
    """Create a contact in the caller's transaction (``add_contact``; an event for an unknown
    address). Records ``contact_created``, ``tag_added`` and ``list_added`` for automations."""
    if not data.email:
        raise InvalidInput("The email address is required.")
    email = normalise_email(data.email)
    now = utcnow()
    s = session
    if s.scalar(select(Contact.id).where(Contact.email == email)) is not None:
        raise InvalidInput(_DUPLICATE_EMAIL, email=email)
    contact = Contact(
        email=email,
        attributes={},
        created_at=now,
        updated_at=now,
        consent_at=now,
        consent_source=data.consent_source or "manual",
    )
    s.add(contact)
    changes = _apply(s, contact, data, creating=True)
    try:
        s.flush()
    except IntegrityError as exc:
        raise InvalidInput(_DUPLICATE_EMAIL, email=email) from exc
    _record_changes(s, contact.id, changes, created=True, source=source)
    return contact


def update_contact(db: Database, email_or_id: str | int, data: ContactInput) -> ContactData:
    """Edit a contact: fields left ``None`` are unchanged; ``tags``/``lists`` replace the sets."""
    with db.session() as s:
        contact = _find_contact(s, email_or_id)
        if data.email is not None:
            email = normalise_email(data.email)
            if email != contact.email:
                if s.scalar(select(Contact.id).where(Contact.email == email)) is not None:
                    raise InvalidInput(_DUPLICATE_EMAIL, email=email)
                contact.email = email
        changes = _apply(s, contact, data, creating=False)
        contact.updated_at = utcnow()
        s.flush()
        _record_changes(s, contact.id, changes, created=False)
        return _load(s, [contact.id])[contact.id]


@dataclass
class _Changes:
    """What an edit did that automations react to (built-in events)."""

    tags: list[str] = field(default_factory=list)  # tags newly on the contact
    lists: list[str] = field(default_factory=list)  # lists the contact newly joined
    unsubscribed: bool = False  # the status became "unsubscribed"


def _record_changes(
    s: Session, contact_id: int, changes: _Changes, *, created: bool, source: str = "app"
) -> None:
    """Built-in events of a contact's creation or edit (written only when something listens)."""
    if created:
        record_builtin(s, "contact_created", [contact_id], source=source)
    for name in changes.tags:
        record_builtin(s, "tag_added", [contact_id], data={"tag": name}, source=source)
    for name in changes.lists:
        record_builtin(s, "list_added", [contact_id], data={"list": name}, source=source)
    if changes.unsubscribed:
        record_builtin(s, "unsubscribed", [contact_id], source=source)


def _apply(s: Session, contact: Contact, data: ContactInput, *, creating: bool) -> _Changes:
    changes = _Changes()
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        if value is not None:
            setattr(contact, name, value.strip())
        elif creating:
            setattr(contact, name, "")
    if data.status is not None:
        previous = contact.status
        contact.status = validate_status(data.status)
        changes.unsubscribed = (
            not creating and contact.status == "unsubscribed" and previous != "unsubscribed"
        )
    elif creating:
        contact.status = "subscribed"
    if data.attributes is not None:
        contact.attributes = _clean_attributes(data.attributes)
    for name in ("consent_text", "consent_ip"):
        value = getattr(data, name)
        if value is not None:
            setattr(contact, name, value)
        elif creating:
            setattr(contact, name, "")
    if data.consent_source is not None and not creating:
        contact.consent_source = data.consent_source
    if data.tracking_consent is not None:
        contact.tracking_consent = data.tracking_consent
    elif creating:
        contact.tracking_consent = False
    if data.tags is not None:
        had = {t.id for t in contact.tags} if contact.id is not None else set()
        contact.tags = [_ensure(s, Tag, n, "tag") for n in dict.fromkeys(data.tags)]
        changes.tags = [t.name for t in contact.tags if t.id not in had]
    if data.lists is not None:
        wanted: dict[int, str] = {}
        for n in data.lists:
            lst = _ensure(s, ContactList, n, "list")
            wanted[lst.id] = lst.name
        if contact.id is not None:
            s.execute(
                delete(ListMembership).where(
                    ListMembership.contact_id == contact.id,
                    ListMembership.list_id.not_in(list(wanted)),
                )
            )
            have = set(
                s.scalars(
                    select(ListMembership.list_id).where(ListMembership.contact_id == contact.id)
                )
            )
        else:
            have = set()
        for list_id, list_name in wanted.items():
            if list_id not in have:
                contact.memberships.append(ListMembership(list_id=list_id, status="subscribed"))
                changes.lists.append(list_name)
    return changes


def remove_contacts(db: Database, ids: Iterable[int]) -> int:
    """Delete contacts (with their memberships and tags); returns how many were deleted."""
    ids = list(ids)
    deleted = 0
    with db.session() as s:
        for start in range(0, len(ids), 5000):
            result = s.execute(delete(Contact).where(Contact.id.in_(ids[start : start + 5000])))
            deleted += result.rowcount or 0
    return deleted


def remove_contact(db: Database, email: str) -> None:
    with db.session() as s:
        contact = _find_contact(s, email)
        s.delete(contact)


# --- tags and lists -----------------------------------------------------------------------

_KINDS: dict[str, Any] = {"tag": Tag, "list": ContactList, "segment": Segment}


def _get_by_name(session: Session, model: Any, name: str, kind: str) -> Any:
    obj = session.scalar(select(model).where(model.name == name.strip()))
    if obj is None:
        raise NotFound(_NO_SUCH[kind], name=name)
    return obj


def _ensure(session: Session, model: Any, name: str, kind: str) -> Any:
    name = validate_name(kind, name)
    obj = session.scalar(select(model).where(model.name == name))
    if obj is None:
        obj = model(name=name)
        session.add(obj)
        session.flush()
    return obj


def ensure_tags(session: Session, names: Iterable[str]) -> list[int]:
    """Ids of these tags, creating the missing ones (inside the caller's transaction)."""
    return [_ensure(session, Tag, n, "tag").id for n in dict.fromkeys(names)]


def ensure_lists(session: Session, names: Iterable[str]) -> list[int]:
    """Ids of these lists, creating the missing ones (inside the caller's transaction)."""
    return [_ensure(session, ContactList, n, "list").id for n in dict.fromkeys(names)]


def list_tags(db: Database) -> list[NamedCount]:
    with db.session() as s:
        rows = s.execute(
            select(Tag.id, Tag.name, func.count(ContactTag.contact_id))
            .outerjoin(ContactTag, ContactTag.tag_id == Tag.id)
            .group_by(Tag.id, Tag.name)
            .order_by(func.lower(Tag.name))
        )
        return [NamedCount(i, n, c) for i, n, c in rows]


def list_lists(db: Database) -> list[NamedCount]:
    with db.session() as s:
        rows = s.execute(
            select(ContactList.id, ContactList.name, func.count(ListMembership.contact_id))
            .outerjoin(
                ListMembership,
                (ListMembership.list_id == ContactList.id)
                & (ListMembership.status == "subscribed"),
            )
            .group_by(ContactList.id, ContactList.name)
            .order_by(func.lower(ContactList.name))
        )
        return [NamedCount(i, n, c) for i, n, c in rows]


def create_list(db: Database, name: str, description: str = "") -> NamedCount:
    name = validate_name("list", name, 200)
    with db.session() as s:
        if s.scalar(select(ContactList.id).where(ContactList.name == name)) is not None:
            raise InvalidInput(_TAKEN["list"], name=name)
        lst = ContactList(name=name, description=description)
        s.add(lst)
        s.flush()
        return NamedCount(lst.id, lst.name, 0)


def create_tag(db: Database, name: str) -> NamedCount:
    name = validate_name("tag", name)
    with db.session() as s:
        if s.scalar(select(Tag.id).where(Tag.name == name)) is not None:
            raise InvalidInput(_TAKEN["tag"], name=name)
        tag = Tag(name=name)
        s.add(tag)
        s.flush()
        return NamedCount(tag.id, tag.name, 0)


def rename(db: Database, kind: str, old: str, new: str) -> list[str]:
    """Rename a tag, list or segment.

    Saved segments that name a renamed tag or list are updated in the same transaction (they
    would otherwise silently stop matching); returns the names of those segments.
    """
    from app.contacts.segments import rename_in_rules, rename_references

    model = _KINDS[kind]
    new = validate_name(kind, new, 200 if kind != "tag" else 100)
    with db.session() as s:
        obj = _get_by_name(s, model, old, kind)
        if new == obj.name:
            return []
        if s.scalar(select(model.id).where(model.name == new)) is not None:
            raise InvalidInput(_TAKEN[kind], name=new)
        previous = obj.name
        obj.name = new
        if kind in ("tag", "list"):
            rename_in_rules(s, kind, previous, new)
            return rename_references(s, kind, previous, new)
        return []


def delete_named(db: Database, kind: str, name: str) -> list[str]:
    """Delete a tag, list or segment (contacts stay).

    Returns the saved segments whose rules still name the deleted tag or list: "has tag X" now
    matches nobody, which the caller should tell the user.
    """
    from app.contacts.segments import segments_referencing

    model = _KINDS[kind]
    with db.session() as s:
        obj = _get_by_name(s, model, name, kind)
        # A bulk DELETE: the ORM would first load every tagged contact to unlink it one by one;
        # the foreign keys' ON DELETE CASCADE removes the links.
        s.execute(delete(model).where(model.id == obj.id))
        return segments_referencing(s, kind, obj.name) if kind in ("tag", "list") else []


def tag_contacts(
    db: Database, ids: Sequence[int], names: Sequence[str], *, remove: bool = False
) -> int:
    """Add (or remove) tags on many contacts at once; returns the number of links changed."""
    return _link(db, ids, names, remove=remove, kind="tag")


def set_list_membership(
    db: Database, ids: Sequence[int], names: Sequence[str], *, remove: bool = False
) -> int:
    """Add (or remove) many contacts to/from lists; returns the number of memberships changed."""
    return _link(db, ids, names, remove=remove, kind="list")


def _link(
    db: Database, ids: Sequence[int], names: Sequence[str], *, remove: bool, kind: str
) -> int:
    if kind == "tag":
        table, owner, model = ContactTag, ContactTag.tag_id, Tag
    else:
        table, owner, model = ListMembership, ListMembership.list_id, ContactList
    ids = list(dict.fromkeys(ids))  # a repeated id must not insert the same link twice
    changed = 0
    with db.session() as s:
        if remove:
            targets = [_get_by_name(s, model, n, kind).id for n in names]
        else:
            targets = ensure_tags(s, names) if kind == "tag" else ensure_lists(s, names)
        target_names = {
            i: n for i, n in s.execute(select(model.id, model.name).where(model.id.in_(targets)))
        }
        event = "tag_added" if kind == "tag" else "list_added"
        for target in targets:
            for start in range(0, len(ids), 5000):
                chunk = list(ids[start : start + 5000])
                if remove:
                    res = s.execute(
                        delete(table).where(owner == target, table.contact_id.in_(chunk))
                    )
                    changed += res.rowcount or 0
                    continue
                have = set(
                    s.scalars(
                        select(table.contact_id).where(owner == target, table.contact_id.in_(chunk))
                    )
                )
                # Ids of contacts deleted meanwhile (by another window or process) are skipped.
                existing = set(s.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
                new = [c for c in chunk if c not in have and c in existing]
                if new:
                    key = "tag_id" if kind == "tag" else "list_id"
                    s.execute(
                        table.__table__.insert(), [{key: target, "contact_id": c} for c in new]
                    )
                    changed += len(new)
                    record_builtin(s, event, new, data={kind: target_names[target]})
    return changed


def change_contact(session: Session, contact: Contact, data: ContactInput, *, source: str) -> None:
    """Edit a contact in the caller's transaction (the relay's events, ``app.tracking.sync``):
    like ``update_contact`` (``None`` fields unchanged; ``tags``/``lists`` replace the sets), with
    the same built-in events (``unsubscribed``, ``tag_added``, ``list_added``)."""
    changes = _apply(session, contact, data, creating=False)
    contact.updated_at = utcnow()
    session.flush()
    _record_changes(session, contact.id, changes, created=False, source=source)
