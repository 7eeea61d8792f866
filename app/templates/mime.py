"""Ready-to-send messages: the RFC 5322 bytes plus the parts HTTP APIs take as JSON.

``MessageBuilder`` (below) builds the MIME skeleton once per send and fills in only the
personalised parts for each recipient.
"""

from __future__ import annotations

import binascii
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import MIMEPart
from email.policy import SMTP
from email.utils import formatdate
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from app.errors import InvalidInput
from app.templates.rendering import CompiledTemplate, compile_template, make_context

if TYPE_CHECKING:
    from app.db import Database
    from app.tracking.links import Tracking


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


DEFAULT_MAX_SIZE = 10 * 1024 * 1024


class MessageTooLarge(InvalidInput):
    """A message (or its attachments alone) is over the size limit."""


# --- header values -------------------------------------------------------------------------

# Every control character (CR and LF above all) becomes a space: a value can never end its
# header line and start another one ("Bob\r\nBcc: evil@x").
_CONTROLS = {c: " " for c in (*range(32), 127, 0x85, 0x2028, 0x2029)}
_ADDRESS_JUNK = {**{c: None for c in _CONTROLS}, ord(" "): None, ord("<"): None, ord(">"): None}
_SPECIALS = frozenset('()<>[]:;@\\,."')
_FOLD_AT = 78


def clean_header_value(value: str) -> str:
    """``value`` on one line: control characters become spaces; ends trimmed."""
    # isprintable() is False for every control character (and for spaces other than " "):
    # the common case costs one C scan.
    if not value.isprintable():
        value = value.translate(_CONTROLS)
    return value.strip()


def clean_address(email: str) -> str:
    """An address with no control character, space or angle bracket left in it."""
    if email.isprintable() and " " not in email and "<" not in email and ">" not in email:
        return email
    return email.translate(_ADDRESS_JUNK)


def _encoded_words(text: str) -> list[str]:
    """RFC 2047 encoded words (base64, UTF-8), each at most 75 characters, whole characters only."""
    data = text.encode("utf-8")
    words = []
    i, n = 0, len(data)
    while i < n:
        # 39 bytes -> 52 base64 characters -> a 64-character word: "Subject: " and the first
        # word stay within 76 characters, RFC 2047's line limit.
        j = min(i + 39, n)
        while j < n and (data[j] & 0xC0) == 0x80:
            j -= 1
        words.append("=?utf-8?b?" + binascii.b2a_base64(data[i:j], newline=False).decode() + "?=")
        i = j
    return words


def _needs_encoding(text: str) -> bool:
    return not text.isascii() or "=?" in text or any(len(w) > 76 for w in text.split(" "))


def _subject_tokens(subject: str) -> list[str]:
    subject = clean_header_value(subject)
    if _needs_encoding(subject):
        return _encoded_words(subject)
    return subject.split(" ")


def _plain_word(word: str) -> bool:
    return (
        word.isascii()
        and "=?" not in word
        and len(word) <= 76
        and not any(c in _SPECIALS for c in word)
    )


def _phrase_tokens(name: str) -> list[str]:
    name = " ".join(clean_header_value(name).split())
    if not name:
        return []
    if not _needs_encoding(name) and len(name) <= 500:
        if any(c in _SPECIALS for c in name):
            return ['"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"']
        return name.split(" ")
    # Plain words stay plain; each run of other words becomes encoded words cut at spaces,
    # the space kept inside the encoded text (whitespace *between* encoded words is ignored
    # by readers).
    tokens: list[str] = []
    run: list[str] = []
    for word in [*name.split(" "), None]:
        if word is not None and not _plain_word(word):
            run.append(word)
            continue
        chunk = ""
        for i, w in enumerate(run):
            piece = w + (" " if i < len(run) - 1 else "")
            if chunk and len((chunk + piece).encode()) > 39:
                tokens.extend(_encoded_words(chunk))
                chunk = ""
            chunk += piece
        if chunk:
            tokens.extend(_encoded_words(chunk))
        run = []
        if word is not None:
            tokens.append(word)
    return tokens


def _address_tokens(address: Address) -> list[str]:
    email = clean_address(address.email)
    phrase = _phrase_tokens(address.name)
    return [*phrase, f"<{email}>"] if phrase else [email]


def format_address(address: Address) -> str:
    """``address`` as a header value: ``Name <addr>``, the name RFC 2047-encoded when needed."""
    return " ".join(_address_tokens(address))


def _header(name: str, tokens: Sequence[str]) -> bytes:
    """One header field, folded between tokens to keep lines near 78 characters."""
    line = f"{name}:"
    lines = []
    for token in tokens:
        if token and len(line) + 1 + len(token) > _FOLD_AT and line.strip(" ") != f"{name}:":
            lines.append(line)
            line = " " + token
        else:
            line += " " + token
    lines.append(line)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def mailbox_text(address: Address) -> str:
    """``address`` written for people and for ``parse_mailbox``: ``Name <addr>`` (no encoding)."""
    name = " ".join(clean_header_value(address.name).split())
    if not name:
        return address.email
    if any(c in _SPECIALS for c in name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address.email}>"


