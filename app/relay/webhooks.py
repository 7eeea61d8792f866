"""Provider webhooks: bounces and complaints from SendGrid, Mailgun, SES (via SNS) and Postmark.

``handle(provider, headers, body, settings)`` checks that a webhook really comes from the
provider (each one's own scheme), then turns its payload into normalised relay events::

    {"kind": "bounce" | "complaint", "email": "jean@exemple.fr", "provider_message_id": "...",
     "source": "sendgrid", "data": {"permanent": True, "reason": "550 5.1.1 ..."},
     "occurred_at": "2026-11-24T13:00:00+00:00"}

``dedupe`` (when the provider numbers its events) is the provider's event id, so the relay
stores a retried delivery once. ``provider_message_id`` is the id the provider gave when it
accepted the message (what the sending engine stored as ``Message.provider_id``), without
``<>``; ``data["message_id"]`` is the Message-ID header when the provider reports it. One request may carry several events (SendGrid
posts arrays, an SES bounce lists several recipients); deliveries, opens and clicks are ignored
(the relay's own pixel and links count those). A refused request raises ``WebhookRejected`` with
the HTTP status to answer.

The schemes, as each provider documents them:

- SendGrid (Signed Event Webhook): ECDSA P-256 / SHA-256 signature, base64 DER, in
  ``X-Twilio-Email-Event-Webhook-Signature``, over the ``X-Twilio-Email-Event-Webhook-Timestamp``
  header followed by the raw body. Key: the "verification key" SendGrid shows (base64 DER, PEM
  accepted too).
- Mailgun: ``signature`` = hex HMAC-SHA256 of ``timestamp + token`` with the webhook signing
  key, inside the JSON body. Stale timestamps and tokens seen before are refused.
- SES via SNS: the SNS envelope's RSA signature (SignatureVersion 1: SHA1, 2: SHA256) over the
  documented "Name\\nvalue\\n" string, with the certificate at ``SigningCertURL``, which must be
  an ``https://sns.<region>.amazonaws.com/`` address. A SubscriptionConfirmation from an allowed
  topic is confirmed by fetching its ``SubscribeURL``.
- Postmark signs nothing: its webhook URL carries HTTP Basic credentials, checked here.

Settings read (``getattr(settings, name)``, then ``settings.extra[name]`` for the
``FACTEUR_RELAY_*`` variables the relay does not know by name):

- ``sendgrid_public_key``; ``mailgun_signing_key``;
- ``postmark_webhook_user`` / ``postmark_webhook_password`` (extra ``postmark_user`` /
  ``postmark_password``), or ``postmark_auth`` as ``"user:password"``;
- ``ses_topic_arns`` (extra ``ses_topics``) or ``ses_topic_arn``: allowed TopicArns, comma
  separated. Required: an SNS signature only proves the message went through SNS, and anyone can
  point their own topic at the relay, so without a list SES is refused as not configured;
  ``*`` accepts any topic (unsafe, for trials only);
- ``sns_cert_url_pattern`` (regex for SigningCertURL and SubscribeURL), ``sns_cert_fetcher``
  (callable ``url -> bytes``: fetches certificates and confirms subscriptions; default httpx,
  5 s timeout), ``webhook_max_age`` (seconds a SendGrid/Mailgun timestamp may be off, 600).

``handle`` may block on the network (fetching an SNS certificate, confirming a subscription):
call it from a worker thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

PROVIDERS = ("sendgrid", "mailgun", "ses", "postmark")
DEFAULT_MAX_AGE = 600.0
DEFAULT_SNS_CERT_URL_PATTERN = r"^https://sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/"
FETCH_TIMEOUT = 5.0

SENDGRID_SIGNATURE = "x-twilio-email-event-webhook-signature"
SENDGRID_TIMESTAMP = "x-twilio-email-event-webhook-timestamp"


class WebhookRejected(Exception):
    """The request is refused: answer ``status`` (an HTTP code) with ``reason``."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def handle(provider: str, headers: dict[str, str], body: bytes, settings: Any) -> list[dict]:
    """Verify one webhook request and return its bounce/complaint events (maybe none)."""
    name = (provider or "").strip().lower()
    handler = _HANDLERS.get(name)
    if handler is None:
        raise WebhookRejected(404, f"unknown provider {provider!r}")
    return handler({k.lower(): v for k, v in headers.items()}, body, settings)


