"""SMTP transport: one persistent connection, pipelined transactions, outcomes per message.

smtplib opens the session (connect, EHLO, STARTTLS, AUTH: the rare, fiddly part); messages then
go over the socket directly. When the server offers PIPELINING (RFC 2920), MAIL, RCPT and DATA
leave in one write, and a message's data leaves in one write together with the next message's
MAIL, RCPT and DATA: one round trip per message, and no per-line work in Python.

What a message's outcome depends on (``base.Outcome``):

- the server's replies: 2xx after the data -> ``sent``; 4xx anywhere -> ``retry``; 5xx ->
  ``failed`` with the reply kept (530 "authentication required" raises ``AuthenticationFailed``
  instead: every message would fail the same way);
- the connection: lost before the final dot was written -> ``retry`` (not accepted for sure);
  lost after it, before the reply -> ``in_doubt``. The next message reconnects.

A connection found dead before anything of a message's data was sent (an idle connection the
server closed) is replaced transparently and the message sent on the new one.
"""

from __future__ import annotations

import contextlib
import re
import select
import smtplib
import socket
import ssl
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.errors import InvalidInput
from app.sending.transports.base import (
    AuthenticationFailed,
    Outcome,
    Report,
    TransportUnavailable,
)

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

SECURITY_MODES = ("none", "starttls", "ssl")
# A connection idle longer than this is checked (one select) before reuse: servers close idle
# sessions, often saying "421 timeout" first, which must not be read as a message's refusal.
_IDLE_CHECK = 1.0
# The socket timeout applies to each write of at most this much (a large attachment on a slow
# line must not time out as a whole).
_CHUNK = 1 << 20
_MAX_REPLY = 1 << 16
_QUEUED_AS = re.compile(rb"queued as\s+<?([^\s<>;,]+)", re.IGNORECASE)
# The regex engine finds it 3x faster than ``in`` (no memchr for a 2-byte needle in CPython).
_LINE_DOT = re.compile(rb"\n\.")
# CR/LF would inject commands; angle brackets and spaces break the envelope syntax.
_UNSAFE = re.compile(r"[\s<>]")
_X509_HOSTNAME_MISMATCH = (62, 64)  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH

Reply = tuple[int, bytes]  # code, raw reply ("550 5.1.1 <x@y>: user unknown\r\n")
_IN_DOUBT = "connection lost after the whole message was sent, before the server's answer: {reason}"


class _Lost(Exception):
    """The connection broke (closed, reset, timed out, or the server spoke nonsense)."""

    def __init__(self, reason: str, written: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.written = written  # bytes of the current write surely handed to the network


def _reason(exc: BaseException) -> str:
    if isinstance(exc, _Lost):
        return exc.reason
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, smtplib.SMTPResponseException):
        return _text((exc.smtp_code, exc.smtp_error))
    text = getattr(exc, "strerror", None) or str(exc)
    return text or type(exc).__name__


def _text(reply: tuple[int, bytes | str]) -> str:
    """A reply as people read it: "550 5.1.1 <x@y>: user unknown" (lines joined by newlines)."""
    code, raw = reply
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    raw = raw.replace("\r\n", "\n").strip()
    return raw if raw[:3] == str(code) else f"{code} {raw}".strip()


def _stuffed(mime: bytes) -> bytes:
    """The DATA payload: lines starting with "." doubled, CRLF at the end, then the final dot."""
    # b"\n." also catches a bare LF, which some servers take as a line end (SMTP smuggling).
    if _LINE_DOT.search(mime):
        mime = mime.replace(b"\n.", b"\n..")
    if mime[:1] == b".":
        mime = b"." + mime
    if mime[-2:] == b"\r\n":
        return mime + b".\r\n"
    return mime + b"\r\n.\r\n"


