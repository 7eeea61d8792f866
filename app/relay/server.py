"""The relay's web application (Starlette) and ``facteur relay serve`` (uvicorn).

Endpoints (docs/relay.md has the full contract):

- ``GET /``: health page (JSON with ``Accept: application/json``).
- ``GET /o/<token>.gif``: the open pixel; ``GET /c/<token>``: a click, redirected to the URL
  signed in the token; ``GET|POST /u/<token>``: unsubscribe (GET only shows the page).
- ``POST /f/<form>``: a signup; ``GET /confirm/<token>``: its double opt-in confirmation.
- ``/api/v1/...`` (Bearer API key): push events, pull events (long-poll), status, secret check,
  signup forms. ``POST /webhooks/<provider>``: bounces and complaints (``app.relay.webhooks``).

Opens and clicks are answered without touching the database (an in-memory buffer written in
batches); everything a person asked for (unsubscribe, signup, confirmation) and every API event is
committed before the answer.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import hmac
import json
import logging
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from app import __version__
from app.errors import FacteurError
from app.relay import pages
from app.relay.config import RelaySettings, normalise_db_url
from app.relay.middleware import SECURITY_HEADERS, BodyLimit, SecurityHeaders
from app.relay.privacy import (
    click_is_bot,
    client_ip,
    limit_key,
    open_is_bot,
    truncate_ip,
)
from app.relay.ratelimit import TokenBuckets, retry_after
from app.relay.store import (
    EventBuffer,
    Form,
    Pruner,
    RelayStore,
    Signup,
    new_event,
)
from app.tracking.tokens import BadToken, TokenSigner

Handler = Callable[[Request], Awaitable[Response]]
log = logging.getLogger("facteur.relay")

# The smallest transparent GIF (43 bytes).
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
NO_STORE = "no-store, no-cache, must-revalidate, max-age=0"
_NO_STORE = {"cache-control": NO_STORE}

PROVIDERS = ("sendgrid", "mailgun", "ses", "postmark")
EVENT_KINDS = ("open", "click", "unsubscribe", "signup", "confirm", "bounce", "complaint", "custom")
EVENT_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,99}")
FORM_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
# Fields of a signup that fill the contact itself; others go to "attributes" if the form lists them.
CONTACT_FIELDS = ("first_name", "last_name", "company", "phone")
# Not data: the form's own machinery.
RESERVED_FIELDS = ("email", "consent", "tracking_consent", "source", "website")
MAX_FIELD = 500
MAX_URL = 2000
MAX_FORMS = 200
LIMIT_DEFAULT, LIMIT_MAX = 500, 1000
TRUTHY = ("1", "on", "yes", "true")


class Relay:
    """The application's state: settings, signer, storage, buffer, limits, long-poll wake-ups."""

    def __init__(self, settings: RelaySettings) -> None:
        self.settings = settings
        self.signer = TokenSigner(settings.secret)
        self.store = RelayStore(settings.db_url, on_write=self._written)
        self.buffer = EventBuffer(
            self.store, interval=settings.flush_interval, max_rows=settings.flush_rows
        )
        self.pruner = Pruner(self.store, settings.retention_days)
        self.tracking_limits = TokenBuckets(*settings.rate_tracking)
        self.strict_limits = TokenBuckets(*settings.rate_strict)
        self._api_key = settings.api_key.encode()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self.stopping = False

    # Life cycle.

    async def startup(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        await run_in_threadpool(self.store.create)
        self.buffer.start()
        self.pruner.start()
        log.info("relay started (database %s)", self.store.dialect)

    async def shutdown(self) -> None:
        self.stop_waiting()
        await run_in_threadpool(self.buffer.close)
        await run_in_threadpool(self.pruner.close)
        self.store.dispose()
        self._loop = None

    def stop_waiting(self) -> None:
        """Wake every long-poll so the server can stop (from any thread)."""
        self.stopping = True
        self._written()

    def _written(self) -> None:
        """Events were committed (called from writer threads): wake the long-polls."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    # Helpers for the endpoints.

    def ip(self, request: Request) -> str:
        return client_ip(request.scope, self.settings.trust_proxy)

    def limited(self, buckets: TokenBuckets, ip: str) -> Response | None:
        if not self.settings.rate_limit:
            return None
        wait = buckets.take(limit_key(ip))
        if not wait:
            return None
        return JSONResponse(
            {"error": "Too many requests."},
            status_code=429,
            headers={"retry-after": retry_after(wait), **_NO_STORE},
        )

    def authorised(self, request: Request) -> bool:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            key.strip().encode(), self._api_key
        )

    def refuse_api(self, request: Request) -> Response:
        """401 for a missing or wrong key (after the strict rate limit: no key guessing)."""
        too_many = self.limited(self.strict_limits, self.ip(request))
        if too_many is not None:
            return too_many
        return JSONResponse(
            {"error": "Missing or wrong API key."},
            status_code=401,
            headers={"www-authenticate": "Bearer", **_NO_STORE},
        )


def _relay(request: Request) -> Relay:
    relay: Relay = request.app.state.relay
    return relay


def _lang(request: Request) -> str:
    return pages.language(request.headers.get("accept-language", ""))


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _html(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status, headers=_NO_STORE)


def _bad_field(field: str, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "field": field}, status_code=400, headers=_NO_STORE)


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def safe_redirect(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) address fit for a Location header, else None."""
    if not isinstance(url, str) or not url or len(url) > 8192:
        return None
    if any(ord(ch) < 0x21 or ch in '\\"<>' or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _valid_email(value: Any) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    if not isinstance(value, str) or not value.strip() or len(value) > 320:
        return None
    try:
        return str(validate_email(value.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


# Health.


def rate_limited(strict: bool = False) -> Callable[[Handler], Handler]:
    """Answer 429 to an address over its limit before running the handler (``strict``: the
    limits of form posts and unsubscribes, not those of pages and pixels)."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            relay = _relay(request)
            buckets = relay.strict_limits if strict else relay.tracking_limits
            too_many = relay.limited(buckets, relay.ip(request))
            if too_many is not None:
                return too_many
            return await handler(request)

        return run

    return wrap


@rate_limited()
async def health(request: Request) -> Response:
    relay = _relay(request)
    db_ok = await run_in_threadpool(relay.store.ping)
    status = 200 if db_ok else 503
    if _wants_json(request):
        return JSONResponse(
            {"ok": db_ok, "version": __version__}, status_code=status, headers=_NO_STORE
        )
    return _html(pages.health_page(_lang(request), __version__, db_ok), status)


# Tracking: opens and clicks (buffered), unsubscribes (written at once).


class TrackingFastPath:
    """``GET|HEAD /o/<token>.gif`` and ``/c/<token>`` answered in plain ASGI, before routing.

    These are nearly all of the relay's traffic (thousands a second after a campaign), so they
    skip Starlette's router and request/response objects: verify the token, buffer the event,
    answer. The security headers are added here (this runs outside ``SecurityHeaders``).
    """

    def __init__(self, app: Any, relay: Relay) -> None:
        self.app = app
        self.relay = relay

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path: str = scope["path"]
            if path.startswith("/o/") and path.find("/", 3) < 0 and len(path) > 3:
                await self._open(scope, send, path[3:].removesuffix(".gif"))
                return
            if path.startswith("/c/") and path.find("/", 3) < 0 and len(path) > 3:
                await self._click(scope, send, path[3:])
                return
        await self.app(scope, receive, send)

    async def _open(self, scope: dict[str, Any], send: Any, token: str) -> None:
        relay = self.relay
        ip = client_ip(scope, relay.settings.trust_proxy)
        if await self._limited(scope, send, ip):
            return
        try:
            payload = relay.signer.loads("open", token)
        except BadToken:
            payload = None
        if payload is not None:
            relay.buffer.add(
                new_event(
                    "open",
                    message_id=_int_or_none(payload.get("m")),
                    contact_id=_int_or_none(payload.get("c")),
                    sent_at=_int_or_none(payload.get("t")),
                    ip=truncate_ip(ip),
                    bot=open_is_bot(scope["method"], ip, _header(scope, b"user-agent")),
                    source="pixel",
                )
            )
        # Always the image: a broken-image icon would tell nobody anything useful.
        await _send(scope, send, 200, _GIF_RESPONSE_HEADERS, GIF)

    async def _click(self, scope: dict[str, Any], send: Any, token: str) -> None:
        relay = self.relay
        ip = client_ip(scope, relay.settings.trust_proxy)
        if await self._limited(scope, send, ip):
            return
        try:
            payload = relay.signer.loads("click", token)
        except BadToken:
            await _send_page(scope, send, 404, "invalid_title", "invalid_body")
            return
        url = safe_redirect(payload.get("u"))
        if url is None:
            # Signed by the desktop, but no web address (javascript:, data:...): never follow.
            await _send_page(scope, send, 400, "invalid_title", "invalid_body")
            return
        sent_at = _int_or_none(payload.get("t"))
        relay.buffer.add(
            new_event(
                "click",
                message_id=_int_or_none(payload.get("m")),
                contact_id=_int_or_none(payload.get("c")),
                run_id=_int_or_none(payload.get("r")),
                sent_at=sent_at,
                url=url,
                ip=truncate_ip(ip),
                bot=click_is_bot(
                    scope["method"],
                    _header(scope, b"user-agent"),
                    sent_at,
                    time.time(),
                    relay.settings.bot_click_seconds,
                ),
                source="link",
            )
        )
        location = quote(url, safe=":/%#?=@[]!$&'()*+,;").encode("latin-1")
        await _send(scope, send, 302, [(b"location", location), *_REDIRECT_HEADERS], b"")

    async def _limited(self, scope: dict[str, Any], send: Any, ip: str) -> bool:
        relay = self.relay
        if not relay.settings.rate_limit:
            return False
        wait = relay.tracking_limits.take(limit_key(ip))
        if not wait:
            return False
        headers = [
            (b"content-type", b"application/json"),
            (b"retry-after", retry_after(wait).encode()),
            (b"cache-control", NO_STORE.encode()),
        ]
        await _send(scope, send, 429, headers, b'{"error": "Too many requests."}')
        return True


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


_GIF_RESPONSE_HEADERS = [
    (b"content-type", b"image/gif"),
    (b"cache-control", NO_STORE.encode()),
    (b"pragma", b"no-cache"),
    (b"expires", b"0"),
]
_REDIRECT_HEADERS = [(b"cache-control", NO_STORE.encode())]


async def _send(
    scope: dict[str, Any], send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                *headers,
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


async def _send_page(
    scope: dict[str, Any], send: Any, status: int, title_key: str, body_key: str
) -> None:
    lang = pages.language(_header(scope, b"accept-language"))
    html = pages.message_page(lang, title_key, body_key).encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"cache-control", NO_STORE.encode()),
    ]
    await _send(scope, send, status, headers, html)


@rate_limited()
async def unsubscribe_page(request: Request) -> Response:
    relay = _relay(request)
    lang = _lang(request)
    try:
        relay.signer.loads("unsubscribe", request.path_params["token"])
    except BadToken:
        return _html(pages.message_page(lang, "invalid_title", "invalid_body"), 400)
    # Changes nothing: link scanners fetch every link of a mail.
    return _html(pages.unsubscribe_page(lang))


@rate_limited(strict=True)
async def unsubscribe(request: Request) -> Response:
    relay = _relay(request)
    ip = relay.ip(request)
    lang = _lang(request)
    try:
        payload = relay.signer.loads("unsubscribe", request.path_params["token"])
    except BadToken:
        return _html(pages.message_page(lang, "invalid_title", "invalid_body"), 400)
    body = await request.body()
    # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to the List-Unsubscribe URL.
    one_click = b"List-Unsubscribe=One-Click" in body
    message_id = _int_or_none(payload.get("m"))
    contact_id = _int_or_none(payload.get("c"))
    row = new_event(
        "unsubscribe",
        message_id=message_id,
        contact_id=contact_id,
        ip=truncate_ip(ip),
        source="one-click" if one_click else "page",
        dedupe=f"unsubscribe:{message_id}:{contact_id}",
    )
    await run_in_threadpool(relay.store.add_event, row)
    if _wants_json(request):
        return JSONResponse({"ok": True}, headers=_NO_STORE)
    return _html(pages.message_page(lang, "unsubscribed_title", "unsubscribed_body"))


# Forms.


@rate_limited(strict=True)
async def signup(request: Request) -> Response:
    relay = _relay(request)
    ip = relay.ip(request)
    lang = _lang(request)
    as_json = _wants_json(request)
    name = request.path_params["form"]
    form = await run_in_threadpool(relay.store.form, name) if FORM_NAME.fullmatch(name) else None
    if form is None or not form.enabled:
        if as_json:
            return JSONResponse({"error": "No such form."}, status_code=404, headers=_NO_STORE)
        return _html(pages.message_page(lang, "not_found_title", "not_found_body"), 404)

    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return _form_error(request, lang, "body", pages.text(lang, "field_body"))
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            # Read as UTF-8 (the form's accept-charset): Starlette's parser takes bytes that
            # were not %-escaped as Latin-1, and "Léa" posted by a script became "LÃ©a".
            body = (await request.body()).decode("utf-8")
            pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=200)
            values = _form_values(FormData(pairs))
        else:
            async with request.form(max_files=0, max_fields=200) as data:
                values = _form_values(data)
    except Exception:  # noqa: BLE001 - a malformed body (python-multipart's errors vary)
        return _form_error(request, lang, "body", pages.text(lang, "field_body"))

    if values.get("website"):
        # The honeypot, invisible to people, was filled in: a bot. Answer as if all went well.
        log.info("signup to %s dropped: honeypot filled", name)
        return _signup_done(request, lang, form)
    email = _valid_email(values.get("email"))
    if email is None:
        return _form_error(request, lang, "email", pages.text(lang, "field_email"))
    if form.consent_text and values.get("consent", "").lower() not in TRUTHY:
        return _form_error(request, lang, "consent", pages.text(lang, "field_consent"))

    source = values.get("source", "") or request.headers.get("referer", "")
    if safe_redirect(source) is None:
        source = ""
    truncated_ip = truncate_ip(ip)
    consent = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source[:MAX_URL],
        "text": form.consent_text,
        "ip": truncated_ip,
        "tracking": values.get("tracking_consent", "").lower() in TRUTHY,
    }
    attributes = {
        key: values[key]
        for key in form.fields
        if key in values and key not in CONTACT_FIELDS and key not in RESERVED_FIELDS
    }

    def build_event(signup_id: int) -> dict[str, Any]:
        data: dict[str, Any] = {"signup": signup_id, "double_opt_in": form.double_opt_in}
        for key in CONTACT_FIELDS:
            data[key] = values.get(key, "")
        data["attributes"] = attributes
        data["consent"] = consent
        return new_event(
            "signup",
            email=email,
            ip=truncated_ip,
            source="form",
            name=form.name,
            data=data,
            dedupe=f"signup:{signup_id}",
        )

    await run_in_threadpool(relay.store.add_signup, form.name, email, build_event)
    return _signup_done(request, lang, form)


def _form_values(data: FormData) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in data.multi_items():
        if isinstance(value, str) and key not in values:
            values[key[:64]] = value.strip()[:MAX_FIELD]
    return values


def _form_error(request: Request, lang: str, field: str, message: str) -> Response:
    if _wants_json(request):
        return _bad_field(field, message)
    return _html(pages.form_errors_page(lang, [message]), 400)


def _signup_done(request: Request, lang: str, form: Form) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": True, "double_opt_in": form.double_opt_in}, headers=_NO_STORE)
    if form.redirect_url and safe_redirect(form.redirect_url):
        return RedirectResponse(form.redirect_url, status_code=303)
    if form.double_opt_in:
        return _html(pages.message_page(lang, "check_inbox_title", "check_inbox_body"))
    return _html(pages.message_page(lang, "subscribed_title", "subscribed_body"))


@rate_limited()
async def confirm(request: Request) -> Response:
    relay = _relay(request)
    ip = relay.ip(request)
    lang = _lang(request)
    try:
        payload = relay.signer.loads("confirm", request.path_params["token"])
    except BadToken:
        return _html(pages.message_page(lang, "invalid_title", "invalid_body"), 400)
    signup_id = _int_or_none(payload.get("s"))
    form_name = payload.get("f")
    if signup_id is None:
        return _html(pages.message_page(lang, "invalid_title", "invalid_body"), 400)
    contact_id = _int_or_none(payload.get("c"))

    def build_event(found: Signup) -> dict[str, Any]:
        return new_event(
            "confirm",
            contact_id=contact_id,
            email=found.email,
            ip=truncate_ip(ip),
            source="page",
            name=found.form,
            data={"signup": found.id},
            dedupe=f"confirm:{found.id}",
        )

    signup_row = await run_in_threadpool(relay.store.signup, signup_id)
    if signup_row is None or signup_row.form != form_name:
        # Pruned after the retention period (or never on this relay).
        return _html(pages.message_page(lang, "expired_title", "expired_body"), 410)
    await run_in_threadpool(relay.store.confirm_signup, signup_id, build_event)
    form = await run_in_threadpool(relay.store.form, signup_row.form)
    if form is not None and form.confirm_redirect_url and safe_redirect(form.confirm_redirect_url):
        return RedirectResponse(form.confirm_redirect_url, status_code=303)
    return _html(pages.message_page(lang, "confirmed_title", "confirmed_body"))


# The API.


async def post_event(request: Request) -> Response:
    relay = _relay(request)
    if not relay.authorised(request):
        return relay.refuse_api(request)
    body = await request.body()
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _bad_field("body", "The body is not valid JSON.")
    if not isinstance(payload, dict):
        return _bad_field("body", "The body must be a JSON object.")
    name = payload.get("event")
    if not isinstance(name, str) or not EVENT_NAME.fullmatch(name):
        return _bad_field(
            "event",
            "event must be a name of lower-case letters, digits, '_', '.' or '-' "
            "starting with a letter.",
        )
    email = _valid_email(payload.get("email"))
    if email is None:
        return _bad_field("email", "email must be a valid email address.")
    data = payload.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return _bad_field("data", "data must be a JSON object.")
    unknown = sorted(set(payload) - {"event", "email", "data"})
    if unknown:
        return _bad_field(unknown[0], f"Unknown field {unknown[0]!r}.")
    key = request.headers.get("idempotency-key", "").strip()[:200]
    row = new_event(
        "custom",
        email=email,
        name=name,
        data=data,
        ip=truncate_ip(relay.ip(request)),
        source="api",
        dedupe=f"api:{key}" if key else None,
    )
    written = await run_in_threadpool(relay.store.add_event, row)
    return JSONResponse({"id": str(written.id)}, status_code=202, headers=_NO_STORE)


async def get_events(request: Request) -> Response:
    relay = _relay(request)
    if not relay.authorised(request):
        return relay.refuse_api(request)
    query = request.query_params
    after_text = query.get("after", "").strip() or "0"
    if not after_text.isdigit() or len(after_text) > 20:
        return _bad_field("after", "after must be a cursor returned by this relay.")
    try:
        limit = int(query.get("limit", LIMIT_DEFAULT))
        if not 1 <= limit <= LIMIT_MAX:
            raise ValueError
    except ValueError:
        return _bad_field("limit", f"limit must be a whole number from 1 to {LIMIT_MAX}.")
    try:
        wait = float(query.get("wait", relay.settings.long_poll_max))
        if not 0 <= wait <= 25 or wait != wait:
            raise ValueError
    except ValueError:
        return _bad_field("wait", "wait must be a number of seconds from 0 to 25.")
    wait = min(wait, relay.settings.long_poll_max)
    after = int(after_text)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        changed = relay._changed  # taken before reading: a write meanwhile still wakes us
        events, more = await run_in_threadpool(relay.store.events_after, after, limit)
        remaining = deadline - loop.time()
        if events or remaining <= 0 or relay.stopping or changed is None:
            break
        # Re-read at least every second: another worker process may have written.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), timeout=min(remaining, 1.0))
    cursor = events[-1]["id"] if events else after_text
    return JSONResponse({"events": events, "cursor": cursor, "more": more}, headers=_NO_STORE)


async def status(request: Request) -> Response:
    relay = _relay(request)
    if not relay.authorised(request):
        return relay.refuse_api(request)
    latest = await run_in_threadpool(relay.store.latest_id)
    forms = await run_in_threadpool(relay.store.forms)
    return JSONResponse(
        {
            "ok": True,
            "version": __version__,
            "latest": str(latest),
            "forms": [f.name for f in forms],
        },
        headers=_NO_STORE,
    )


async def check(request: Request) -> Response:
    relay = _relay(request)
    if not relay.authorised(request):
        return relay.refuse_api(request)
    try:
        relay.signer.loads("check", request.query_params.get("token", ""))
    except BadToken:
        return JSONResponse(
            {"error": "The relay's secret differs from this one (FACTEUR_RELAY_SECRET)."},
            status_code=403,
            headers=_NO_STORE,
        )
    return JSONResponse({"secret": "ok", "version": __version__}, headers=_NO_STORE)


async def put_forms(request: Request) -> Response:
    relay = _relay(request)
    if not relay.authorised(request):
        return relay.refuse_api(request)
    try:
        payload = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return _bad_field("body", "The body is not valid JSON.")
    items = payload.get("forms") if isinstance(payload, dict) else None
    if not isinstance(items, list) or len(items) > MAX_FORMS:
        return _bad_field("forms", f"forms must be a list of at most {MAX_FORMS} forms.")
    forms: list[Form] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"forms[{index}]"
        if not isinstance(item, dict):
            return _bad_field(where, f"{where} must be an object.")
        name = item.get("name")
        if not isinstance(name, str) or not FORM_NAME.fullmatch(name) or name in seen:
            return _bad_field(
                f"{where}.name",
                f"{where}.name must be a unique name of letters, digits, '-' and '_'.",
            )
        seen.add(name)
        strings: dict[str, str] = {}
        for key in ("consent_text", "redirect_url", "confirm_redirect_url"):
            value = item.get(key) or ""
            if not isinstance(value, str) or len(value) > 10_000:
                return _bad_field(f"{where}.{key}", f"{where}.{key} must be text.")
            if key.endswith("_url") and value and safe_redirect(value) is None:
                return _bad_field(
                    f"{where}.{key}", f"{where}.{key} must be an http:// or https:// address."
                )
            strings[key] = value
        fields = item.get("fields") or []
        if not isinstance(fields, list) or not all(
            isinstance(f, str) and FIELD_NAME.fullmatch(f) for f in fields
        ):
            return _bad_field(f"{where}.fields", f"{where}.fields must be a list of field names.")
        flags: dict[str, bool] = {}
        for key in ("double_opt_in", "enabled"):
            value = item.get(key, True)
            if not isinstance(value, bool):
                return _bad_field(f"{where}.{key}", f"{where}.{key} must be true or false.")
            flags[key] = value
        forms.append(Form(name=name, fields=tuple(dict.fromkeys(fields)), **strings, **flags))
    count = await run_in_threadpool(relay.store.replace_forms, forms)
    return JSONResponse({"forms": count}, headers=_NO_STORE)


# Provider webhooks.


@rate_limited()
async def webhook(request: Request) -> Response:
    relay = _relay(request)
    provider = request.path_params["provider"]
    if provider not in PROVIDERS:
        return JSONResponse({"error": "Unknown provider."}, status_code=404)
    from app.relay import webhooks

    body = await request.body()
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        results = await run_in_threadpool(webhooks.handle, provider, headers, body, relay.settings)
    except webhooks.WebhookRejected as exc:
        status_code = int(getattr(exc, "status", 400))
        reason = str(getattr(exc, "reason", "") or exc)
        log.info("%s webhook rejected (%s): %s", provider, status_code, reason)
        return JSONResponse({"error": reason}, status_code=status_code, headers=_NO_STORE)
    rows = [webhook_row(provider, item) for item in results or ()]
    if rows:
        await run_in_threadpool(relay.store.add_events_once, rows)
    return JSONResponse({"events": len(rows)}, headers=_NO_STORE)


def webhook_row(provider: str, item: dict[str, Any]) -> dict[str, Any]:
    """A stored row from an event dict of ``app.relay.webhooks.handle``."""
    kind = item.get("kind", "")
    if kind not in EVENT_KINDS:
        raise ValueError(f"webhook event of unknown kind {kind!r}")
    values: dict[str, Any] = {
        "message_id": _int_or_none(item.get("message")),
        "contact_id": _int_or_none(item.get("contact")),
        "run_id": _int_or_none(item.get("run")),
        "sent_at": _int_or_none(item.get("sent_at")),
        "email": str(item.get("email") or "")[:320],
        "url": str(item.get("url") or "")[:MAX_URL],
        "ip": truncate_ip(str(item.get("ip") or "")),
        "bot": bool(item.get("bot", False)),
        "source": str(item.get("source") or provider)[:20],
        "name": str(item.get("name") or "")[:100],
        "provider_message_id": str(item.get("provider_message_id") or "").strip("<>")[:255],
        "data": item.get("data") if isinstance(item.get("data"), dict) else {},
        "dedupe": (f"{provider}:{item['dedupe']}"[:255] if item.get("dedupe") else None),
    }
    occurred = item.get("occurred_at")
    if isinstance(occurred, str | datetime):
        with contextlib.suppress(ValueError):
            moment = occurred if isinstance(occurred, datetime) else _parse_iso(occurred)
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            values["occurred_at"] = moment
    return new_event(kind, **values)


def _parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# The application.


def create_app(settings: RelaySettings) -> Starlette:
    """The relay as an ASGI application; its state is ``app.state.relay`` (a ``Relay``)."""
    relay = Relay(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await relay.startup()
        try:
            yield
        finally:
            await relay.shutdown()

    def limit_for(path: str) -> int:
        if path.startswith("/webhooks/"):
            return settings.max_webhook_body
        return settings.max_body

    routes = [
        Route("/", health, methods=["GET"]),
        Route("/u/{token}", unsubscribe_page, methods=["GET"]),
        Route("/u/{token}", unsubscribe, methods=["POST"]),
        Route("/f/{form}", signup, methods=["POST"]),
        Route("/confirm/{token}", confirm, methods=["GET"]),
        Route("/api/v1/events", post_event, methods=["POST"]),
        Route("/api/v1/events", get_events, methods=["GET"]),
        Route("/api/v1/status", status, methods=["GET"]),
        Route("/api/v1/check", check, methods=["GET"]),
        Route("/api/v1/forms", put_forms, methods=["PUT"]),
        Route("/webhooks/{provider}", webhook, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(TrackingFastPath, relay=relay),
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, limit_for=limit_for),
        ],
    )
    app.state.relay = relay
    return app


def app_from_env() -> Starlette:
    """The application factory of ``--workers N`` (each worker process reads the environment)."""
    return create_app(RelaySettings.from_env())


def _uvicorn_options() -> dict[str, Any]:
    options: dict[str, Any] = {
        # The relay reads X-Forwarded-For itself, only when FACTEUR_RELAY_TRUST_PROXY=1.
        "proxy_headers": False,
        "server_header": False,
        # An access log would keep full addresses and tokens: off (privacy).
        "access_log": False,
        "timeout_graceful_shutdown": 5,
        "log_config": None,
    }
    with contextlib.suppress(ImportError):
        import httptools  # noqa: F401

        options["http"] = "httptools"
    with contextlib.suppress(ImportError):
        import uvloop  # noqa: F401

        options["loop"] = "uvloop"
    return options


def make_server(app: Starlette, host: str, port: int, **options: Any) -> Any:
    """A uvicorn server for ``app`` whose stop also wakes the relay's long-polls."""
    import uvicorn

    relay: Relay = app.state.relay

    class RelayServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            relay.stop_waiting()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=host, port=port, **{**_uvicorn_options(), **options})
    return RelayServer(config)


def cmd_serve(args: argparse.Namespace) -> int:
    """``facteur relay serve``: run the relay until interrupted."""
    import uvicorn

    overrides: dict[str, Any] = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    if getattr(args, "relay_db", None):
        overrides["db_url"] = normalise_db_url(args.relay_db)
    settings = RelaySettings.from_env(**overrides)
    workers = max(1, int(getattr(args, "workers", 1) or 1))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    relay_log = logging.getLogger("facteur.relay")
    relay_log.addHandler(handler)
    relay_log.setLevel(logging.INFO)
    print(
        f"Facteur relay {__version__} on http://{settings.host}:{settings.port} "
        f"({settings.db_url.split(':', 1)[0]}, {workers} worker(s))",
        file=sys.stderr,
    )
    if workers > 1:
        # Worker processes import the app by name and read the environment: hand the
        # command line's choices over through it.
        os.environ["FACTEUR_RELAY_DB_URL"] = settings.db_url
        uvicorn.run(
            "app.relay.server:app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            **_uvicorn_options(),
        )
        return 0
    try:
        make_server(create_app(settings), settings.host, settings.port).run()
    except FacteurError:
        raise
    return 0