# --- settings ----------------------------------------------------------------------------------


def _option(settings: Any, *names: str, default: Any = "") -> Any:
    """The first of ``names`` set on ``settings`` (attribute, then ``settings.extra``)."""
    extra = getattr(settings, "extra", None) or {}
    for name in names:
        value = getattr(settings, name, None)
        if value is None or value == "":
            value = extra.get(name) if hasattr(extra, "get") else None
        if value is not None and value != "":
            return value
    return default


def _max_age(settings: Any) -> float:
    try:
        return float(_option(settings, "webhook_max_age", default=DEFAULT_MAX_AGE))
    except (TypeError, ValueError):
        return DEFAULT_MAX_AGE


# --- shared helpers ----------------------------------------------------------------------------


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WebhookRejected(400, "the body is not valid JSON") from None


def _iso(moment: Any) -> str | None:
    """An ISO 8601 UTC string from a Unix time (number or digits) or an ISO string."""
    if moment is None or moment == "" or isinstance(moment, bool):
        return None
    try:
        if isinstance(moment, int | float):
            return datetime.fromtimestamp(float(moment), UTC).isoformat()
        text = str(moment).strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return datetime.fromtimestamp(float(text), UTC).isoformat()
        parsed = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _strip_id(value: Any) -> str:
    text = str(value or "").strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    return text


def _event(
    kind: str,
    email: Any,
    provider_message_id: Any,
    source: str,
    data: dict[str, Any],
    occurred_at: Any,
    message_id: Any = "",
    dedupe: Any = "",
) -> dict | None:
    address = str(email or "").strip().lower()
    if not address or "@" not in address:
        return None
    data = dict(data)
    header_id = _strip_id(message_id)
    if header_id:
        data["message_id"] = header_id
    event: dict[str, Any] = {
        "kind": kind,
        "email": address,
        "provider_message_id": _strip_id(provider_message_id),
        "source": source,
        "data": data,
    }
    when = _iso(occurred_at)
    if when:
        event["occurred_at"] = when
    if dedupe:  # the provider's event id: the relay stores a retried delivery once
        event["dedupe"] = str(dedupe)
    return event


def _check_fresh(timestamp: str, max_age: float, what: str) -> float:
    try:
        moment = float(timestamp)
    except (TypeError, ValueError):
        raise WebhookRejected(403, f"{what}: bad timestamp") from None
    if abs(time.time() - moment) > max_age:
        raise WebhookRejected(403, f"{what}: stale timestamp")
    return moment


# --- SendGrid ----------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _sendgrid_key(text: str) -> ec.EllipticCurvePublicKey:
    try:
        if "BEGIN" in text:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            der = base64.b64decode("".join(text.split()), validate=True)
            key = serialization.load_der_public_key(der)
    except (ValueError, TypeError, binascii.Error, UnicodeEncodeError):
        raise WebhookRejected(500, "the SendGrid verification key is not valid") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise WebhookRejected(500, "the SendGrid verification key is not an ECDSA key")
    return key


# Drop reasons that mean the address itself must not be mailed again.
SENDGRID_PERMANENT_DROPS = {"bounced address", "spam reporting address", "invalid"}
SENDGRID_IGNORED_DROPS = {"unsubscribed address"}  # our own unsubscribe handles those


def _sendgrid(headers: dict[str, str], body: bytes, settings: Any) -> list[dict]:
    key_text = str(_option(settings, "sendgrid_public_key")).strip()
    if not key_text:
        raise WebhookRejected(404, "SendGrid webhooks are not configured")
    key = _sendgrid_key(key_text)
    signature = headers.get(SENDGRID_SIGNATURE, "").strip()
    timestamp = headers.get(SENDGRID_TIMESTAMP, "").strip()
    if not signature or not timestamp:
        raise WebhookRejected(403, "SendGrid: missing signature headers")
    try:
        raw_signature = base64.b64decode(signature, validate=True)
        key.verify(raw_signature, timestamp.encode("utf-8") + body, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, binascii.Error, ValueError):
        raise WebhookRejected(403, "SendGrid: bad signature") from None
    _check_fresh(timestamp, _max_age(settings), "SendGrid")

    items = _json(body)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise WebhookRejected(400, "SendGrid: the body must be a JSON array of events")
    events = []
    for item in items:
        event = _sendgrid_event(item)
        if event:
            events.append(event)
    return events