def _provider_id(raw: bytes) -> str:
    """The queue id from "250 2.0.0 Ok: queued as ABC123", else the reply's text."""
    found = _QUEUED_AS.search(raw)
    if found:
        return found.group(1).decode("ascii", "replace")
    last = raw.rstrip().rsplit(b"\n", 1)[-1]
    return last[4:].decode("utf-8", "replace").strip() or _text((250, raw))


def _address_literal(address: str) -> str:
    """EHLO argument: our address on this connection (no DNS lookup, no machine name leaked)."""
    return f"[IPv6:{address}]" if ":" in address else f"[{address}]"


class _Link:
    """An open SMTP session, past EHLO/STARTTLS/AUTH: the socket and a buffered reply reader."""

    __slots__ = (
        "sock",
        "tls",
        "esmtp",
        "features",
        "buf",
        "pipelining",
        "eightbit",
        "smtputf8",
        "sent",
        "last_used",
        "ahead",
    )

    def __init__(self, sock: socket.socket, esmtp: bool, features: dict[str, str]) -> None:
        self.sock = sock
        self.tls = isinstance(sock, ssl.SSLSocket)
        self.esmtp = esmtp
        self.features = features
        self.buf = bytearray()
        self.pipelining = "pipelining" in features
        self.eightbit = "8bitmime" in features
        self.smtputf8 = "smtputf8" in features
        self.sent = 0  # transactions started on this connection
        self.last_used = time.monotonic()
        # The message whose MAIL/RCPT/DATA already went out behind the previous message's data:
        # the server is answering them, so nothing else may be written before they are read.
        self.ahead: Outgoing | None = None

    def write(self, data: bytes, mark: int = 0) -> None:
        """Send ``data``; on failure ``_Lost.written`` is what surely went out.

        Over TLS a write ending at ``mark`` (the final dot) is made on its own: a TLS write
        either completes or leaves its last record unreadable.
        """
        total = len(data)
        if total <= _CHUNK and (not self.tls or not 0 < mark < total):
            try:
                if self.tls:
                    self.sock.sendall(data)
                    return
                done = self.sock.send(data)
                if done == total:
                    return
            except OSError as exc:
                raise _Lost(_reason(exc)) from exc
        else:
            done = 0
        view = memoryview(data)
        try:
            while done < total:
                end = min(done + _CHUNK, total)
                if self.tls:
                    if done < mark < end:
                        end = mark
                    self.sock.sendall(view[done:end])
                    done = end
                else:
                    done += self.sock.send(view[done:end])
        except OSError as exc:
            raise _Lost(_reason(exc), done) from exc

    def reply(self) -> Reply:
        """The next reply: its code and raw bytes (all its lines)."""
        buf = self.buf
        line = 0
        while True:
            end = buf.find(b"\n", line)
            if end < 0:
                if len(buf) > _MAX_REPLY:
                    raise _Lost("reply too long")
                try:
                    chunk = self.sock.recv(65536)
                except OSError as exc:
                    raise _Lost(_reason(exc)) from exc
                if not chunk:
                    raise _Lost("connection closed by the server")
                buf += chunk
                continue
            # "250-..." continues the reply, "250 ..." (or a bare "250") ends it.
            if buf[line + 3 : line + 4] != b"-":
                break
            line = end + 1
        raw = bytes(buf[: end + 1])
        del buf[: end + 1]
        code = raw[:3]
        if not code.isdigit() or code[0] not in b"2345":
            raise _Lost(f"unexpected reply {raw[:80]!r}")
        return int(code), raw

    def command(self, command: bytes) -> Reply:
        self.write(command)
        return self.reply()

    def usable_for(self, item: Outgoing) -> bool:
        """Can ``item`` go next on this connection?"""
        if self.ahead is not None:
            return self.ahead is item  # else a batch was interrupted mid-group
        return time.monotonic() - self.last_used < _IDLE_CHECK or not self.stale()

    def stale(self) -> bool:
        """Did the server speak (a 421) or hang up while we were idle?"""
        if self.buf or (self.tls and self.sock.pending()):  # type: ignore[attr-defined]
            return True
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def quit(self) -> None:
        """Say goodbye (best effort) and close the socket."""
        if self.ahead is None:
            # In the middle of a pipelined group the server may be reading message data, and
            # "QUIT" would become part of it: then closing without a final dot is the way out.
            try:
                self.sock.settimeout(min(self.sock.gettimeout() or 5.0, 5.0))
                self.sock.sendall(b"QUIT\r\n")
                self.reply()
            except (OSError, _Lost):
                pass
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class SmtpTransport:
    """An SMTP account: host, port, security (``none``, ``starttls``, ``ssl``), optional AUTH.

    One instance is one connection, for one thread; it is opened on first use, reused for every
    message, replaced after ``max_per_connection`` messages or when the server closes it.
    Certificates are always verified (against ``ca_file`` when given, else the system's
    authorities). AUTH over an unencrypted link needs ``allow_insecure_auth``.
    """

    #: The engine hands over at most this many messages per call; each gets its own report.
    #: Within a call, a message's data and the next one's commands share a write.
    batch_size = 10

    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        username: str = "",
        password: str = "",
        *,
        allow_insecure_auth: bool = False,
        ca_file: str = "",
        timeout: float = 30.0,
        local_hostname: str | None = None,
        max_per_connection: int = 1000,
    ) -> None:
        if security not in SECURITY_MODES:
            raise InvalidInput(
                "Unknown SMTP security {security!r}: expected none, starttls or ssl.",
                security=security,
            )
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self._password = password
        self.allow_insecure_auth = allow_insecure_auth
        self.ca_file = ca_file
        self.timeout = timeout
        self.local_hostname = local_hostname
        self.max_per_connection = max(1, max_per_connection)
        self._tls: ssl.SSLContext | None = None
        self._link: _Link | None = None

    def __repr__(self) -> str:
        return f"SmtpTransport({self.host!r}, {self.port}, {self.security!r})"

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the Transport protocol -------------------------------------------------------------

    def send_batch(self, items: Sequence[Outgoing], report: Report) -> None:
        """Send ``items`` one transaction each, reporting every outcome as soon as it is known.

        Raises ``TransportUnavailable`` (cannot connect) or ``AuthenticationFailed``; the items
        not reported by then were not sent.
        """
        try:
            last = len(items) - 1
            for i, item in enumerate(items):
                report(self._send(item, items[i + 1] if i < last else None))
        finally:
            # Interrupted (report raised) with the next message's commands already out.
            if self._link is not None and self._link.ahead is not None:
                self._drop()

    def check(self) -> str:
        """Connect, EHLO, STARTTLS, AUTH and QUIT on a connection of its own.

        Returns e.g. "smtp.example.com: ESMTP ready, STARTTLS, AUTH PLAIN LOGIN".
        """
        link = self._open()
        features = link.features
        link.quit()
        parts = [f"{self.host}: ESMTP ready" if link.esmtp else f"{self.host}: SMTP ready"]
        parts.append(
            {"none": "no encryption", "starttls": "STARTTLS", "ssl": "SSL/TLS"}[self.security]
        )
        if "auth" in features:
            parts.append(" ".join(["AUTH", *features["auth"].split()]))
        if link.pipelining:
            parts.append("PIPELINING")
        if self.username:
            parts.append(f"logged in as {self.username}")
        return ", ".join(parts)

    def close(self) -> None:
        """QUIT and close the connection; the next message opens a new one."""
        link, self._link = self._link, None
        if link is not None:
            link.quit()

    # -- one message ------------------------------------------------------------------------

    def _send(self, item: Outgoing, following: Outgoing | None) -> Outcome:
        link = self._link
        if link is not None and not link.usable_for(item):
            self._drop()
            link = None
        reused = link is not None
        if link is None:
            link = self._link = self._open()
        try:
            outcome = self._transaction(link, item, following)
        except _Lost as lost:
            # Nothing of the message's data was sent: an old connection gets one replacement.
            self._drop()
            if not reused:
                return Outcome(item.key, "retry", f"connection lost: {lost.reason}")
            link = self._link = self._open()
            try:
                outcome = self._transaction(link, item, following)
            except _Lost as again:
                self._drop()
                return Outcome(item.key, "retry", f"connection lost: {again.reason}")
        if self._link is link:
            link.last_used = time.monotonic()
            if link.sent >= self.max_per_connection and link.ahead is None:
                self.close()
        return outcome

    def _commands(self, link: _Link, item: Outgoing) -> bytes | Outcome:
        """MAIL, RCPT and DATA for ``item``, or its outcome when they cannot be sent."""
        sender, rcpt = item.sender.email, item.to.email
        if not sender or not rcpt or _UNSAFE.search(sender) or _UNSAFE.search(rcpt):
            return Outcome(item.key, "failed", f"invalid address: {sender!r} -> {rcpt!r}")
        options = b""
        if not (sender.isascii() and rcpt.isascii()):
            if not link.smtputf8:
                return Outcome(
                    item.key,
                    "failed",
                    "the server does not accept internationalised addresses (no SMTPUTF8): "
                    f"{sender} -> {rcpt}",
                )
            options = b" SMTPUTF8"
        if link.eightbit and not item.mime.isascii():
            options += b" BODY=8BITMIME"
        return b"MAIL FROM:<%s>%s\r\nRCPT TO:<%s>\r\nDATA\r\n" % (
            sender.encode(),
            options,
            rcpt.encode(),
        )

    def _transaction(self, link: _Link, item: Outgoing, following: Outgoing | None) -> Outcome:
        """One MAIL/RCPT/DATA transaction; raises ``_Lost`` only before any data was written."""
        replies: list[Reply]
        if link.pipelining:
            if link.ahead is item:
                link.ahead = None
            else:
                commands = self._commands(link, item)
                if isinstance(commands, Outcome):
                    return commands
                link.sent += 1
                link.write(commands)
            replies = []
            for _ in range(3):
                replies.append(link.reply())
                if replies[-1][0] == 421:
                    break
        else:
            commands = self._commands(link, item)
            if isinstance(commands, Outcome):
                return commands
            link.sent += 1
            replies = []
            for command in commands.splitlines(keepends=True):
                replies.append(link.command(command))
                if replies[-1][0] // 100 != 2:
                    break
        if (
            len(replies) == 3
            and replies[2][0] == 354
            and replies[0][0] // 100 == 2
            and replies[1][0] // 100 == 2
        ):
            return self._data(link, item, following)
        return self._refused(link, item.key, replies)

    def _refused(self, link: _Link, key: int, replies: list[Reply]) -> Outcome:
        """The transaction was refused before the data: outcome from the first refusal."""
        first = next((r for r in replies if r[0] // 100 != 2 and r[0] != 354), replies[-1])
        code = first[0]
        if any(r[0] == 421 for r in replies):
            self._drop()  # the server is closing this connection
        else:
            try:
                if replies[-1][0] == 354:
                    # Recipient refused but DATA accepted (RFC 2920): an empty message, which
                    # the server must refuse for want of recipients.
                    link.command(b".\r\n")
                link.command(b"RSET\r\n")
            except _Lost:
                self._drop()
        if code == 530:
            self._drop()
            raise AuthenticationFailed(
                "The mail server {host} requires authentication: {reply}",
                host=self.host,
                reply=_text(first),
            )
        return Outcome(key, "retry" if code // 100 == 4 else "failed", _text(first))

    def _data(self, link: _Link, item: Outgoing, following: Outgoing | None) -> Outcome:
        key = item.key
        payload = _stuffed(item.mime)
        end = len(payload)
        if following is not None and link.pipelining and link.sent < self.max_per_connection:
            commands = self._commands(link, following)
            if isinstance(commands, bytes):
                payload += commands
                link.ahead = following
                link.sent += 1
        try:
            link.write(payload, end)
        except _Lost as lost:
            self._drop()
            if lost.written >= end:
                return Outcome(key, "in_doubt", _IN_DOUBT.format(reason=lost.reason))
            return Outcome(
                key, "retry", f"connection lost while sending the message: {lost.reason}"
            )
        try:
            reply = link.reply()
        except _Lost as lost:
            self._drop()
            return Outcome(key, "in_doubt", _IN_DOUBT.format(reason=lost.reason))
        code = reply[0]
        if code // 100 == 2:
            return Outcome(key, "sent", provider_id=_provider_id(reply[1]))
        if code == 421:
            self._drop()
        return Outcome(key, "retry" if code // 100 == 4 else "failed", _text(reply))

    def _drop(self) -> None:
        """Close the connection without a word (it is broken, or in a state QUIT cannot end)."""
        link, self._link = self._link, None
        if link is not None:
            link.close()

    # -- opening a session ------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        if self._tls is None:
            try:
                # Verifies the chain and the host name (ssl's defaults for a client).
                self._tls = ssl.create_default_context(cafile=self.ca_file or None)
            except (OSError, ValueError) as exc:
                raise TransportUnavailable(
                    "Cannot read the certificate authority file {path}: {reason}",
                    path=self.ca_file,
                    reason=_reason(exc),
                ) from exc
        return self._tls

    def _open(self) -> _Link:
        """Connect, EHLO, STARTTLS, AUTH; raise TransportUnavailable / AuthenticationFailed."""
        if self.username and self.security == "none" and not self.allow_insecure_auth:
            raise AuthenticationFailed(
                "The password for {username!r} would travel unencrypted to {host}: choose "
                "STARTTLS or SSL/TLS, or explicitly allow authentication without encryption.",
                username=self.username,
                host=self.host,
            )
        context = self._context() if self.security != "none" else None
        # A placeholder local_hostname: smtplib would otherwise look up our FQDN (DNS, slow).
        smtp: smtplib.SMTP | None = None
        try:
            # smtplib closes its socket itself when the constructor (connect, greeting) fails.
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    self.host,
                    self.port,
                    local_hostname="localhost",
                    timeout=self.timeout,
                    context=context,
                )
            else:
                smtp = smtplib.SMTP(
                    self.host, self.port, local_hostname="localhost", timeout=self.timeout
                )
            self._handshake(smtp)
        except (OSError, smtplib.SMTPException) as exc:
            if smtp is not None:
                smtp.close()
            raise self._unavailable(exc) from exc
        except BaseException:
            if smtp is not None:
                smtp.close()
            raise
        # From here on the socket is ours: smtplib's reader holds nothing (servers do not speak
        # unasked) and closing it leaves the socket open.
        sock = smtp.sock
        if smtp.file is not None:
            smtp.file.close()
        smtp.sock = smtp.file = None
        assert sock is not None
        # Every write is a whole command group or message: nothing to gain from Nagle's delay.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Link(sock, smtp.does_esmtp, dict(smtp.esmtp_features))

    def _handshake(self, smtp: smtplib.SMTP) -> None:
        if self.local_hostname is None:
            assert smtp.sock is not None
            smtp.local_hostname = _address_literal(smtp.sock.getsockname()[0])
        else:
            smtp.local_hostname = self.local_hostname
        self._hello(smtp)
        if self.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise TransportUnavailable(
                    "The mail server {host} does not offer STARTTLS, and Facteur never sends "
                    "unencrypted instead: check the port and the security setting.",
                    host=self.host,
                )
            # Checks the certificate against the host name; forgets the pre-TLS extensions.
            smtp.starttls(context=self._context())
            self._hello(smtp)
        if self.username:
            self._login(smtp)

    @staticmethod
    def _hello(smtp: smtplib.SMTP) -> None:
        code, message = smtp.ehlo()
        if code // 100 != 2:
            code, message = smtp.helo()
            if code // 100 != 2:
                raise smtplib.SMTPHeloError(code, message)

    def _login(self, smtp: smtplib.SMTP) -> None:
        if not smtp.has_extn("auth"):
            raise AuthenticationFailed(
                "The mail server {host} does not offer authentication on this connection: "
                "check the security setting, or leave the login empty.",
                host=self.host,
            )
        try:
            smtp.login(self.username, self._password)
        except smtplib.SMTPAuthenticationError as exc:
            reply = _text((exc.smtp_code, exc.smtp_error))
            if exc.smtp_code // 100 == 4:
                raise TransportUnavailable(
                    "The mail server {host} cannot check the login right now: {reply}",
                    host=self.host,
                    reply=reply,
                ) from exc
            raise AuthenticationFailed(
                "The mail server {host} refused the login {username!r}: {reply}",
                host=self.host,
                username=self.username,
                reply=reply,
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise AuthenticationFailed(
                "The mail server {host} does not offer authentication on this connection: "
                "check the security setting, or leave the login empty.",
                host=self.host,
            ) from exc
        except smtplib.SMTPException as exc:
            if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPResponseException):
                raise
            raise AuthenticationFailed(
                "The mail server {host} offers no authentication method Facteur supports "
                "({methods}).",
                host=self.host,
                methods=smtp.esmtp_features.get("auth", "").strip(),
            ) from exc

    def _unavailable(self, exc: BaseException) -> TransportUnavailable:
        """A readable reason for a failure to open the session."""
        host, port = self.host, self.port
        inner = exc.__context__
        if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(inner, OSError):
            exc = inner  # smtplib's wrapping of a timeout or a reset while reading a reply
        if isinstance(exc, ssl.SSLCertVerificationError):
            reason = exc.verify_message or _reason(exc)
            if exc.verify_code in _X509_HOSTNAME_MISMATCH:
                return TransportUnavailable(
                    "The certificate of the mail server {host} is not valid for that name: "
                    "{reason}.",
                    host=host,
                    reason=reason,
                )
            return TransportUnavailable(
                "The certificate of the mail server {host} is not trusted: {reason}.",
                host=host,
                reason=reason,
            )
        if isinstance(exc, ssl.SSLError):
            return TransportUnavailable(
                "The secure connection to the mail server {host}:{port} failed ({reason}): "
                "check the security setting (SSL/TLS or STARTTLS) for this port.",
                host=host,
                port=port,
                reason=exc.reason or _reason(exc),
            )
        if isinstance(exc, socket.gaierror):
            return TransportUnavailable(
                "Cannot find the mail server {host!r}: {reason}.", host=host, reason=_reason(exc)
            )
        if isinstance(exc, ConnectionRefusedError):
            return TransportUnavailable(
                "The mail server {host}:{port} refused the connection: nothing answers on that "
                "port.",
                host=host,
                port=port,
            )
        if isinstance(exc, TimeoutError):
            return TransportUnavailable(
                "The mail server {host}:{port} did not answer within {seconds:g} seconds.",
                host=host,
                port=port,
                seconds=self.timeout,
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return TransportUnavailable(
                "The mail server {host}:{port} closed the connection: {reason}",
                host=host,
                port=port,
                reason=_reason(exc),
            )
        if isinstance(exc, smtplib.SMTPResponseException):
            return TransportUnavailable(
                "The mail server {host} refused the session: {reply}",
                host=host,
                reply=_reason(exc),
            )
        return TransportUnavailable(
            "Cannot connect to the mail server {host}:{port}: {reason}",
            host=host,
            port=port,
            reason=_reason(exc),
        )
