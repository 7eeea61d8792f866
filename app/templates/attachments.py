"""Template attachments: each file's bytes stored once (keyed by SHA-256), linked by name.

Blobs live in the database (``attachment``), so a team sharing a PostgreSQL database sees the
same files everywhere. A blob no template uses any more is deleted with its last link.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.models import Attachment, TemplateAttachment
from app.errors import InvalidInput
from app.templates.mime import AttachmentPart, encoded_size

DEFAULT_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class NewFile:
    """A file read from disk, about to be stored."""

    filename: str
    content_type: str
    data: bytes
    sha256: str


@dataclass(frozen=True)
class Link:
    """One attachment of a template, in order: which blob, under which name."""

    filename: str
    content_type: str
    sha256: str
    size: int


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.2f}".rstrip("0").rstrip(".")


def _room(max_size: int) -> int:
    """The largest file whose encoded form fits in ``max_size``."""
    return max_size * 3 // 4 - max_size // 76


def guess_content_type(filename: str) -> str:
    return mimetypes.guess_type(filename, strict=False)[0] or DEFAULT_CONTENT_TYPE


def read_file(path: Path, max_size: int) -> NewFile:
    """Read a file to attach; refused when it alone cannot fit in a message."""
    try:
        size = path.stat().st_size
        if encoded_size(size) > max_size:
            raise InvalidInput(
                "The file {filename!r} ({size} MB) is too large: a message is limited to "
                "{limit} MB, which leaves room for about {room} MB of attachments once encoded "
                "for email.",
                filename=path.name,
                size=_mb(size),
                limit=_mb(max_size),
                room=_mb(_room(max_size)),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            "Cannot read the file {path}: {reason}", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    return NewFile(path.name, guess_content_type(path.name), data, hashlib.sha256(data).hexdigest())


def check_total(links: Sequence[Link], max_size: int) -> None:
    """Refuse attachments that together cannot fit in a message."""
    total = sum(encoded_size(link.size) for link in links)
    if total > max_size:
        raise InvalidInput(
            "The attachments total {size} MB: too large, as a message is limited to {limit} MB, "
            "which leaves room for about {room} MB of attachments once encoded for email.",
            size=_mb(sum(link.size for link in links)),
            limit=_mb(max_size),
            room=_mb(_room(max_size)),
        )


def store(session: Session, file: NewFile) -> None:
    """Store ``file``'s bytes unless a blob with the same SHA-256 is already there."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(Attachment)
        .values(sha256=file.sha256, size=len(file.data), data=file.data)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )


def stored_sizes(session: Session, shas: Iterable[str]) -> dict[str, int]:
    """The size of each stored blob among ``shas``."""
    wanted = list(set(shas))
    if not wanted:
        return {}
    rows = session.execute(
        select(Attachment.sha256, Attachment.size).where(Attachment.sha256.in_(wanted))
    )
    return {sha: size for sha, size in rows}


def set_links(session: Session, template_id: int, links: Sequence[Link]) -> set[str]:
    """Replace the template's attachments by ``links``; returns the blobs it no longer uses."""
    old = set(
        session.scalars(
            select(TemplateAttachment.sha256).where(TemplateAttachment.template_id == template_id)
        )
    )
    session.execute(delete(TemplateAttachment).where(TemplateAttachment.template_id == template_id))
    for position, link in enumerate(links):
        session.add(
            TemplateAttachment(
                template_id=template_id,
                sha256=link.sha256,
                filename=link.filename,
                content_type=link.content_type,
                position=position,
            )
        )
    session.flush()
    return old - {link.sha256 for link in links}


def delete_unused(session: Session, shas: Iterable[str]) -> None:
    """Delete the blobs among ``shas`` that no template uses any more."""
    wanted = list(set(shas))
    if not wanted:
        return
    used = exists().where(TemplateAttachment.sha256 == Attachment.sha256)
    session.execute(
        delete(Attachment)
        .where(Attachment.sha256.in_(wanted), ~used)
        .execution_options(synchronize_session=False)
    )


def links_of(session: Session, template_ids: Sequence[int]) -> dict[int, list[Link]]:
    """Each template's attachments in order (without their bytes)."""
    result: dict[int, list[Link]] = {}
    if not template_ids:
        return result
    rows = session.execute(
        select(
            TemplateAttachment.template_id,
            TemplateAttachment.filename,
            TemplateAttachment.content_type,
            TemplateAttachment.sha256,
            Attachment.size,
        )
        .join(Attachment, Attachment.sha256 == TemplateAttachment.sha256)
        .where(TemplateAttachment.template_id.in_(list(template_ids)))
        .order_by(TemplateAttachment.template_id, TemplateAttachment.position)
    )
    for template_id, filename, content_type, sha, size in rows:
        result.setdefault(template_id, []).append(Link(filename, content_type, sha, size))
    return result


def load_parts(session: Session, template_id: int) -> list[AttachmentPart]:
    """The template's attachments with their bytes, ready for ``MessageBuilder``."""
    rows = session.execute(
        select(TemplateAttachment.filename, TemplateAttachment.content_type, Attachment.data)
        .join(Attachment, Attachment.sha256 == TemplateAttachment.sha256)
        .where(TemplateAttachment.template_id == template_id)
        .order_by(TemplateAttachment.position)
    )
    return [AttachmentPart(name, ctype, bytes(data)) for name, ctype, data in rows]