def _sendgrid_event(item: dict[str, Any]) -> dict | None:
    kind = str(item.get("event") or "").lower()
    # sg_message_id is the X-Message-Id answered at sending, plus ".filter..." (the server).
    sg_id = str(item.get("sg_message_id") or "")
    provider_id = sg_id.split(".filter", 1)[0] if sg_id else _strip_id(item.get("smtp-id"))
    extra = {"sg_message_id": sg_id} if sg_id else {}
    common = {
        "email": item.get("email"),
        "provider_message_id": provider_id,
        "source": "sendgrid",
        "occurred_at": item.get("timestamp"),
        "message_id": item.get("smtp-id"),
        "dedupe": item.get("sg_event_id") or "",
    }
    if kind == "bounce":
        # type "bounce": the server refused the address; "blocked": it refused this message
        # (reputation, content), which SendGrid does not suppress.
        bounce_type = str(item.get("type") or "bounce").lower()
        status = str(item.get("status") or "").strip()
        reason = str(item.get("reason") or "").strip()
        if status and status not in reason:
            reason = f"{status} {reason}".strip()
        data = {"permanent": bounce_type != "blocked", "reason": reason, **extra}
        if bounce_type == "blocked":
            data["blocked"] = True
        return _event("bounce", data=data, **common)
    if kind == "dropped":
        why = str(item.get("reason") or "").strip()
        if why.lower() in SENDGRID_IGNORED_DROPS:
            return None
        data = {
            "permanent": why.lower() in SENDGRID_PERMANENT_DROPS,
            "reason": f"dropped: {why}" if why else "dropped",
            **extra,
        }
        return _event("bounce", data=data, **common)
    if kind == "spamreport":
        return _event("complaint", data={"reason": "spam report", **extra}, **common)
    return None  # processed, deferred, delivered, open, click, unsubscribe, group_*


# --- Mailgun -----------------------------------------------------------------------------------

_mailgun_tokens: dict[str, float] = {}
_mailgun_lock = threading.Lock()
MAILGUN_TOKENS_MAX = 100_000


def _mailgun_seen(token: str, keep_for: float) -> bool:
    """Remember ``token``; True when it was already used (a replay)."""
    now = time.monotonic()
    with _mailgun_lock:
        expiry = _mailgun_tokens.get(token)
        if expiry is not None and expiry > now:
            return True
        if len(_mailgun_tokens) >= MAILGUN_TOKENS_MAX:
            for old in [t for t, e in _mailgun_tokens.items() if e <= now]:
                del _mailgun_tokens[old]
            while len(_mailgun_tokens) >= MAILGUN_TOKENS_MAX:  # all fresh: drop the oldest
                del _mailgun_tokens[next(iter(_mailgun_tokens))]
        _mailgun_tokens[token] = now + keep_for
        return False