def parse_mailbox(text: str) -> Address:
    """``"Name <addr>"`` or ``"addr"`` as an ``Address`` (no validation of the address)."""
    text = clean_header_value(text)
    if text.endswith(">") and "<" in text:
        name, _, email = text[:-1].rpartition("<")
        name = name.strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        return Address(name, email.strip())
    return Address("", text)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.2f}".rstrip("0").rstrip(".")


def encoded_size(size: int) -> int:
    """The size of ``size`` bytes once base64-encoded in 76-character lines with CRLF."""
    chars = 4 * ((size + 2) // 3)
    return chars + 2 * ((chars + 75) // 76)


# --- bodies --------------------------------------------------------------------------------


def _qp_line(line: str) -> bytes:
    data = binascii.b2a_qp(line.encode("utf-8"), istext=True)
    if b"\n" in data:  # soft line breaks
        data = data.replace(b"\n", b"\r\n")
    # "From " at the start of a line is mangled to ">From " by some mailbox formats.
    if data.startswith(b"From "):
        data = b"=46" + data[1:]
    return data


class QuotedPrintable:
    """Quoted-printable with CRLF line ends (lines of at most 76 characters), line by line.

    Encoding is line-local, so the lines every message shares (most of a template) are encoded
    once and reused: b2a_qp costs ~3 ns a byte, a third of building a 5 KB message otherwise.
    """

    def __init__(self, budget: int = 1_000_000) -> None:
        self._lines: dict[str, bytes] = {}
        # Characters the cache may still hold: a minified template is one long line that
        # differs per recipient, and must not fill memory.
        self._budget = budget

    def encode(self, text: str) -> bytes:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        cache = self._lines
        out = []
        for line in text.split("\n"):
            data = cache.get(line)
            if data is None:
                data = _qp_line(line)
                if len(line) < self._budget:
                    cache[line] = data
                    self._budget -= len(line) + 64
            out.append(data)
        return b"\r\n".join(out)


_TEXT_HEADERS = (
    b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n'
)
_HTML_HEADERS = (
    b'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n'
)


def _attachment_part(att: AttachmentPart) -> bytes:
    maintype, _, subtype = att.content_type.partition("/")
    if maintype in ("multipart", "message") or not subtype:
        # Those types cannot be base64-encoded opaque files in MIME: send the bytes as they are.
        maintype, subtype = "application", "octet-stream"
    part = MIMEPart(policy=SMTP)
    filename = clean_header_value(att.filename) or "attachment"
    part.set_content(
        att.data, maintype, subtype, disposition="attachment", filename=filename,
        params={"name": filename},
    )  # fmt: skip
    return part.as_bytes(policy=SMTP)


# --- the builder ---------------------------------------------------------------------------


class MessageBuilder:
    """Builds the messages of one send: the fixed parts once, the personalised ones per recipient."""

    def __init__(
        self,
        template: CompiledTemplate,
        *,
        sender: Address,
        reply_to: str = "",
        attachments: Sequence[AttachmentPart] = (),
        campaign_name: str = "",
        max_size: int = DEFAULT_MAX_SIZE,
    ) -> None:
        self.template = template
        self.sender = Address(
            " ".join(clean_header_value(sender.name).split()), clean_address(sender.email)
        )
        self.reply_to = clean_header_value(reply_to)
        self.attachments = tuple(attachments)
        self.campaign_name = campaign_name
        self.max_size = max_size
        local, _, domain = self.sender.email.rpartition("@")
        try:
            ascii_domain = domain.encode("idna").decode("ascii") if domain else ""
        except UnicodeError:
            ascii_domain = ""
        self._id_domain = ascii_domain or "facteur.invalid"
        self.mailto_url = (
            f"mailto:{quote(local, safe='+')}@{ascii_domain or quote(domain)}?subject=unsubscribe"
        )
        self._from = _header("From", _address_tokens(self.sender))
        reply = b""
        if self.reply_to:
            reply = _header("Reply-To", _address_tokens(parse_mailbox(self.reply_to)))
        self._alternative = template.has_html
        token = secrets.token_hex(12)
        # "=_" never occurs in quoted-printable or base64 text: the boundaries cannot collide
        # with any content.
        mixed, alt = f"=_m{token}", f"=_a{token}"
        self._mixed = mixed.encode()
        self._alt = alt.encode()
        tail = [reply, b"MIME-Version: 1.0\r\n"]
        parts = [_attachment_part(a) for a in self.attachments]
        attached = sum(len(p) for p in parts)
        if attached > max_size:
            raise MessageTooLarge(
                "The attachments take {size} MB once encoded for email, over the limit of "
                "{limit} MB per message.",
                size=_mb(attached),
                limit=_mb(max_size),
            )
        body_type = (
            f'Content-Type: multipart/alternative; boundary="{alt}"\r\n'.encode()
            if self._alternative
            else _TEXT_HEADERS
        )
        if parts:
            tail.append(f'Content-Type: multipart/mixed; boundary="{mixed}"\r\n\r\n'.encode())
            tail.append(b"--" + self._mixed + b"\r\n" + body_type + b"\r\n")
            self._end = (
                b"".join([b"\r\n--" + self._mixed + b"\r\n" + p.rstrip(b"\r\n") for p in parts])
                + b"\r\n--"
                + self._mixed
                + b"--\r\n"
            )
        else:
            tail.append(body_type + b"\r\n")
            self._end = b"\r\n"
        self._tail = b"".join(tail)
        self._alt_text = b"--" + self._alt + b"\r\n" + _TEXT_HEADERS + b"\r\n"
        self._alt_html = b"\r\n--" + self._alt + b"\r\n" + _HTML_HEADERS + b"\r\n"
        self._alt_end = b"\r\n--" + self._alt + b"--"
        self._date_second = -1
        self._date = b""
        self._qp = QuotedPrintable()

    def _date_header(self) -> bytes:
        now = int(time.time())
        if now != self._date_second:
            self._date = f"Date: {formatdate(now, localtime=True)}\r\n".encode()
            self._date_second = now
        return self._date

    def build(
        self,
        key: int,
        contact: Mapping[str, Any],
        *,
        to: Address,
        unsubscribe_url: str | None = None,
        data: Mapping[str, Any] | None = None,
        message_id: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        tracking: Tracking | None = None,
    ) -> Outgoing:
        """The message for one recipient; ``TemplateError`` or ``MessageTooLarge`` when impossible.

        ``tracking`` (``app.tracking.links``) rewrites the rendered links through the relay and
        adds the open pixel; the builder itself stays the same for every recipient.
        """
        url = quote(clean_address(unsubscribe_url), safe=_URL_SAFE) if unsubscribe_url else ""
        context = make_context(
            contact,
            campaign_name=self.campaign_name,
            unsubscribe_url=url or self.mailto_url,
            data=data,
        )
        rendered = self.template.render(context)
        html, text = rendered.html, rendered.text
        if tracking is not None:
            html, text = tracking.apply(html, text, url)
        to = Address(" ".join(clean_header_value(to.name).split()), clean_address(to.email))
        if message_id:
            mid = "<" + clean_address(message_id) + ">"
        else:
            mid = f"<{secrets.token_hex(16)}@{self._id_domain}>"
        headers = {"Message-ID": mid}
        if url:
            headers["List-Unsubscribe"] = f"<{url}>, <{self.mailto_url}>"
            if url[:8].lower() == "https://":
                headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        else:
            headers["List-Unsubscribe"] = f"<{self.mailto_url}>"
        if extra_headers:
            for name, value in extra_headers.items():
                if not _FIELD_NAME.fullmatch(name):
                    raise ValueError(f"invalid header name {name!r}")
                headers[name] = clean_header_value(value)
        head = [
            self._from,
            _header("To", _address_tokens(to)),
            _header("Subject", _subject_tokens(rendered.subject)),
            self._date_header(),
        ]
        for name, value in headers.items():
            plain = value.isascii() and "=?" not in value
            head.append(_header(name, value.split(" ") if plain else _encoded_words(value)))
        head.append(self._tail)
        if self._alternative:
            head += [
                self._alt_text,
                self._qp.encode(text),
                self._alt_html,
                self._qp.encode(html),
                self._alt_end,
            ]
            head.append(self._end)
        else:
            body = self._qp.encode(text)
            head.append(body)
            # A lone text part already ending with a line end is a complete message as it is.
            if not (body.endswith(b"\r\n") and self._end == b"\r\n"):
                head.append(self._end)
        mime = b"".join(head)
        if len(mime) > self.max_size:
            raise MessageTooLarge(
                "The message to {email} would take {size} MB, over the limit of {limit} MB "
                "per message.",
                email=to.email,
                size=_mb(len(mime)),
                limit=_mb(self.max_size),
            )
        return Outgoing(
            key=key,
            sender=self.sender,
            to=to,
            reply_to=self.reply_to,
            subject=rendered.subject,
            html=html,
            text=text,
            headers=headers,
            mime=mime,
            attachments=self.attachments,
        )


_FIELD_NAME = re.compile(r"[!-9;-~]+")
# Characters left as they are in a URL (reserved ones and existing %-escapes).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def load_builder(
    db: Database,
    template_name_or_id: str | int,
    *,
    sender: Address,
    reply_to: str = "",
    campaign_name: str = "",
) -> MessageBuilder:
    """The builder for one send of a stored template (its From/Reply-To overrides win)."""
    from app.templates.attachments import load_parts
    from app.templates.service import find_template

    with db.session() as s:
        row = find_template(s, template_name_or_id)
        subject, html, text = row.subject, row.html, row.text
        from_override, template_reply_to = row.from_override, row.reply_to
        parts = load_parts(s, row.id)
    compiled = compile_template(subject, html, text)
    if from_override.strip():
        sender = parse_mailbox(from_override)
    return MessageBuilder(
        compiled,
        sender=sender,
        reply_to=template_reply_to.strip() or reply_to,
        attachments=parts,
        campaign_name=campaign_name,
    )
