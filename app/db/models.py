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
# "missed": a one-off campaign whose time passed while nothing ran (beyond the grace period).
CAMPAIGN_STATUSES = ("draft", "scheduled", "sending", "paused", "done", "cancelled", "missed")
# "missed": an occurrence nothing ran for in time; "skipped": a missed one the user dismissed.
RUN_STATUSES = ("sending", "paused", "done", "cancelled", "missed", "skipped")
MESSAGE_STATUSES = ("queued", "sending", "sent", "failed", "in_doubt", "suppressed")
# "automation": marketing mail from a rule or a sequence; "transactional" goes to contacts who
# unsubscribed from marketing too (never to bounced or complained addresses).
MESSAGE_KINDS = ("campaign", "automation", "transactional", "test")
RULE_ACTIONS = ("send", "enroll", "add_tag", "remove_tag", "add_to_list")
ENROLLMENT_STATUSES = ("active", "completed", "exited")


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
    # A recurring campaign's cron expression ("0 9 * * mon"), read in ``timezone``; "" = one-off.
    cron: Mapped[str] = mapped_column(String(120), default="")
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
    # One run per occurrence: a job fired twice (a crash between firing and recording) adds none.
    __table_args__ = (UniqueConstraint("campaign_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    # See RUN_STATUSES.
    status: Mapped[str] = mapped_column(String(16), default="sending")
    # The occurrence this run is for (scheduled campaigns); None for "send now".
    scheduled_for: Mapped[datetime | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    campaign: Mapped[Campaign] = relationship(back_populates="runs")


class Message(Base):
    """The outbox: one row per recipient of a send, from queued to its outcome (DESIGN §4)."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("run_id", "contact_id"),
        # A sequence step goes out once per enrollment, whatever restarts happen in between.
        UniqueConstraint("enrollment_id", "step_id"),
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
    # Automation messages (no run): their template, where they come from, the event's data.
    template_id: Mapped[int | None] = mapped_column(ForeignKey("template.id", ondelete="SET NULL"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rule.id", ondelete="SET NULL"))
    enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrollment.id", ondelete="SET NULL")
    )
    step_id: Mapped[int | None] = mapped_column(ForeignKey("sequence_step.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any] | None] = mapped_column(JsonDict)
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


class SchedulerJob(Base):
    """APScheduler's job store table (``SQLAlchemyJobStore``), declared here for the migrations.

    Jobs are derived from the campaigns (``app.automation.scheduler``); the table only keeps their
    next run times between runs, which is how a run missed while nothing ran is noticed.
    """

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(String(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


class AppSetting(Base):
    """Settings of the database (shared by every desktop and daemon using it)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)


# --- automation (DESIGN §5) ------------------------------------------------------------------


class Event(Base):
    """Something that happened to a contact; rules and sequences react to it once."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # contact_created | list_added | tag_added | unsubscribed | a custom name ("signup")
    name: Mapped[str] = mapped_column(String(100))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(32), default="")  # app | cli | import | relay
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once the runner applied the rules (None: waiting).
    processed_at: Mapped[datetime | None] = mapped_column(index=True)


class Rule(Base):
    """When EVENT happens to a contact (matching an optional filter), do the actions."""

    __tablename__ = "rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    trigger: Mapped[str] = mapped_column(String(100))
    # The trigger's subject: the tag or list name, the date attribute; "" for any.
    trigger_param: Mapped[str] = mapped_column(String(200), default="")
    # Date triggers: {"offset_days": -3, "hour": 9, "yearly": true}.
    trigger_options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # A segment rule tree the contact must match (``app.contacts.segments``); None: everyone.
    filter: Mapped[dict[str, Any] | None] = mapped_column(JsonDict)
    transactional: Mapped[bool] = mapped_column(Boolean, default=False)
    # At most one firing per contact in this many seconds (None: no cap).
    frequency_cap_seconds: Mapped[int | None] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    actions: Mapped[list[RuleAction]] = relationship(
        back_populates="rule",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RuleAction.position",
    )


class RuleAction(Base):
    __tablename__ = "rule_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rule.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))  # see RULE_ACTIONS
    template_id: Mapped[int | None] = mapped_column(ForeignKey("template.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    sequence_id: Mapped[int | None] = mapped_column(ForeignKey("sequence.id"), index=True)
    # The tag or list name for tag and list actions.
    name: Mapped[str] = mapped_column(String(200), default="")

    rule: Mapped[Rule] = relationship(back_populates="actions")


class RuleFiring(Base):
    """A rule applied to a contact: once per event (or date occurrence); the frequency cap's log."""

    __tablename__ = "rule_firing"
    __table_args__ = (
        UniqueConstraint("rule_id", "contact_id", "occurrence"),
        Index("ix_rule_firing_rule_id_contact_id_fired_at", "rule_id", "contact_id", "fired_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rule.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    # "event:<id>" or, for date triggers, "date:<YYYY-MM-DD>".
    occurrence: Mapped[str] = mapped_column(String(64))
    # done | capped (frequency cap) | filtered (did not match the filter)
    outcome: Mapped[str] = mapped_column(String(16), default="done")
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)


class Sequence(Base):
    """Mails sent one after another to each enrolled contact, with delays between them."""

    __tablename__ = "sequence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    # {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00", "timezone": "contact"|"account"}
    # (Monday = 0); None: any time.
    window: Mapped[dict[str, Any] | None] = mapped_column(JsonDict)
    # Goal events that take a contact out of the sequence (unsubscribing always does).
    exit_on: Mapped[list[str]] = mapped_column(JsonDict, default=list)
    transactional: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    steps: Mapped[list[SequenceStep]] = relationship(
        back_populates="sequence",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SequenceStep.position",
    )


class SequenceStep(Base):
    __tablename__ = "sequence_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence_id: Mapped[int] = mapped_column(
        ForeignKey("sequence.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id"), index=True)
    # ISO-8601 duration after the previous step (or the enrollment): "PT0S", "PT30S", "P2D".
    delay: Mapped[str] = mapped_column(String(40), default="PT0S")
    delay_seconds: Mapped[int] = mapped_column(Integer, default=0)

    sequence: Mapped[Sequence] = relationship(back_populates="steps")


class Enrollment(Base):
    """Where one contact stands in a sequence (stored, so a restart loses nothing)."""

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("sequence_id", "contact_id"),
        Index("ix_enrollment_status_next_run_at", "status", "next_run_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence_id: Mapped[int] = mapped_column(ForeignKey("sequence.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active")  # ENROLLMENT_STATUSES
    # Position of the next step to send (steps before it are sent).
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    # When the previous step was due (the enrollment time before the first): delays count from it.
    anchor_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the next step falls due (its delay, moved into the sending window); None when finished.
    next_run_at: Mapped[datetime | None]
    exit_reason: Mapped[str] = mapped_column(String(200), default="")
    # The enrolling event's data, for ``data.<key>`` in the steps' templates.
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


# --- tracking and statistics (DESIGN §6) -------------------------------------------------------

TRACKING_KINDS = (
    "open",
    "click",
    "unsubscribe",
    "bounce",
    "complaint",
    "signup",
    "confirm",
    "custom",
)


class TrackingEvent(Base):
    """What the relay saw (an open, a click, an unsubscribe, a bounce...), applied once.

    Separate from ``event`` (the automation's queue): engagement is kept for the statistics and
    the contact's timeline; rules listening to opens or clicks get an ``event`` row as well.
    """

    __tablename__ = "tracking_event"
    __table_args__ = (
        Index("ix_tracking_event_contact_id_occurred_at", "contact_id", "occurred_at"),
        Index("ix_tracking_event_campaign_id_kind", "campaign_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The relay's event id: the same event pulled twice is applied once.
    relay_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # TRACKING_KINDS
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    # Not foreign keys: the figures outlive a deleted campaign's rows.
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)
    email: Mapped[str] = mapped_column(String(320), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    # Truncated by the relay (IPv4 /24, IPv6 /48).
    ip: Mapped[str] = mapped_column(String(64), default="")
    # A mail client's prefetch (Apple Mail Privacy Protection) or a link scanner, not a person.
    bot: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatDaily(Base):
    """Roll-up of a day's figures per campaign run, maintained as messages and events arrive.

    ``day`` is the local date (Europe/Paris unless the ``stats_timezone`` setting says otherwise);
    ``campaign_id`` and ``run_id`` are 0 for automation and transactional mail.
    """

    __tablename__ = "stat_daily"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    campaign_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    run_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    unique_opened: Mapped[int] = mapped_column(Integer, default=0)
    clicked: Mapped[int] = mapped_column(Integer, default=0)
    unique_clicked: Mapped[int] = mapped_column(Integer, default=0)
    bounced: Mapped[int] = mapped_column(Integer, default=0)
    complained: Mapped[int] = mapped_column(Integer, default=0)
    unsubscribed: Mapped[int] = mapped_column(Integer, default=0)
    bot_opened: Mapped[int] = mapped_column(Integer, default=0)
    bot_clicked: Mapped[int] = mapped_column(Integer, default=0)


class LinkStat(Base):
    """Clicks per link of a campaign (``campaign_id`` 0: automation mail)."""

    __tablename__ = "link_stat"

    campaign_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of url
    url: Mapped[str] = mapped_column(Text)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    unique_clicks: Mapped[int] = mapped_column(Integer, default=0)


class MessageEngagement(Base):
    """First open and click of a message (what makes an open or a click unique)."""

    __tablename__ = "message_engagement"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    opened_at: Mapped[datetime | None]
    clicked_at: Mapped[datetime | None]
    opens: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    # Links already clicked from this message (sha256 prefixes), for unique clicks per link.
    links: Mapped[list[str]] = mapped_column(JsonDict, default=list)


class SignupForm(Base):
    """A signup form on the user's website, posting to the relay's ``/f/<name>``."""

    __tablename__ = "signup_form"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # in the URL: [a-z0-9_-]
    list_name: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[str]] = mapped_column(JsonDict, default=list)
    double_opt_in: Mapped[bool] = mapped_column(Boolean, default=True)
    # The template of the confirmation mail (double opt-in); None: Facteur's built-in one.
    confirm_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("template.id", ondelete="SET NULL")
    )
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    # What the visitor agreed to, kept as the proof of consent with each signup.
    consent_text: Mapped[str] = mapped_column(Text, default="")
    # Where the visitor goes after posting (and after confirming); "": the relay's own page.
    redirect_url: Mapped[str] = mapped_column(Text, default="")
    confirm_redirect_url: Mapped[str] = mapped_column(Text, default="")
    # Extra fields kept as contact attributes (besides email, first_name, last_name, company).
    fields: Mapped[list[str]] = mapped_column(JsonDict, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