def _mailgun(headers: dict[str, str], body: bytes, settings: Any) -> list[dict]:
    signing_key = str(_option(settings, "mailgun_signing_key")).strip()
    if not signing_key:
        raise WebhookRejected(404, "Mailgun webhooks are not configured")
    payload = _json(body)
    if not isinstance(payload, dict):
        raise WebhookRejected(400, "Mailgun: the body must be a JSON object")
    signed = payload.get("signature")
    event_data = payload.get("event-data")
    if not isinstance(signed, dict) or not isinstance(event_data, dict):
        raise WebhookRejected(400, "Mailgun: 'signature' and 'event-data' objects are required")
    timestamp = str(signed.get("timestamp") or "")
    token = str(signed.get("token") or "")
    if not timestamp or not token:
        raise WebhookRejected(403, "Mailgun: missing signature fields")
    expected = hmac.new(
        signing_key.encode("utf-8"), (timestamp + token).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    # A subaccount's events also carry the primary account's signature.
    candidates = [signed.get("signature"), signed.get("parent-signature")]
    if not any(
        isinstance(given, str) and hmac.compare_digest(expected, given.strip().lower())
        for given in candidates
    ):
        raise WebhookRejected(403, "Mailgun: bad signature")
    max_age = _max_age(settings)
    _check_fresh(timestamp, max_age, "Mailgun")
    if _mailgun_seen(token, 2 * max_age):
        raise WebhookRejected(403, "Mailgun: token already used (replay)")
    event = _mailgun_event(event_data)
    return [event] if event else []


def _mailgun_event(item: dict[str, Any]) -> dict | None:
    kind = str(item.get("event") or "").lower()
    message = item.get("message") if isinstance(item.get("message"), dict) else {}
    message_headers = message.get("headers") if isinstance(message.get("headers"), dict) else {}
    # Mailgun's message id (answered at sending) is the Message-ID header it sent.
    message_id = message_headers.get("message-id") or ""
    common = {
        "email": item.get("recipient"),
        "provider_message_id": message_id,
        "source": "mailgun",
        "occurred_at": item.get("timestamp"),
        "message_id": message_id,
        "dedupe": item.get("id") or "",
    }
    extra = {"mailgun_event_id": str(item["id"])} if item.get("id") else {}
    if kind == "failed":
        status = (
            item.get("delivery-status") if isinstance(item.get("delivery-status"), dict) else {}
        )
        code = status.get("code")
        enhanced = str(status.get("enhanced-code") or "").strip()
        text = str(status.get("message") or status.get("description") or "").strip()
        reason = " ".join(str(part) for part in (code, enhanced, text) if part)
        if not reason:
            reason = str(item.get("reason") or "failed")
        permanent = str(item.get("severity") or "").lower() == "permanent"
        return _event("bounce", data={"permanent": permanent, "reason": reason, **extra}, **common)
    if kind == "complained":
        return _event("complaint", data={"reason": "spam complaint", **extra}, **common)
    return None  # accepted, delivered, opened, clicked, unsubscribed, stored


# --- SES via SNS -------------------------------------------------------------------------------

SNS_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
SNS_SUBSCRIPTION_FIELDS = (
    "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type",
)  # fmt: skip
SNS_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "1": hashes.SHA1,
    "2": hashes.SHA256,
}

_sns_certs: dict[str, x509.Certificate] = {}
_sns_lock = threading.Lock()
SNS_CERTS_MAX = 32


def clear_caches() -> None:
    """Forget fetched SNS certificates and seen Mailgun tokens (tests, key rotation)."""
    with _sns_lock:
        _sns_certs.clear()
    with _mailgun_lock:
        _mailgun_tokens.clear()
    _sendgrid_key.cache_clear()


def default_fetcher(url: str) -> bytes:
    """GET ``url`` (an SNS certificate or SubscribeURL) and return the body."""
    import httpx  # only the relay's SNS path needs it

    response = httpx.get(url, timeout=FETCH_TIMEOUT, follow_redirects=False)
    response.raise_for_status()
    return response.content


def sns_string_to_sign(message: dict[str, Any]) -> bytes:
    """The canonical "Name\\nvalue\\n" string SNS signs, for the message's Type."""
    kind = message.get("Type")
    if kind == "Notification":
        fields = SNS_NOTIFICATION_FIELDS
    elif kind in ("SubscriptionConfirmation", "UnsubscribeConfirmation"):
        fields = SNS_SUBSCRIPTION_FIELDS
    else:
        raise WebhookRejected(400, f"SNS: unknown message type {kind!r}")
    parts = []
    for name in fields:
        value = message.get(name)
        if value is None:
            if name == "Subject":  # the only optional one
                continue
            raise WebhookRejected(400, f"SNS: the message has no {name}")
        parts.append(f"{name}\n{value}\n")
    return "".join(parts).encode("utf-8")


def _sns_url_ok(url: str, settings: Any) -> bool:
    pattern = str(_option(settings, "sns_cert_url_pattern", default=DEFAULT_SNS_CERT_URL_PATTERN))
    return isinstance(url, str) and url.startswith("https://") and bool(re.match(pattern, url))


def _sns_certificate(url: str, fetch: Callable[[str], bytes]) -> x509.Certificate:
    with _sns_lock:
        cached = _sns_certs.get(url)
    if cached is not None:
        return cached
    try:
        pem = fetch(url)
    except Exception as exc:  # any transport failure: SNS will retry later
        raise WebhookRejected(502, f"SNS: cannot fetch the signing certificate ({exc})") from None
    try:
        cert = x509.load_pem_x509_certificate(pem if isinstance(pem, bytes) else pem.encode())
    except (ValueError, TypeError):
        raise WebhookRejected(403, "SNS: the signing certificate is not valid") from None
    with _sns_lock:
        if len(_sns_certs) >= SNS_CERTS_MAX:
            _sns_certs.pop(next(iter(_sns_certs)))
        _sns_certs[url] = cert
    return cert


