"""Fake provider APIs for tests: real HTTP servers on 127.0.0.1 that check requests like the real ones.

One class per provider (``FakeSendGrid``, ``FakeMailgun``, ``FakeSes``, ``FakePostmark``,
``FakeBrevo``), each a context manager running a ``ThreadingHTTPServer`` on a free loopback port
(``tls=True``: HTTPS with a trustme certificate, its CA in ``server.ca_file``)::

    with FakeSendGrid(api_key="SG.key") as api:
        transport = SendGridTransport("SG.key", api.url)
        ...
        assert api.messages[0]["to"] == "jean@exemple.fr"

Each server checks the documented request shape (path, auth header, JSON keys, base64 parts,
SigV4 for SES) and answers like the provider. A request that breaks the documented shape gets a
400 "fake server: ..." answer and is listed in ``server.problems``; leaving the ``with`` block
fails the test if there are any.

What they record:

- ``requests``: every request (``method``, ``path``, lower-cased ``headers``, ``body``, ``json``);
- ``messages``: every accepted message as a dict with the same keys for all providers: ``to``
  (address), ``from``, ``subject``, ``html``, ``text``, ``headers`` (extra headers),
  ``attachments`` (``[(filename, bytes)]``), ``raw`` (MIME bytes, for providers taking MIME,
  else ``b""``) and ``id`` (the provider id answered).

What they can be told:

- ``fail_next(status, n=1, retry_after=None, headers=None, message=None)``: the next ``n``
  requests get this status with the provider's error body (e.g. 429 with ``Retry-After``, 500);
- ``reject(email, message=..., code=None)``: messages to this address are refused (a 400 for
  most providers; a per-message ``ErrorCode`` in Postmark's batch answer, 406 by default);
- ``hang_next(n=1)``: read the next ``n`` requests whole, then answer nothing until the server
  stops (the client's read timeout: a message "in doubt").

A wrong key gets the provider's 401. Servers stop cleanly: no thread is left behind.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import contextlib
import json
import re
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from app.sending.transports.ses import sigv4_authorization
from app.templates.mime import Address, AttachmentPart, Outgoing

Answer = tuple[int, dict[str, str], Any]  # status, headers, body (JSON-able, bytes or None)


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class _Failure:
    def __init__(self, status: int, headers: dict[str, str], message: str | None) -> None:
        self.status = status
        self.headers = headers
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet tests
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Recorded(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        answer = self.server.fake._answer(request)
        if answer is None:  # hang: the request was read whole; no answer ever comes
            self.server.fake._release.wait()
            self.close_connection = True
            return
        status, headers, payload = answer
        if payload is None:
            data = b""
        elif isinstance(payload, bytes):
            data = payload
        else:
            data = json.dumps(payload).encode("utf-8")
            headers = {"Content-Type": "application/json", **headers}
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client went away (its timeout): fine

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    # Handler threads are joined when the server closes: none is left running.
    daemon_threads = False
    block_on_close = True
    fake: FakeApiServer


class FakeApiServer:
    """The common part: the server thread, recording, failure injection. See the module doc."""

    provider = "API"

    def __init__(self, *, tls: bool = False) -> None:
        self.tls = tls
        self.requests: list[Recorded] = []
        self.messages: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.ca_file = ""
        self._failures: deque[_Failure] = deque()
        self._rejects: dict[str, tuple[str, int | None]] = {}
        self._hangs = 0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._tmp: str | None = None
        self._count = 0

    # --- life -----------------------------------------------------------------------------

    def __enter__(self) -> Any:
        self.start()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.stop()
        if exc_type is None and self.problems:
            raise AssertionError(
                f"{self.provider} requests broke the API's format: {self.problems}"
            )

    def start(self) -> None:
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        if self.tls:
            import ssl

            import trustme

            ca = trustme.CA()
            cert = ca.issue_cert("127.0.0.1", "localhost")
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(ctx)
            httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
            self._tmp = tempfile.mkdtemp(prefix="facteur-fake-ca-")
            self.ca_file = str(Path(self._tmp) / "ca.pem")
            ca.cert_pem.write_to_path(self.ca_file)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=f"fake-{self.provider}"
        )
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._release.set()
        self._httpd.shutdown()
        for conn in list(self._connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        assert self._thread is not None
        self._thread.join()
        self._httpd = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    @property
    def url(self) -> str:
        assert self._httpd is not None, "the server is not started"
        port = self._httpd.server_address[1]
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{port}"

    # --- instructions ---------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        n: int = 1,
        *,
        retry_after: str | None = None,
        headers: dict[str, str] | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``n`` requests with ``status`` and the provider's error body."""
        extra = dict(headers or {})
        if retry_after is not None:
            extra["Retry-After"] = retry_after
        with self._lock:
            self._failures.extend(_Failure(status, extra, message) for _ in range(n))

    def reject(
        self, email: str, message: str = "Recipient refused", code: int | None = None
    ) -> None:
        """Refuse messages to ``email`` (permanently, like an invalid or blocked recipient)."""
        with self._lock:
            self._rejects[email.lower()] = (message, code)

    def hang_next(self, n: int = 1) -> None:
        """Read the next ``n`` requests, then never answer them."""
        with self._lock:
            self._hangs += n

    # --- answering ------------------------------------------------------------------------

    def _answer(self, request: Recorded) -> Answer | None:
        with self._lock:
            self.requests.append(request)
            failure = self._failures.popleft() if self._failures else None
            hang = self._hangs > 0
            if hang:
                self._hangs -= 1
        if hang:
            return None
        if failure is not None:
            headers = {**self.error_headers(failure.status), **failure.headers}
            return failure.status, headers, self.error_body(failure.status, failure.message)
        try:
            return self.route(request)
        except _Problem as exc:
            with self._lock:
                self.problems.append(str(exc))
            return 400, {}, self.error_body(400, f"fake server: {exc}")

    def route(self, request: Recorded) -> Answer:
        raise NotImplementedError

    def error_body(self, status: int, message: str | None) -> Any:
        return {"message": message or _REASONS.get(status, "error")}

    def error_headers(self, status: int) -> dict[str, str]:
        return {}

    def rejection(self, email: str) -> tuple[str, int | None] | None:
        with self._lock:
            return self._rejects.get(email.lower())

    def next_id(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def accept(self, **message: Any) -> None:
        entry = {
            "to": "",
            "from": "",
            "subject": "",
            "html": "",
            "text": "",
            "headers": {},
            "attachments": [],
            "raw": b"",
            "id": "",
        }
        entry.update(message)
        with self._lock:
            self.messages.append(entry)


class _Problem(Exception):
    """The request breaks the provider's documented format."""


_REASONS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
}


