"""The data model (DESIGN.md §3). Changes here need an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
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