def _verify_sns(message: dict[str, Any], settings: Any, fetch: Callable[[str], bytes]) -> None:
    cert_url = message.get("SigningCertURL") or message.get("SigningCertUrl") or ""
    if not _sns_url_ok(cert_url, settings):
        raise WebhookRejected(403, "SNS: the signing certificate URL is not an SNS address")
    hash_factory = SNS_HASHES.get(str(message.get("SignatureVersion") or ""))
    if hash_factory is None:
        raise WebhookRejected(403, "SNS: unsupported SignatureVersion")
    to_sign = sns_string_to_sign(message)
    try:
        signature = base64.b64decode(str(message.get("Signature") or ""), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookRejected(403, "SNS: bad signature") from None
    cert = _sns_certificate(cert_url, fetch)
    now = datetime.now(UTC)
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise WebhookRejected(403, "SNS: the signing certificate has expired")
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise WebhookRejected(403, "SNS: the signing certificate is not an RSA certificate")
    try:
        key.verify(signature, to_sign, padding.PKCS1v15(), hash_factory())
    except InvalidSignature:
        raise WebhookRejected(403, "SNS: bad signature") from None


def _ses_topics(settings: Any) -> list[str]:
    raw = _option(settings, "ses_topic_arns", "ses_topics", "ses_topic_arn", default="")
    if isinstance(raw, str):
        raw = raw.split(",")
    return [str(item).strip() for item in raw if str(item).strip()]


def _ses(headers: dict[str, str], body: bytes, settings: Any) -> list[dict]:
    topics = _ses_topics(settings)
    if not topics:
        raise WebhookRejected(404, "SES webhooks are not configured (no SNS topic allowed)")
    message = _json(body)
    if not isinstance(message, dict) or not isinstance(message.get("Type"), str):
        raise WebhookRejected(400, "SNS: the body is not an SNS message")
    if "*" not in topics and message.get("TopicArn") not in topics:
        raise WebhookRejected(403, "SNS: this topic is not allowed")
    fetch = _option(settings, "sns_cert_fetcher", default=None)
    if not callable(fetch):
        fetch = default_fetcher
    _verify_sns(message, settings, fetch)

    kind = message["Type"]
    if kind == "SubscriptionConfirmation":
        url = message.get("SubscribeURL") or ""
        if not _sns_url_ok(url, settings):
            raise WebhookRejected(403, "SNS: the SubscribeURL is not an SNS address")
        try:
            fetch(url)
        except Exception as exc:
            raise WebhookRejected(502, f"SNS: cannot confirm the subscription ({exc})") from None
        return []
    if kind != "Notification":
        return []  # UnsubscribeConfirmation: nothing to do
    try:
        notification = json.loads(message.get("Message") or "")
    except ValueError:
        return []  # a verified message from our topic that is not an SES event (a test publish)
    if not isinstance(notification, dict):
        return []
    return _ses_events(notification)


def _ses_events(notification: dict[str, Any]) -> list[dict]:
    kind = str(notification.get("notificationType") or notification.get("eventType") or "")
    mail = notification.get("mail") if isinstance(notification.get("mail"), dict) else {}
    common_headers = (
        mail.get("commonHeaders") if isinstance(mail.get("commonHeaders"), dict) else {}
    )
    header_id = common_headers.get("messageId") or ""
    provider_id = mail.get("messageId") or header_id
    events: list[dict | None] = []
    if kind == "Bounce":
        bounce = notification.get("bounce") if isinstance(notification.get("bounce"), dict) else {}
        permanent = str(bounce.get("bounceType") or "") == "Permanent"
        sub_type = str(bounce.get("bounceSubType") or "")
        for recipient in bounce.get("bouncedRecipients") or []:
            if not isinstance(recipient, dict):
                continue
            reason = str(recipient.get("diagnosticCode") or "").strip()
            if not reason:
                status = str(recipient.get("status") or "").strip()
                reason = " ".join(p for p in (status, bounce.get("bounceType"), sub_type) if p)
            data = {"permanent": permanent, "reason": reason, "bounce_type": sub_type}
            events.append(
                _event(
                    "bounce",
                    recipient.get("emailAddress"),
                    provider_id,
                    "ses",
                    data,
                    bounce.get("timestamp") or mail.get("timestamp"),
                    header_id,
                    _ses_dedupe(bounce, recipient),
                )
            )
    elif kind == "Complaint":
        complaint = notification.get("complaint")
        complaint = complaint if isinstance(complaint, dict) else {}
        reason = str(complaint.get("complaintFeedbackType") or "complaint")
        for recipient in complaint.get("complainedRecipients") or []:
            if not isinstance(recipient, dict):
                continue
            events.append(
                _event(
                    "complaint",
                    recipient.get("emailAddress"),
                    provider_id,
                    "ses",
                    {"reason": reason},
                    complaint.get("timestamp") or mail.get("timestamp"),
                    header_id,
                    _ses_dedupe(complaint, recipient),
                )
            )
    return [event for event in events if event]


def _ses_dedupe(report: dict[str, Any], recipient: dict[str, Any]) -> str:
    """SES's feedbackId names one bounce or complaint report; it may list several people."""
    feedback = str(report.get("feedbackId") or "")
    address = str(recipient.get("emailAddress") or "").strip().lower()
    return f"{feedback}:{address}" if feedback else ""


# --- Postmark ----------------------------------------------------------------------------------

# Bounce types for which Postmark deactivates the address (or which say it cannot exist).
POSTMARK_PERMANENT = {"HardBounce", "BadEmailAddress", "ManuallyDeactivated"}
# Not delivery failures: an out-of-office, a list request, a challenge, a relay test.
POSTMARK_IGNORED = {
    "AutoResponder", "Subscribe", "Unsubscribe", "AddressChange", "OpenRelayTest",
    "ChallengeVerification",
}  # fmt: skip


def _postmark_credentials(settings: Any) -> tuple[str, str] | None:
    user = str(_option(settings, "postmark_webhook_user", "postmark_user"))
    password = str(_option(settings, "postmark_webhook_password", "postmark_password"))
    if not user and not password:
        auth = str(_option(settings, "postmark_auth"))
        if ":" in auth:
            user, _, password = auth.partition(":")
    if not user or not password:
        return None
    return user, password


def _postmark(headers: dict[str, str], body: bytes, settings: Any) -> list[dict]:
    credentials = _postmark_credentials(settings)
    if credentials is None:
        raise WebhookRejected(404, "Postmark webhooks are not configured")
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        raise WebhookRejected(401, "Postmark: HTTP Basic credentials required")
    try:
        given_user, sep, given_password = (
            base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, ValueError):
        raise WebhookRejected(401, "Postmark: malformed Basic credentials") from None
    user_ok = hmac.compare_digest(given_user.encode(), credentials[0].encode())
    password_ok = hmac.compare_digest(given_password.encode(), credentials[1].encode())
    if not (sep and user_ok and password_ok):
        raise WebhookRejected(403, "Postmark: wrong credentials")

    item = _json(body)
    if not isinstance(item, dict):
        raise WebhookRejected(400, "Postmark: the body must be a JSON object")
    record = str(item.get("RecordType") or "")
    bounce_type = str(item.get("Type") or "")
    common = {
        "email": item.get("Email"),
        "provider_message_id": item.get("MessageID"),
        "source": "postmark",
        "occurred_at": item.get("BouncedAt"),
        "dedupe": f"{record}:{item['ID']}" if item.get("ID") else "",
    }
    details = str(item.get("Details") or item.get("Description") or "").strip()
    if record == "SpamComplaint" or (record == "Bounce" and bounce_type == "SpamComplaint"):
        event = _event("complaint", data={"reason": details or "spam complaint"}, **common)
        return [event] if event else []
    if record != "Bounce" or bounce_type in POSTMARK_IGNORED:
        return []  # Delivery, Open, Click, SubscriptionChange, or not a failure
    permanent = bounce_type in POSTMARK_PERMANENT or item.get("Inactive") is True
    reason = f"{bounce_type}: {details}" if details else bounce_type
    data = {"permanent": permanent, "reason": reason, "bounce_type": bounce_type}
    event = _event("bounce", data=data, **common)
    return [event] if event else []


_HANDLERS: dict[str, Callable[[dict[str, str], bytes, Any], list[dict]]] = {
    "sendgrid": _sendgrid,
    "mailgun": _mailgun,
    "ses": _ses,
    "postmark": _postmark,
}
