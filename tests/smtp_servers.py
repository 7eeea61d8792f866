"""Real SMTP servers on 127.0.0.1 for tests and benchmarks (no mocks, no network beyond loopback).

``SmtpServer`` is an aiosmtpd server in a thread: plain, STARTTLS or implicit SSL (certificate from a
throw-away trustme CA), optional AUTH, optional PIPELINING advertised, and replies injected on
demand::

    with SmtpServer(tls="starttls", auth={"jean": "secret"}) as server:
        transport = SmtpTransport(server.host, server.port, "starttls", "jean", "secret",
                                  ca_file=server.ca_file)
        server.reply_for("nobody@example.com", "550 5.1.1 <nobody@example.com>: user unknown")
        server.fail_next(1, "451 4.3.0 try later")        # the next message, whoever it is for
        ...
        server.wait_for(3)                                 # 3 messages accepted
        assert server.messages[0].data == mime and server.sessions == 1

``RawSmtpServer`` is a small blocking-socket server for what aiosmtpd cannot do: it checks how
commands arrive (``.pipelined``: one flag per transaction) and can drop the connection in the
middle of the data or after the final dot without replying (``DroppingSmtpServer``).

Every server is a context manager: leaving the block stops it, closes its sockets and joins its
threads (the test suite fails on leaked threads and ResourceWarnings).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import selectors
import shutil
import socket
import ssl
import struct
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"

# aiosmtpd itself sets the deprecated Session.login_data on every AUTH, and logs a warning.
logging.getLogger("mail.log").addFilter(lambda record: "login_data" not in record.getMessage())
TlsMode = Literal["none", "starttls", "ssl"]
Stage = Literal["mail", "rcpt", "data"]


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    """One accepted message: envelope, data exactly as sent (dot-stuffing undone) and session."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    mail_options: tuple[str, ...] = ()
    tls: bool = False
    login: str = ""


@dataclass(slots=True)
class _Rule:
    match: Callable[[str], bool] | None  # None: any message
    reply: str
    times: int
    stage: Stage


class _Inbox:
    """Messages and sessions recorded by a server thread, awaited by the test thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.messages: list[ReceivedMessage] = []
        self.sessions = 0

    def add(self, message: ReceivedMessage) -> None:
        with self._cond:
            self.messages.append(message)
            self._cond.notify_all()

    def wait_for(self, count: int, timeout: float) -> list[ReceivedMessage]:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(
                    f"{len(self.messages)} message(s) received after {timeout} s, expected {count}"
                )
            return list(self.messages)


class _TestCertificates:
    """A trustme CA and a server certificate, the CA written to a PEM file for ``ca_file``."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.ca = trustme.CA()
        self.cert = self.ca.issue_cert(*names)
        self._dir = tempfile.mkdtemp(prefix="facteur-smtp-ca-")
        self.ca_file = str(Path(self._dir) / "ca.pem")
        self.ca.cert_pem.write_to_path(self.ca_file)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(context)
        return context

    def remove(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)