def _require(condition: Any, problem: str) -> None:
    if not condition:
        raise _Problem(problem)


def _json_body(request: Recorded) -> Any:
    _require(
        request.headers.get("content-type", "").startswith("application/json"),
        f"{request.path}: Content-Type must be application/json, "
        f"not {request.headers.get('content-type')!r}",
    )
    try:
        return json.loads(request.body)
    except ValueError as exc:
        raise _Problem(f"{request.path}: the body is not JSON ({exc})") from None


def _b64(value: Any, what: str) -> bytes:
    _require(isinstance(value, str) and value, f"{what} must be a non-empty base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _Problem(f"{what} is not valid base64") from None


def _keys(obj: Any, allowed: set[str], what: str) -> None:
    _require(isinstance(obj, dict), f"{what} must be a JSON object")
    unknown = set(obj) - allowed
    _require(not unknown, f"{what} has unknown keys {sorted(unknown)}")


def _email(value: Any, what: str) -> str:
    _require(
        isinstance(value, str) and re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", value),
        f"{what} must be an address, not {value!r}",
    )
    return str(value)


def _mime_parts(raw: bytes) -> tuple[EmailMessage, str, str]:
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    html = msg.get_body(("html",))
    text = msg.get_body(("plain",))
    return (
        msg,
        html.get_content() if html is not None else "",
        text.get_content() if text is not None else "",
    )


# --- SendGrid ----------------------------------------------------------------------------------

SENDGRID_RESERVED = {
    "x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type",
    "content-transfer-encoding", "to", "from", "subject", "reply-to", "cc", "bcc",
}  # fmt: skip


class FakeSendGrid(FakeApiServer):
    """SendGrid v3: ``POST /v3/mail/send`` (202 + X-Message-Id), ``GET /v3/scopes``."""

    provider = "SendGrid"

    def __init__(
        self,
        api_key: str = "SG.test-key",
        *,
        scopes: tuple[str, ...] = ("mail.send",),
        tls: bool = False,
    ) -> None:
        super().__init__(tls=tls)
        self.api_key = api_key
        self.scopes = scopes

    def error_body(self, status: int, message: str | None) -> Any:
        return {
            "errors": [
                {"message": message or _REASONS.get(status, "error"), "field": None, "help": None}
            ]
        }

    def route(self, request: Recorded) -> Answer:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return (
                401,
                {},
                self.error_body(
                    401, "The provided authorization grant is invalid, expired, or revoked"
                ),
            )
        if request.method == "GET" and request.path == "/v3/scopes":
            return 200, {}, {"scopes": list(self.scopes)}
        _require(
            request.method == "POST" and request.path == "/v3/mail/send",
            f"unknown endpoint {request.method} {request.path}",
        )
        if "mail.send" not in self.scopes:
            return 403, {}, self.error_body(403, "access forbidden")
        body = _json_body(request)
        _keys(
            body,
            {
                "personalizations",
                "from",
                "reply_to",
                "subject",
                "content",
                "headers",
                "attachments",
                "categories",
                "custom_args",
                "tracking_settings",
                "mail_settings",
            },
            "the message",
        )
        pers = body.get("personalizations")
        _require(isinstance(pers, list) and pers, "personalizations must be a non-empty list")
        to = []
        for p in pers:
            _keys(
                p,
                {"to", "cc", "bcc", "subject", "headers", "substitutions", "custom_args"},
                "a personalization",
            )
            _require(isinstance(p.get("to"), list) and p["to"], "a personalization needs 'to'")
            for m in p["to"]:
                _keys(m, {"email", "name"}, "a recipient")
                to.append(_email(m.get("email"), "personalizations[].to[].email"))
        _keys(body.get("from"), {"email", "name"}, "from")
        _email(body["from"].get("email"), "from.email")
        if "reply_to" in body:
            _keys(body["reply_to"], {"email", "name"}, "reply_to")
            _email(body["reply_to"].get("email"), "reply_to.email")
        _require(isinstance(body.get("subject"), str) and body["subject"], "subject is required")
        content = body.get("content")
        _require(isinstance(content, list) and content, "content must be a non-empty list")
        types = [c.get("type") for c in content]
        _require(
            all(isinstance(c.get("value"), str) and c["value"] for c in content),
            "content values must be non-empty",
        )
        _require(set(types) <= {"text/plain", "text/html"}, f"unexpected content types {types}")
        _require(
            "text/plain" not in types or types[0] == "text/plain", "text/plain must come first"
        )
        headers = body.get("headers", {})
        _require(
            isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values()),
            "headers must map names to strings",
        )
        bad = [h for h in headers if h.lower() in SENDGRID_RESERVED]
        _require(not bad, f"reserved headers {bad}")
        attachments = []
        for a in body.get("attachments", []):
            _keys(a, {"content", "filename", "type", "disposition", "content_id"}, "an attachment")
            _require(a.get("filename"), "an attachment needs a filename")
            attachments.append((a["filename"], _b64(a.get("content"), "attachments[].content")))
        for address in to:
            refused = self.rejection(address)
            if refused:
                return 400, {}, self.error_body(400, refused[0])
        message_id = f"sg-{self.next_id()}"
        values = {c["type"]: c["value"] for c in content}
        self.accept(
            to=to[0],
            **{"from": body["from"]["email"]},
            subject=body["subject"],
            html=values.get("text/html", ""),
            text=values.get("text/plain", ""),
            headers=headers,
            attachments=attachments,
            id=message_id,
        )
        return 202, {"X-Message-Id": message_id}, None


