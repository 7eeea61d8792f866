"""The data model (DESIGN.md §3). Changes here need an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.db.types import JsonDict, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CONTACT_STATUSES = ("subscribed", "unsubscribed", "bounced", "complained", "pending")
MEMBERSHIP_STATUSES = ("subscribed", "unsubscribed")
ACCOUNT_KINDS = ("smtp", "sendgrid", "mailgun", "ses", "postmark", "brevo")
CAMPAIGN_STATUSES = ("draft", "scheduled", "sending", "paused", "done", "cancelled")
MESSAGE_STATUSES = ("queued", "sending", "sent", "failed", "in_doubt", "suppressed")
MESSAGE_KINDS = ("campaign", "transactional", "test")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JsonDict}


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Normalised (lower-cased, IDNA-checked) so "Jean@X.fr" and "jean@x.fr" are one contact.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    locale: Mapped[str] = mapped_column(String(20), default="")
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="subscribed")
    consent_at: Mapped[datetime | None]
    consent_source: Mapped[str] = mapped_column(String(300), default="")
    consent_text: Mapped[str] = mapped_column(Text, default="")
    consent_ip: Mapped[str] = mapped_column(String(64), default="")
    tracking_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_activity_at: Mapped[datetime | None]

    tags: Mapped[list[Tag]] = relationship(secondary="contact_tag", back_populates="contacts")
    memberships: Mapped[list[ListMembership]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )

    # No secondary index: sorting is on lower(column), which a plain index cannot serve, and
    # status is too unselective; each index cost ~0.06 s per 100,000 imported rows.


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contacts: Mapped[list[Contact]] = relationship(secondary="contact_tag", back_populates="tags")


class ContactTag(Base):
    __tablename__ = "contact_tag"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ContactList(Base):
    """A list of contacts ("groupe" in the French UI)."""

    __tablename__ = "contact_list"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[ListMembership]] = relationship(
        back_populates="list", cascade="all, delete-orphan", passive_deletes=True
    )


class ListMembership(Base):
    __tablename__ = "list_membership"

    list_id: Mapped[int] = mapped_column(
        ForeignKey("contact_list.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="subscribed")
    subscribed_at: Mapped[datetime] = mapped_column(default=utcnow)

    list: Mapped[ContactList] = relationship(back_populates="memberships")
    contact: Mapped[Contact] = relationship(back_populates="memberships")


class Segment(Base):
    """A saved rule tree (see ``app.contacts.segments``)."""

    __tablename__ = "segment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    rule: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- templates -------------------------------------------------------------------------------


class Template(Base):
    """An email template: Jinja2 subject and bodies (see ``app.templates``)."""

    __tablename__ = "template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # Overrides of the sending account's From / Reply-To ("Name <addr>"); empty: the account's.
    from_override: Mapped[str] = mapped_column(String(400), default="")
    reply_to: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    attachments: Mapped[list[TemplateAttachment]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="TemplateAttachment.position",
    )


class Attachment(Base):
    """A file's content, stored once whatever the number of templates using it.

    Content-addressed by SHA-256 and kept in the database rather than the data directory, so a
    team sharing one PostgreSQL database sees the same files from every desktop and daemon.
    """

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TemplateAttachment(Base):
    __tablename__ = "template_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("template.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127), default="application/octet-stream")
    position: Mapped[int] = mapped_column(Integer, default=0)

    template: Mapped[Template] = relationship(back_populates="attachments")


# --- sending ---------------------------------------------------------------------------------


class Account(Base):
    """A sending account: an SMTP server or a provider API key (secret in the OS keyring)."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    from_name: Mapped[str] = mapped_column(String(200), default="")
    from_email: Mapped[str] = mapped_column(String(320))
    reply_to: Mapped[str] = mapped_column(String(400), default="")
    # Kind-specific: host/port/security/username/allow_insecure_auth for SMTP; base_url, region,
    # domain for APIs; in-doubt policies; retry tuning.
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Name of the secret in the keyring (or the encrypted fallback store); never the secret.
    secret_ref: Mapped[str] = mapped_column(String(200), default="")
    rate_per_second: Mapped[float | None] = mapped_column(Float)
    rate_per_hour: Mapped[int | None] = mapped_column(Integer)
    rate_per_day: Mapped[int | None] = mapped_column(Integer)
    concurrency: Mapped[int] = mapped_column(Integer, default=4)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    # {"include": ["list:Clients", "tag:vip", "segment:Lyon" | "all"], "exclude": ["list:..."]}
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    scheduled_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    tracking: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # Why the campaign paused by itself (authentication refused...); empty otherwise.
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    runs: Mapped[list[CampaignRun]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )


class CampaignRun(Base):
    """One occurrence of a campaign's send (one for a one-off campaign; many when recurring)."""

    __tablename__ = "campaign_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    # sending | paused | done | cancelled
    status: Mapped[str] = mapped_column(String(16), default="sending")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    campaign: Mapped[Campaign] = relationship(back_populates="runs")


class Message(Base):
    """The outbox: one row per recipient of a send, from queued to its outcome (DESIGN §4)."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("run_id", "contact_id"),
        # Claims read due rows in (next_attempt_at, id) order straight from this index.
        Index("ix_message_due", "status", "account_id", "next_attempt_at", "id"),
        Index("ix_message_run_status", "run_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_run.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    # The address when the row was queued: the history stays readable if the contact changes.
    email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(16), default="campaign")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(255), default="")
    provider_id: Mapped[str] = mapped_column(String(255), default="")
    # The sender process holding the row while it is ``sending`` (see ``SenderProcess``).
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SenderProcess(Base):
    """A live sending process: rows it claimed are in flight only while it lives.

    At start-up, ``sending`` rows whose process is gone (its pid dead on this host, or no
    heartbeat for a while) were interrupted mid-send: they become ``in_doubt``.
    """

    __tablename__ = "sender_process"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class RunnerLease(Base):
    """Who runs the scheduler and the senders for this database (one process at a time).

    Exclusivity comes from a lock the operating system or the server releases when the process
    dies (a file lock beside a SQLite database, an advisory lock on PostgreSQL); this row only
    says who holds it, for the others to show.
    """

    __tablename__ = "runner_lease"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # desktop | daemon | cli
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
