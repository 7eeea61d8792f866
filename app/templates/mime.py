"""Ready-to-send messages: the RFC 5322 bytes plus the parts HTTP APIs take as JSON.

``MessageBuilder`` (below) builds the MIME skeleton once per send and fills in only the
personalised parts for each recipient.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Address:
    """A mailbox: display name (may be empty) and address."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class AttachmentPart:
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class Outgoing:
    """One message ready for a transport.

    ``mime`` is the complete message (CRLF line endings, no dot-stuffing: the SMTP transport does
    that) for SMTP and raw-MIME APIs; the other fields are for APIs that take JSON. ``headers``
    holds the extra headers those APIs must pass through: Message-ID, List-Unsubscribe,
    List-Unsubscribe-Post when present. ``key`` is the outbox row id (0 for a test send).
    """

    key: int
    sender: Address
    to: Address
    reply_to: str
    subject: str
    html: str
    text: str
    headers: dict[str, str]
    mime: bytes
    attachments: tuple[AttachmentPart, ...] = field(default_factory=tuple)