# --- Mailgun -----------------------------------------------------------------------------------


def _multipart(request: Recorded) -> dict[str, tuple[bytes, dict[str, str]]]:
    """The fields of a multipart/form-data body: name -> (content, part headers)."""
    ctype = request.headers.get("content-type", "")
    match = re.match(r'multipart/form-data;\s*boundary="?([^";]+)"?', ctype)
    _require(match, f"Content-Type must be multipart/form-data, not {ctype!r}")
    assert match is not None
    boundary = b"--" + match.group(1).encode()
    fields: dict[str, tuple[bytes, dict[str, str]]] = {}
    chunks = request.body.split(boundary)
    _require(len(chunks) >= 3 and chunks[-1].startswith(b"--"), "malformed multipart body")
    for chunk in chunks[1:-1]:
        head, _, content = chunk[2:].partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        name_match = re.search(r'name="([^"]*)"', headers.get("content-disposition", ""))
        _require(name_match, "a form part without a name")
        assert name_match is not None
        fields[name_match.group(1)] = (content[:-2], headers)  # the CRLF before the boundary
    return fields


class FakeMailgun(FakeApiServer):
    """Mailgun: ``POST /v3/{domain}/messages.mime``, ``GET /v3/domains/{domain}``."""

    provider = "Mailgun"

    def __init__(
        self, api_key: str = "key-test", domain: str = "mg.example.com", *, tls: bool = False
    ) -> None:
        super().__init__(tls=tls)
        self.api_key = api_key
        self.domain = domain

    def route(self, request: Recorded) -> Answer:
        expected = "Basic " + base64.b64encode(f"api:{self.api_key}".encode()).decode()
        if request.headers.get("authorization") != expected:
            return 401, {"Content-Type": "text/plain"}, b"Forbidden"
        match = re.fullmatch(r"/v3/domains/([^/]+)", request.path)
        if request.method == "GET" and match:
            if match.group(1) != self.domain:
                return 404, {}, {"message": "Domain not found"}
            return (
                200,
                {},
                {
                    "domain": {"name": self.domain, "state": "active"},
                    "receiving_dns_records": [],
                    "sending_dns_records": [],
                },
            )
        match = re.fullmatch(r"/v3/([^/]+)/messages\.mime", request.path)
        _require(
            request.method == "POST" and match, f"unknown endpoint {request.method} {request.path}"
        )
        assert match is not None
        if match.group(1) != self.domain:
            return 404, {}, {"message": f"Domain not found: {match.group(1)}"}
        fields = _multipart(request)
        _require(
            "to" in fields and "message" in fields,
            f"'to' and 'message' are required, got {sorted(fields)}",
        )
        to = _email(fields["to"][0].decode(), "to")
        _require(
            "filename=" in fields["message"][1].get("content-disposition", ""),
            "'message' must be a file part",
        )
        raw = fields["message"][0]
        msg, html, text = _mime_parts(raw)
        _require(to in str(msg["To"]), f"the MIME To ({msg['To']}) does not name {to}")
        refused = self.rejection(to)
        if refused:
            return 400, {}, {"message": refused[0]}
        message_id = f"<{self.next_id()}.fake@{self.domain}>"
        self.accept(
            to=to,
            **{"from": str(msg["From"])},
            subject=str(msg["Subject"]),
            html=html,
            text=text,
            headers={
                k: str(msg[k])
                for k in ("Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
                if msg[k]
            },
            attachments=[(p.get_filename(), p.get_content()) for p in msg.iter_attachments()],
            raw=raw,
            id=message_id,
        )
        return 200, {}, {"id": message_id, "message": "Queued. Thank you."}


# --- Amazon SES v2 -----------------------------------------------------------------------------

_SES_ERROR_TYPES = {
    400: "BadRequestException",
    403: "AccessDeniedException",
    404: "NotFoundException",
    429: "TooManyRequestsException",
    500: "InternalFailure",
    503: "ServiceUnavailable",
}
_AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)"
    r"/aws4_request, SignedHeaders=(?P<signed>[^,]+), Signature=(?P<signature>[0-9a-f]{64})\Z"
)