class _Controller(Controller):
    """aiosmtpd's threaded controller, listening on a free port and counting connections."""

    def __init__(self, *args: Any, on_connection: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_connection = on_connection
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    def _create_server(self) -> Any:
        create = super()._create_server()

        async def bound() -> asyncio.AbstractServer:
            server = await create
            # Port 0 picks a free port; aiosmtpd needs the real one to poke the server at start.
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
            return server

        return bound()

    def factory(self) -> SMTP:
        self._on_connection()
        smtp = super().factory()
        self._sessions.add(smtp)
        return smtp

    def stop(self, no_assert: bool = False) -> None:
        if self._thread is not None and self.loop.is_running():
            # aiosmtpd leaves the connections still open at its stop unclosed (ResourceWarning).
            asyncio.run_coroutine_threadsafe(self._hang_up(), self.loop).result(timeout=10)
        super().stop(no_assert)

    async def _hang_up(self) -> None:
        for smtp in list(self._sessions):
            if smtp.transport is not None:
                smtp.transport.abort()
        for _ in range(3):  # let the transports' connection_lost callbacks run
            await asyncio.sleep(0)


class _Handler:
    """aiosmtpd hooks: apply injected replies, record accepted messages."""

    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname
        if self._server.pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_MAIL(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        if self._server._auth and not session.authenticated:
            return "530 5.7.0 Authentication required"
        reply = self._server._injected("mail", address)
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        reply = self._server._injected("rcpt", address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        for rcpt in envelope.rcpt_tos:
            reply = self._server._injected("data", rcpt)
            if reply:
                return reply
        login = str(session.auth_data) if session.authenticated else ""
        data = envelope.original_content or b""
        self._server._inbox.add(
            ReceivedMessage(
                envelope.mail_from or "",
                tuple(envelope.rcpt_tos),
                bytes(data),
                tuple(envelope.mail_options),
                tls=self._server.tls == "ssl" or session.ssl is not None,
                login=login,
            )
        )
        return f"250 2.0.0 Ok: queued as Q{len(self._server._inbox.messages):06d}"


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 (free port), in a thread; use it as a context manager.

    - ``tls``: ``"none"``, ``"starttls"`` (offers STARTTLS) or ``"ssl"`` (implicit TLS); for the
      last two the certificate is issued by a fresh trustme CA for ``cert_names`` and
      ``ca_file`` is that CA's PEM file (pass it to the transport's ``ca_file``).
    - ``auth``: ``{login: password}``; AUTH PLAIN and LOGIN are offered, and required before
      MAIL (530 otherwise); over TLS only, unless ``auth_require_tls=False``.
    - ``pipelining``: advertise PIPELINING (aiosmtpd reads commands in order anyway).
    - ``smtputf8=False``: do not offer SMTPUTF8; ``port``: a fixed port (a server "coming
      back" where a transport already points), else a free one.
    - ``.messages``: accepted messages (``ReceivedMessage``); ``.sessions``: connections made.
    - ``reply_for`` / ``fail_next``: inject replies; ``wait_for``: await accepted messages.
    """

    def __init__(
        self,
        tls: TlsMode = "none",
        auth: dict[str, str] | None = None,
        auth_require_tls: bool = True,
        *,
        pipelining: bool = False,
        smtputf8: bool = True,
        cert_names: tuple[str, ...] = ("localhost", HOST),
        port: int = 0,
    ) -> None:
        self.host = HOST
        self.port = port
        self.ca_file = ""
        self.tls = tls
        self.pipelining = pipelining
        self._auth = dict(auth or {})
        self._auth_require_tls = auth_require_tls
        self._smtputf8 = smtputf8
        self._cert_names = cert_names
        self._certs: _TestCertificates | None = None
        self._controller: _Controller | None = None
        self._inbox = _Inbox()
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        #: Logins that authenticated successfully, in order.
        self.logins: list[str] = []

    # -- what the server received ----------------------------------------------------------

    @property
    def messages(self) -> list[ReceivedMessage]:
        return self._inbox.messages

    @property
    def sessions(self) -> int:
        return self._inbox.sessions

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Wait until ``count`` messages were accepted (AssertionError after ``timeout`` s)."""
        return self._inbox.wait_for(count, timeout)

    # -- injected replies -------------------------------------------------------------------

    def reply_for(
        self,
        rcpt: str | Callable[[str], bool],
        reply: str,
        times: int = 1,
        *,
        stage: Stage = "rcpt",
    ) -> None:
        """Answer ``reply`` (e.g. ``"451 4.3.0 try later"``) for messages to ``rcpt``.

        ``rcpt`` is an address (case-insensitive) or a predicate on the recipient; the reply is
        given at RCPT (default) or after the data (``stage="data"``), ``times`` times.
        """
        match: Callable[[str], bool]
        if isinstance(rcpt, str):
            wanted = rcpt.lower()
            match = lambda address: address.lower() == wanted  # noqa: E731
        else:
            match = rcpt
        with self._lock:
            self._rules.append(_Rule(match, reply, times, stage))

    def fail_next(self, n: int, reply: str, *, stage: Stage = "data") -> None:
        """Answer ``reply`` to the next ``n`` messages, after their data by default.

        ``stage="mail"`` or ``"rcpt"`` refuses them at that command instead.
        """
        with self._lock:
            self._rules.append(_Rule(None, reply, n, stage))

    def _injected(self, stage: Stage, address: str) -> str | None:
        with self._lock:
            for rule in self._rules:
                if rule.stage != stage or rule.times <= 0:
                    continue
                if rule.match is None or rule.match(address):
                    rule.times -= 1
                    return rule.reply
        return None

    # -- life cycle -------------------------------------------------------------------------

    def _count_session(self) -> None:
        self._inbox.sessions += 1

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            if login in self._auth and self._auth[login] == password:
                with self._lock:
                    self.logins.append(login)
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    def start(self) -> None:
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": self._smtputf8}
        if self.tls != "none":
            self._certs = _TestCertificates(self._cert_names)
            self.ca_file = self._certs.ca_file
            context = self._certs.server_context()
            kwargs["ssl_context" if self.tls == "ssl" else "tls_context"] = context
        if self._auth:
            kwargs["authenticator"] = self._authenticate
            # aiosmtpd only counts STARTTLS as TLS (implicit SSL is TLS too), and its own
            # auth_required warns (an error under pytest) on a plain link: MAIL checks it here.
            kwargs["auth_require_tls"] = self._auth_require_tls and self.tls != "ssl"
        controller = _Controller(
            _Handler(self),
            hostname=HOST,
            port=self.port,
            server_hostname="smtp.test",
            on_connection=self._count_session,
            **kwargs,
        )
        try:
            controller.start()
        except BaseException:
            controller.stop(no_assert=True)
            self._remove_certs()
            raise
        self._controller = controller
        self.port = controller.port
        self._inbox.sessions = 0  # the controller's own start-up probe is not a session

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        self._remove_certs()

    def _remove_certs(self) -> None:
        if self._certs is not None:
            self._certs.remove()
            self._certs = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# -- a raw server ----------------------------------------------------------------------------

_COMMAND = re.compile(rb"^([A-Za-z]+)(?:[ :](.*))?$")
_ADDRESS = re.compile(rb"<([^>]*)>")
_END_OF_DATA = b"\r\n.\r\n"


class _Closed(Exception):
    pass


class _Reader:
    """Buffered line reader on a blocking socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def fill(self, timeout: float | None = None) -> bool:
        """Receive more; False on timeout. Raises _Closed at end of stream."""
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError:
            return False
        except OSError as exc:
            raise _Closed from exc
        if not chunk:
            raise _Closed
        self.buf += chunk
        return True

    def line(self) -> bytes:
        while (end := self.buf.find(b"\r\n")) < 0:
            self.fill()
        line = bytes(self.buf[:end])
        del self.buf[: end + 2]
        return line


class RawSmtpServer:
    """A minimal SMTP server on raw sockets, one thread per connection; a context manager.

    - ``pipelining=True`` advertises PIPELINING and, to prove the client really pipelines,
      holds its reply to MAIL until RCPT and DATA have arrived too (up to ``hold`` seconds).
    - ``.pipelined``: for each transaction, whether MAIL, RCPT and DATA had all arrived before
      the server replied to MAIL (always False for a client that waits for each reply).
    - ``drop``: ``"mid_data"`` closes the connection (with a reset) after reading ``drop_after``
      bytes of the message; ``"after_dot"`` reads the whole message, final dot included, and
      closes without replying. Only the first ``drops`` transactions are dropped; later ones
      are accepted normally (``250 2.0.0 Ok: queued as R000001``...).
    - ``max_sessions``: after that many connections the server stops listening (later
      connections are refused), as a server going down.
    - ``.messages`` and ``.sessions`` and ``wait_for`` as ``SmtpServer``.
    """

    def __init__(
        self,
        *,
        pipelining: bool = False,
        drop: Literal["mid_data", "after_dot"] | None = None,
        drops: int = 1,
        drop_after: int = 65536,
        hold: float = 3.0,
        max_sessions: int | None = None,
        port: int = 0,
    ) -> None:
        self.host = HOST
        self.port = port
        self.ca_file = ""
        self.pipelining = pipelining
        self.drop = drop
        self.drops_left = drops if drop else 0
        self.drop_after = drop_after
        self.hold = hold
        self.max_sessions = max_sessions
        self.pipelined: list[bool] = []
        self._inbox = _Inbox()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._stopping = False

    @property
    def messages(self) -> list[ReceivedMessage]:
        return self._inbox.messages

    @property
    def sessions(self) -> int:
        return self._inbox.sessions

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Wait until ``count`` messages were accepted (AssertionError after ``timeout`` s)."""
        return self._inbox.wait_for(count, timeout)

    def close_connections(self, reply: bytes = b"") -> None:
        """Hang up on every client, as a server does with idle sessions (``reply`` first,
        e.g. ``b"421 4.4.2 raw.test Error: timeout exceeded\\r\\n"``)."""
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                if reply:
                    conn.sendall(reply)
                conn.shutdown(socket.SHUT_RDWR)

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # A small receive window (inherited by accepted sockets) makes a client writing a large
        # message block soon, so a drop in the middle of the data fails its write.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        listener.bind((HOST, self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._wake_r, self._wake_w = socket.socketpair()
        thread = threading.Thread(target=self._accept_loop, name="raw-smtp-accept", daemon=True)
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            conns = list(self._conns)
        if self._wake_w is not None:
            self._wake_w.send(b"x")
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join()
        self._threads.clear()
        for sock in (self._listener, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self._listener = self._wake_r = self._wake_w = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        assert self._listener is not None and self._wake_r is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                ready = [key.fileobj for key, _ in selector.select()]
                if self._wake_r in ready:
                    return
                conn, _ = self._listener.accept()
                with self._lock:
                    if self._stopping:
                        conn.close()
                        return
                    self._conns.add(conn)
                    self._inbox.sessions += 1
                    thread = threading.Thread(
                        target=self._serve, args=(conn,), name="raw-smtp-conn", daemon=True
                    )
                    self._threads.append(thread)
                thread.start()
                if self.max_sessions is not None and self.sessions >= self.max_sessions:
                    selector.unregister(self._listener)
                    self._listener.close()
                    selector.unregister(self._wake_r)
                    return

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._session(_Reader(conn))
        except _Closed:
            pass
        finally:
            with self._lock:
                self._conns.discard(conn)
            conn.close()

    def _session(self, reader: _Reader) -> None:
        send = reader.sock.sendall
        send(b"220 raw.test ESMTP\r\n")
        mail_from, rcpts = "", list[str]()
        while True:
            line = reader.line()
            pending = len(reader.buf)
            match = _COMMAND.match(line)
            verb = match.group(1).upper() if match else b""
            arg = (match.group(2) or b"") if match else b""
            if verb == b"EHLO":
                extensions = b"250-PIPELINING\r\n" if self.pipelining else b""
                send(b"250-raw.test\r\n" + extensions + b"250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"HELO":
                send(b"250 raw.test\r\n")
            elif verb == b"MAIL":
                address = _ADDRESS.search(arg)
                mail_from, rcpts = (address.group(1).decode() if address else ""), []
                together = self._hold_for_data(reader) if self.pipelining else pending > 0
                with self._lock:
                    self.pipelined.append(together)
                send(b"250 2.1.0 Ok\r\n")
            elif verb == b"RCPT":
                address = _ADDRESS.search(arg)
                rcpts.append(address.group(1).decode() if address else "")
                send(b"250 2.1.5 Ok\r\n")
            elif verb == b"DATA":
                if not rcpts:
                    send(b"503 5.5.1 Error: need RCPT command\r\n")
                    continue
                send(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                self._data(reader, mail_from, rcpts)
                mail_from, rcpts = "", []
            elif verb == b"RSET":
                mail_from, rcpts = "", []
                send(b"250 2.0.0 Ok\r\n")
            elif verb == b"NOOP":
                send(b"250 2.0.0 Ok\r\n")
            elif verb == b"QUIT":
                send(b"221 2.0.0 Bye\r\n")
                return
            else:
                send(b"502 5.5.2 Error: command not recognized\r\n")

    def _hold_for_data(self, reader: _Reader) -> bool:
        """Wait (up to ``hold`` s) until RCPT and DATA follow MAIL in the buffer."""
        deadline = time.monotonic() + self.hold
        while b"DATA\r\n" not in reader.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            reader.fill(left)
        return True

    def _take_drop(self, mode: str) -> bool:
        with self._lock:
            if self.drop == mode and self.drops_left > 0:
                self.drops_left -= 1
                return True
            return False

    def _data(self, reader: _Reader, mail_from: str, rcpts: list[str]) -> None:
        drop_mid = self._take_drop("mid_data")
        while True:
            if reader.buf.startswith(b".\r\n"):  # empty data: the final dot comes first
                length, consumed = 0, 3
                break
            end = reader.buf.find(_END_OF_DATA)
            if end >= 0:
                length, consumed = end + 2, end + len(_END_OF_DATA)
                break
            if drop_mid and len(reader.buf) >= self.drop_after:
                # SO_LINGER 0: close with a reset, as a crashing server would.
                linger = struct.pack("ii", 1, 0)
                reader.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                raise _Closed
            reader.fill()
        raw = bytes(reader.buf[:length])
        del reader.buf[:consumed]
        if self._take_drop("after_dot"):
            raise _Closed
        data = raw.replace(b"\r\n..", b"\r\n.")
        if data.startswith(b".."):
            data = data[1:]
        self._inbox.add(ReceivedMessage(mail_from, tuple(rcpts), data))
        reader.sock.sendall(b"250 2.0.0 Ok: queued as R%06d\r\n" % len(self._inbox.messages))


class DroppingSmtpServer(RawSmtpServer):
    """A raw server that drops the first transaction's connection (``mode``), then accepts.

    ``"mid_data"``: closes after receiving part of the data (send more than ``drop_after``
    bytes, 64 KiB by default, so the client's write fails); ``"after_dot"``: closes after the
    final dot without replying.
    """

    def __init__(
        self,
        mode: Literal["mid_data", "after_dot"] = "mid_data",
        *,
        pipelining: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(pipelining=pipelining, drop=mode, **kwargs)


@contextlib.contextmanager
def nothing_listening() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens (bound, never listening: connections refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        yield sock.getsockname()[1]
