"""Template operations. Each opens a short session and returns plain dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.contacts.emails import InvalidEmail, normalise_email
from app.db import Database
from app.db.models import Campaign, Contact, Template
from app.db.types import utcnow
from app.errors import InvalidInput, NotFound
from app.templates import attachments as blobs
from app.templates.mime import DEFAULT_MAX_SIZE, Address, mailbox_text, parse_mailbox
from app.templates.rendering import (
    CONTACT_FIELDS,
    OTHER_VARIABLES,
    PARTS,
    SAMPLE_CONTACT,
    CompiledTemplate,
    Part,
    check_part,
    compile_template,
    make_context,
)

NAME_MAX = 200
PREVIEW_UNSUBSCRIBE_URL = "#unsubscribe"


@dataclass(frozen=True)
class AttachmentInfo:
    filename: str
    size: int
    content_type: str
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "size": self.size,
            "content_type": self.content_type,
            "sha256": self.sha256,
        }


@dataclass
class TemplateInput:
    """A template as the editor or the CLI gives it. New files by ``Path``, kept ones by info."""

    name: str
    subject: str
    html: str = ""
    text: str = ""
    from_override: str = ""
    reply_to: str = ""
    attachments: list[Path | AttachmentInfo] = field(default_factory=list)


@dataclass(frozen=True)
class TemplateData:
    id: int
    name: str
    subject: str
    html: str
    text: str
    from_override: str
    reply_to: str
    attachments: tuple[AttachmentInfo, ...]
    created_at: datetime
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``templates show --json`` shape (a contract)."""
        return {
            "id": self.id,
            "name": self.name,
            "subject": self.subject,
            "html": self.html,
            "text": self.text,
            "from_override": self.from_override,
            "reply_to": self.reply_to,
            "attachments": [a.to_json() for a in self.attachments],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class Preview:
    subject: str
    html: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "html": self.html, "text": self.text}


@dataclass(frozen=True)
class TemplateProblem:
    """A problem found while typing: ``part`` is "subject", "html" or "text".

    ``message`` is the problem alone ("unexpected '}'"): the part and line are given apart.
    """

    part: str
    line: int | None
    message: str


# --- lookups --------------------------------------------------------------------------------


def find_template(session: Session, name_or_id: str | int) -> Template:
    """The template row named (or numbered) ``name_or_id``; ``NotFound`` otherwise."""
    if isinstance(name_or_id, int):
        row = session.get(Template, name_or_id)
    else:
        row = session.scalar(select(Template).where(Template.name == name_or_id))
    if row is None:
        raise NotFound("No template named {name!r}.", name=str(name_or_id))
    return row