class FakeSes(FakeApiServer):
    """Amazon SES v2: ``POST /v2/email/outbound-emails`` (raw), ``GET /v2/email/account``.

    Every request's Signature V4 is recomputed from what arrived, with the secret key.
    ``account`` is the ``GetAccount`` answer (change it to test a disabled account).
    """

    provider = "Amazon SES"

    def __init__(
        self,
        access_key_id: str = "AKIDFACTEURTEST",
        secret_access_key: str = "test/secret+key",
        region: str = "eu-west-3",
        *,
        tls: bool = False,
    ) -> None:
        super().__init__(tls=tls)
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.region = region
        self.account: dict[str, Any] = {
            "SendingEnabled": True,
            "ProductionAccessEnabled": False,
            "SendQuota": {"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 0.0},
            "EnforcementStatus": "HEALTHY",
        }

    def error_headers(self, status: int) -> dict[str, str]:
        return {"x-amzn-ErrorType": _SES_ERROR_TYPES.get(status, "InternalFailure")}

    def _error(self, status: int, kind: str, message: str) -> Answer:
        return status, {"x-amzn-ErrorType": kind}, {"message": message}

    def _check_signature(self, request: Recorded) -> Answer | None:
        match = _AUTH.match(request.headers.get("authorization", ""))
        if not match:
            return self._error(
                403,
                "IncompleteSignatureException",
                "Authorization header requires a SigV4 signature.",
            )
        if match["key"] != self.access_key_id:
            return self._error(
                403,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        amz_date = request.headers.get("x-amz-date", "")
        signed = match["signed"].split(";")
        _require(
            {"host", "x-amz-date"} <= set(signed),
            f"host and x-amz-date must be signed, got {signed}",
        )
        _require(amz_date[:8] == match["date"], "x-amz-date and the credential scope disagree")
        if match["region"] != self.region or match["service"] != "ses":
            return self._error(
                403,
                "SignatureDoesNotMatch",
                f"Credential should be scoped to a valid region and service ({self.region}/ses).",
            )
        try:
            when = calendar.timegm(time.strptime(amz_date, "%Y%m%dT%H%M%SZ"))
        except ValueError:
            raise _Problem(f"x-amz-date {amz_date!r} is not YYYYMMDDTHHMMSSZ") from None
        if abs(when - time.time()) > 15 * 60:
            return self._error(403, "InvalidSignatureException", "Signature expired")
        path, _, query = request.path.partition("?")
        expected = sigv4_authorization(
            method=request.method, path=path, query=query,
            headers={h: request.headers.get(h, "") for h in signed}, body=request.body,
            access_key_id=self.access_key_id, secret_access_key=self.secret_access_key,
            region=self.region, service="ses", amz_date=amz_date,
        )  # fmt: skip
        if expected != request.headers["authorization"]:
            return self._error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            )
        return None

    def route(self, request: Recorded) -> Answer:
        refused = self._check_signature(request)
        if refused:
            return refused
        if request.method == "GET" and request.path == "/v2/email/account":
            return 200, {}, self.account
        _require(
            request.method == "POST" and request.path == "/v2/email/outbound-emails",
            f"unknown endpoint {request.method} {request.path}",
        )
        body = _json_body(request)
        _keys(
            body,
            {
                "FromEmailAddress",
                "FromEmailAddressIdentityArn",
                "Destination",
                "ReplyToAddresses",
                "FeedbackForwardingEmailAddress",
                "Content",
                "EmailTags",
                "ConfigurationSetName",
                "ListManagementOptions",
            },
            "SendEmail",
        )
        _keys(body.get("Content"), {"Simple", "Raw", "Template"}, "Content")
        _keys(body["Content"].get("Raw"), {"Data"}, "Content.Raw")
        raw = _b64(body["Content"]["Raw"].get("Data"), "Content.Raw.Data")
        dest = body.get("Destination", {})
        _keys(dest, {"ToAddresses", "CcAddresses", "BccAddresses"}, "Destination")
        to = [_email(a, "Destination.ToAddresses[]") for a in dest.get("ToAddresses", [])]
        _require(to, "Destination.ToAddresses is empty")
        if "FromEmailAddress" in body:
            _email(body["FromEmailAddress"], "FromEmailAddress")
        msg, html, text = _mime_parts(raw)
        refused_to = self.rejection(to[0])
        if refused_to:
            return self._error(400, "MessageRejected", refused_to[0])
        message_id = f"0107{self.next_id():012d}-fake"
        self.accept(
            to=to[0],
            **{"from": str(msg["From"])},
            subject=str(msg["Subject"]),
            html=html,
            text=text,
            headers={
                k: str(msg[k])
                for k in ("Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
                if msg[k]
            },
            attachments=[(p.get_filename(), p.get_content()) for p in msg.iter_attachments()],
            raw=raw,
            id=message_id,
        )
        return 200, {}, {"MessageId": message_id}


# --- Postmark ----------------------------------------------------------------------------------

_POSTMARK_KEYS = {
    "From", "To", "Cc", "Bcc", "Subject", "Tag", "HtmlBody", "TextBody", "ReplyTo", "Headers",
    "TrackOpens", "TrackLinks", "Attachments", "Metadata", "MessageStream",
}  # fmt: skip


class FakePostmark(FakeApiServer):
    """Postmark: ``POST /email/batch`` (per-message ``ErrorCode``), ``GET /server``.

    ``batches`` records the number of messages in each batch request.
    """

    provider = "Postmark"

    def __init__(self, server_token: str = "pm-test-token", *, tls: bool = False) -> None:
        super().__init__(tls=tls)
        self.server_token = server_token
        self.batches: list[int] = []

    def error_body(self, status: int, message: str | None) -> Any:
        code = {401: 10, 422: 300, 429: 429}.get(status, 0)
        return {"ErrorCode": code, "Message": message or _REASONS.get(status, "error")}

    def route(self, request: Recorded) -> Answer:
        _require(
            request.headers.get("accept") == "application/json",
            "Accept: application/json is required",
        )
        if request.headers.get("x-postmark-server-token") != self.server_token:
            return (
                401,
                {},
                {"ErrorCode": 10, "Message": "Request does not contain a valid Server API token."},
            )
        if request.method == "GET" and request.path == "/server":
            return (
                200,
                {},
                {"ID": 1, "Name": "Facteur tests", "Color": "blue", "DeliveryType": "Live"},
            )
        _require(
            request.method == "POST" and request.path == "/email/batch",
            f"unknown endpoint {request.method} {request.path}",
        )
        batch = _json_body(request)
        _require(isinstance(batch, list) and batch, "the batch must be a non-empty JSON array")
        if len(batch) > 500:
            return 422, {}, {"ErrorCode": 410, "Message": "Too many batch messages (max 500)."}
        self.batches.append(len(batch))
        results = []
        for m in batch:
            _keys(m, _POSTMARK_KEYS, "a message")
            for key in ("From", "To", "Subject", "MessageStream"):
                _require(isinstance(m.get(key), str) and m[key], f"a message needs {key}")
            _require(m.get("HtmlBody") or m.get("TextBody"), "a message needs HtmlBody or TextBody")
            headers = {}
            for h in m.get("Headers", []):
                _keys(h, {"Name", "Value"}, "a header")
                headers[h["Name"]] = h["Value"]
            attachments = []
            for a in m.get("Attachments", []):
                _keys(a, {"Name", "Content", "ContentType", "ContentID"}, "an attachment")
                _require(
                    a.get("Name") and a.get("ContentType"),
                    "an attachment needs Name and ContentType",
                )
                attachments.append((a["Name"], _b64(a.get("Content"), "Attachments[].Content")))
            to = _address_in(m["To"])
            refused = self.rejection(to)
            if refused:
                message, code = refused
                results.append({"ErrorCode": code or 406, "Message": message, "To": m["To"]})
                continue
            message_id = str(uuid.UUID(int=self.next_id()))
            results.append(
                {
                    "ErrorCode": 0,
                    "Message": "OK",
                    "MessageID": message_id,
                    "SubmittedAt": "2024-01-01T00:00:00Z",
                    "To": m["To"],
                }
            )
            self.accept(
                to=to,
                **{"from": m["From"]},
                subject=m["Subject"],
                html=m.get("HtmlBody", ""),
                text=m.get("TextBody", ""),
                headers=headers,
                attachments=attachments,
                id=message_id,
                stream=m["MessageStream"],
            )
        return 200, {}, results


def _address_in(value: str) -> str:
    match = re.search(r"<([^<>]+)>\s*\Z", value)
    return _email(match.group(1) if match else value.strip(), "an address")


# --- Brevo -------------------------------------------------------------------------------------

_BREVO_KEYS = {
    "sender", "to", "bcc", "cc", "htmlContent", "textContent", "subject", "replyTo", "attachment",
    "headers", "templateId", "params", "messageVersions", "tags", "scheduledAt", "batchId",
}  # fmt: skip


class FakeBrevo(FakeApiServer):
    """Brevo: ``POST /v3/smtp/email`` (201 + messageId), ``GET /v3/account``."""

    provider = "Brevo"

    def __init__(self, api_key: str = "xkeysib-test", *, tls: bool = False) -> None:
        super().__init__(tls=tls)
        self.api_key = api_key

    def error_body(self, status: int, message: str | None) -> Any:
        code = {400: "invalid_parameter", 401: "unauthorized", 429: "too_many_requests"}.get(
            status, "error"
        )
        return {"code": code, "message": message or _REASONS.get(status, "error")}

    def route(self, request: Recorded) -> Answer:
        if request.headers.get("api-key") != self.api_key:
            return 401, {}, {"code": "unauthorized", "message": "Key not found"}
        if request.method == "GET" and request.path == "/v3/account":
            return (
                200,
                {},
                {
                    "email": "owner@example.com",
                    "companyName": "Boulangerie Test",
                    "plan": [{"type": "free"}],
                },
            )
        _require(
            request.method == "POST" and request.path == "/v3/smtp/email",
            f"unknown endpoint {request.method} {request.path}",
        )
        body = _json_body(request)
        _keys(body, _BREVO_KEYS, "the message")
        _keys(body.get("sender"), {"name", "email", "id"}, "sender")
        _email(body["sender"].get("email"), "sender.email")
        _require(isinstance(body.get("to"), list) and body["to"], "to must be a non-empty list")
        to = []
        for m in body["to"]:
            _keys(m, {"email", "name"}, "a recipient")
            to.append(_email(m.get("email"), "to[].email"))
        _require(isinstance(body.get("subject"), str) and body["subject"], "subject is required")
        _require(
            body.get("htmlContent") or body.get("textContent"),
            "htmlContent or textContent is required",
        )
        if "replyTo" in body:
            _keys(body["replyTo"], {"email", "name"}, "replyTo")
            _email(body["replyTo"].get("email"), "replyTo.email")
        headers = body.get("headers", {})
        _require(
            isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values()),
            "headers must map names to strings",
        )
        attachments = []
        for a in body.get("attachment", []):
            _keys(a, {"content", "name", "url"}, "an attachment")
            _require(a.get("name"), "an attachment needs a name")
            attachments.append((a["name"], _b64(a.get("content"), "attachment[].content")))
        refused = self.rejection(to[0])
        if refused:
            return 400, {}, {"code": "invalid_parameter", "message": refused[0]}
        message_id = f"<{self.next_id()}.fake@smtp-relay.mailin.fr>"
        self.accept(
            to=to[0],
            **{"from": body["sender"]["email"]},
            subject=body["subject"],
            html=body.get("htmlContent", ""),
            text=body.get("textContent", ""),
            headers=headers,
            attachments=attachments,
            id=message_id,
        )
        return 201, {}, {"messageId": message_id}


# --- messages for tests ----------------------------------------------------------------------


SENDER = Address("Boulangerie Dupont", "contact@boulangerie.fr")


def sample_outgoing(
    key: int = 1,
    to: str = "jean@exemple.fr",
    *,
    name: str = "Jean Dupont",
    sender: Address = SENDER,
    subject: str = "Nos nouveautés",
    html: str = "<p>Bonjour Jean</p>",
    text: str = "Bonjour Jean",
    reply_to: str = "",
    attachments: tuple[AttachmentPart, ...] = (),
) -> Outgoing:
    """A ready message, its MIME built by the standard library (for transport tests)."""
    msg = EmailMessage()
    msg["From"] = f"{sender.name} <{sender.email}>" if sender.name else sender.email
    msg["To"] = f"{name} <{to}>" if name else to
    msg["Subject"] = subject
    message_id = f"<{key}.{uuid.uuid4().hex}@boulangerie.fr>"
    msg["Message-ID"] = message_id
    unsubscribe = f"<https://relay.example/u/{key}>"
    msg["List-Unsubscribe"] = unsubscribe
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for a in attachments:
        maintype, _, subtype = a.content_type.partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    return Outgoing(
        key=key,
        sender=sender,
        to=Address(name, to),
        reply_to=reply_to,
        subject=subject,
        html=html,
        text=text,
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": unsubscribe,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        mime=msg.as_bytes(policy=policy.SMTP),
        attachments=attachments,
    )


def closed_port_url() -> str:
    """An http:// URL on a loopback port nobody listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def all_fakes() -> Iterator[type[FakeApiServer]]:
    yield from (FakeSendGrid, FakeMailgun, FakeSes, FakePostmark, FakeBrevo)


__all__ = [
    "FakeApiServer",
    "FakeBrevo",
    "FakeMailgun",
    "FakePostmark",
    "FakeSendGrid",
    "FakeSes",
    "Recorded",
    "all_fakes",
    "closed_port_url",
    "sample_outgoing",
]