def _to_data(row: Template, links: list[blobs.Link]) -> TemplateData:
    return TemplateData(
        id=row.id,
        name=row.name,
        subject=row.subject,
        html=row.html,
        text=row.text,
        from_override=row.from_override,
        reply_to=row.reply_to,
        attachments=tuple(
            AttachmentInfo(link.filename, link.size, link.content_type, link.sha256)
            for link in links
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _load(session: Session, row: Template) -> TemplateData:
    return _to_data(row, blobs.links_of(session, [row.id]).get(row.id, []))


def list_templates(db: Database) -> list[TemplateData]:
    with db.session() as s:
        rows = list(s.scalars(select(Template).order_by(Template.name)))
        links = blobs.links_of(s, [r.id for r in rows])
        return [_to_data(r, links.get(r.id, [])) for r in rows]


def get_template(db: Database, name_or_id: str | int) -> TemplateData:
    with db.session() as s:
        return _load(s, find_template(s, name_or_id))


# --- validation -----------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("A template name cannot be empty.")
    if len(name) > NAME_MAX:
        raise InvalidInput("A template name is limited to {max_len} characters.", max_len=NAME_MAX)
    return name


def _clean_mailbox(value: str, what: str) -> str:
    """``"Name <addr>"`` or ``"addr"`` checked and written the standard way; "" stays ""."""
    if not value.strip():
        return ""
    box = parse_mailbox(value)
    try:
        email = normalise_email(box.email)
    except InvalidEmail as exc:
        if what == "from":
            raise InvalidInput(
                "The From address {value!r} is not valid: {reason}", value=value, reason=exc.reason
            ) from None
        raise InvalidInput(
            "The Reply-To address {value!r} is not valid: {reason}", value=value, reason=exc
        ) from None
    return mailbox_text(Address(box.name, email))


def _validate(data: TemplateInput) -> tuple[str, str, str, CompiledTemplate]:
    name = _clean_name(data.name)
    if not data.subject.strip():
        raise InvalidInput("A template needs a subject.")
    compiled = compile_template(data.subject, data.html, data.text)
    return (
        name,
        _clean_mailbox(data.from_override, "from"),
        _clean_mailbox(data.reply_to, "reply_to"),
        compiled,
    )


def _links(
    session: Session, items: list[Path | AttachmentInfo], max_size: int
) -> tuple[list[blobs.Link], list[blobs.NewFile]]:
    links: list[blobs.Link] = []
    new: list[blobs.NewFile] = []
    stored = blobs.stored_sizes(session, [i.sha256 for i in items if isinstance(i, AttachmentInfo)])
    for item in items:
        if isinstance(item, AttachmentInfo):
            if item.sha256 not in stored:
                raise InvalidInput(
                    "The attachment {filename!r} is no longer stored: add the file again.",
                    filename=item.filename,
                )
            links.append(
                blobs.Link(item.filename, item.content_type, item.sha256, stored[item.sha256])
            )
        else:
            file = blobs.read_file(Path(item), max_size)
            new.append(file)
            links.append(blobs.Link(file.filename, file.content_type, file.sha256, len(file.data)))
    blobs.check_total(links, max_size)
    return links, new


def _save_links(
    session: Session, row: Template, links: list[blobs.Link], new: list[blobs.NewFile]
) -> None:
    for file in new:
        blobs.store(session, file)
    unused = blobs.set_links(session, row.id, links)
    blobs.delete_unused(session, unused)


# --- changes --------------------------------------------------------------------------------


def _taken(name: str) -> InvalidInput:
    return InvalidInput("A template named {name!r} already exists.", name=name)


def create_template(db: Database, data: TemplateInput) -> TemplateData:
    """Save a new template; ``TemplateError`` (with ``part`` and ``line``) when it is invalid."""
    name, from_override, reply_to, _ = _validate(data)
    now = utcnow()
    with db.session() as s:
        if s.scalar(select(Template.id).where(Template.name == name)) is not None:
            raise _taken(name)
        links, new = _links(s, data.attachments, DEFAULT_MAX_SIZE)
        row = Template(
            name=name,
            subject=data.subject,
            html=data.html,
            text=data.text,
            from_override=from_override,
            reply_to=reply_to,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        try:
            s.flush()
        except IntegrityError as exc:
            raise _taken(name) from exc
        _save_links(s, row, links, new)
        return _load(s, row)


def update_template(db: Database, name_or_id: str | int, data: TemplateInput) -> TemplateData:
    """Replace a template's content, name and attachments by ``data``."""
    name, from_override, reply_to, _ = _validate(data)
    with db.session() as s:
        row = find_template(s, name_or_id)
        if name != row.name:
            if s.scalar(select(Template.id).where(Template.name == name)) is not None:
                raise _taken(name)
            row.name = name
        links, new = _links(s, data.attachments, DEFAULT_MAX_SIZE)
        row.subject = data.subject
        row.html = data.html
        row.text = data.text
        row.from_override = from_override
        row.reply_to = reply_to
        row.updated_at = utcnow()
        try:
            s.flush()
        except IntegrityError as exc:
            raise _taken(name) from exc
        _save_links(s, row, links, new)
        return _load(s, row)


def _automation_users(session: Session, template_id: int) -> list[str]:
    """Names of the rules and sequences sending this template."""
    from app.db.models import Rule, RuleAction, Sequence, SequenceStep

    rules = session.scalars(
        select(Rule.name).join(RuleAction).where(RuleAction.template_id == template_id)
    )
    sequences = session.scalars(
        select(Sequence.name).join(SequenceStep).where(SequenceStep.template_id == template_id)
    )
    return sorted({*rules, *sequences})


def delete_template(db: Database, name_or_id: str | int) -> None:
    """Delete a template and the files only it used; refused while a campaign uses it."""
    with db.session() as s:
        row = find_template(s, name_or_id)
        campaigns = list(
            s.scalars(
                select(Campaign.name).where(Campaign.template_id == row.id).order_by(Campaign.name)
            )
        )
        if campaigns:
            raise InvalidInput(
                "The template {name!r} is used by the campaigns {campaigns}: delete them or "
                "choose another template for them first.",
                name=row.name,
                campaigns=", ".join(repr(c) for c in campaigns),
            )
        users = _automation_users(s, row.id)
        if users:
            raise InvalidInput(
                "The template {name!r} is used by the automations {users}: change them first.",
                name=row.name,
                users=", ".join(repr(u) for u in users),
            )
        unused = blobs.set_links(s, row.id, [])
        s.delete(row)
        s.flush()
        blobs.delete_unused(s, unused)


# --- checking and previewing ----------------------------------------------------------------


def check_template(subject: str, html: str, text: str) -> list[TemplateProblem]:
    """Syntax and sandbox problems of each part, for live validation in the editor."""
    problems: list[TemplateProblem] = []
    part: Part
    for part, source in zip(PARTS, (subject, html, text), strict=True):
        error = check_part(part, source)
        if error is not None:
            problems.append(TemplateProblem(error.part, error.line, error.reason))
    return problems


def _contact_values(session: Session, email: str) -> dict[str, Any]:
    try:
        address = normalise_email(email)
    except InvalidEmail:
        address = email.strip().lower()
    row = session.scalar(select(Contact).where(Contact.email == address))
    if row is None:
        raise NotFound("No contact {contact!r}.", contact=email)
    values: dict[str, Any] = {name: getattr(row, name) for name in CONTACT_FIELDS}
    values["id"] = row.id
    values["attributes"] = dict(row.attributes or {})
    return values


def _sample(compiled: CompiledTemplate) -> dict[str, Any]:
    # Attributes the template uses show as "[name]", so the preview says where they go.
    attributes = {
        name: f"[{name}]" for name in sorted(compiled.contact_fields) if name not in SAMPLE_CONTACT
    }
    return {**SAMPLE_CONTACT, "attributes": attributes}


def _preview(
    compiled: CompiledTemplate, contact: Mapping[str, Any] | None, campaign_name: str
) -> Preview:
    values = contact if contact is not None else _sample(compiled)
    rendered = compiled.render(
        make_context(values, campaign_name=campaign_name, unsubscribe_url=PREVIEW_UNSUBSCRIBE_URL)
    )
    return Preview(rendered.subject, rendered.html, rendered.text)


def preview_template(
    db: Database, name_or_id: str | int, contact_email: str | None = None
) -> Preview:
    """The stored template rendered for a contact (``None``: a sample contact)."""
    with db.session() as s:
        row = find_template(s, name_or_id)
        name, subject, html, text = row.name, row.subject, row.html, row.text
        contact = _contact_values(s, contact_email) if contact_email else None
    return _preview(compile_template(subject, html, text), contact, name)


def preview_draft(db: Database, draft: TemplateInput, contact_email: str | None = None) -> Preview:
    """Unsaved editor content rendered for a contact (``None``: a sample contact)."""
    compiled = compile_template(draft.subject, draft.html, draft.text)
    contact = None
    if contact_email:
        with db.session() as s:
            contact = _contact_values(s, contact_email)
    return _preview(compiled, contact, draft.name.strip())


def template_variables(db: Database) -> list[str]:
    """Every variable a template can use, for the editor's insert menu."""
    from app.contacts.segments import attribute_keys

    names = [f"contact.{f}" for f in CONTACT_FIELDS]
    for key in attribute_keys(db):
        if key not in CONTACT_FIELDS:
            # A key that is not an identifier needs the subscript form.
            names.append(f"contact.{key}" if key.isidentifier() else f"contact[{key!r}]")
    return [*names, *OTHER_VARIABLES]
