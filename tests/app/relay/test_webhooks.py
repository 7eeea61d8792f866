"""Provider webhooks (app.relay.webhooks.handle): real signatures made here, documented payloads.

SendGrid: an ECDSA P-256 key made in the test signs ``timestamp + body``. Mailgun: HMAC-SHA256 of
``timestamp + token``. SES: a self-signed RSA certificate signs the SNS canonical string (written
out here from AWS's documentation, independently of the module), served by the fetcher hook, so
nothing leaves the machine. Postmark: HTTP Basic credentials.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from app.relay import webhooks
from app.relay.webhooks import WebhookRejected, handle


@pytest.fixture(autouse=True)
def _fresh_caches():
    webhooks.clear_caches()
    yield
    webhooks.clear_caches()


def settings(**values: Any) -> SimpleNamespace:
    return SimpleNamespace(extra={}, **values)


def rejected(provider: str, headers: dict, body: bytes, config: Any) -> WebhookRejected:
    with pytest.raises(WebhookRejected) as info:
        handle(provider, headers, body, config)
    return info.value


def test_unknown_provider_is_404():
    error = rejected("sparkpost", {}, b"[]", settings())
    assert error.status == 404
    assert "sparkpost" in error.reason


@pytest.mark.parametrize("provider", ["sendgrid", "mailgun", "ses", "postmark"])
def test_unconfigured_provider_is_refused(provider):
    error = rejected(provider, {}, b"{}", settings())
    assert error.status == 404
    assert "not configured" in error.reason


# --- SendGrid ----------------------------------------------------------------------------------

SENDGRID_EVENTS = [
    {
        "email": "Example@Test.com",
        "timestamp": 1513299569,
        "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "event": "bounce",
        "category": "cat facts",
        "sg_event_id": "6g4ZI7SA-xmRDv57GoPIPw==",
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        "reason": "500 unknown recipient",
        "status": "5.0.0",
        "type": "bounce",
    },
    {
        "email": "blocked@test.com",
        "timestamp": 1513299570,
        "event": "bounce",
        "sg_message_id": "W86EgYT6SQKk0lRflfLRsA.filterdrecv-5645d9c87f-78xgx-1-5E2B4C2A-39.0",
        "reason": "550 5.7.1 blocked by policy",
        "status": "5.7.1",
        "type": "blocked",
    },
    {
        "email": "dropped@test.com",
        "timestamp": 1513299571,
        "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "event": "dropped",
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        "reason": "Bounced Address",
        "status": "5.0.0",
    },
    {
        "email": "unsub@test.com",
        "timestamp": 1513299571,
        "event": "dropped",
        "sg_message_id": "abc.filter0001.1",
        "reason": "Unsubscribed Address",
    },
    {
        "email": "delivered@test.com",
        "timestamp": 1513299569,
        "event": "delivered",
        "sg_message_id": "abc.filter0001.2",
        "response": "250 OK",
    },
    {"email": "opened@test.com", "timestamp": 1513299569, "event": "open"},
    {
        "email": "spam@test.com",
        "timestamp": 1513299572,
        "event": "spamreport",
        "sg_event_id": "6g4ZI7SA-xmRDv57GoPIPw==",
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
    },
]


@pytest.fixture(scope="module")
def sendgrid_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def sendgrid_public(key: ec.EllipticCurvePrivateKey, pem: bool = False) -> str:
    if pem:
        return (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def sendgrid_headers(key, body: bytes, timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    signature = key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": base64.b64encode(signature).decode(),
        "x-twilio-email-event-webhook-timestamp": timestamp,
    }


def test_sendgrid_signed_events_are_normalised(sendgrid_key):
    body = json.dumps(SENDGRID_EVENTS).encode()
    config = settings(sendgrid_public_key=sendgrid_public(sendgrid_key))
    events = handle("sendgrid", sendgrid_headers(sendgrid_key, body), body, config)

    assert [(e["kind"], e["email"], e["data"].get("permanent")) for e in events] == [
        ("bounce", "example@test.com", True),
        ("bounce", "blocked@test.com", False),
        ("bounce", "dropped@test.com", True),
        ("complaint", "spam@test.com", None),
    ]
    first = events[0]
    assert first["source"] == "sendgrid"
    assert first["provider_message_id"] == "14c5d75ce93.dfd.64b469"  # the X-Message-Id
    assert first["data"]["message_id"] == "14c5d75ce93.dfd.64b469@ismtpd-555"
    assert first["data"]["reason"] == "5.0.0 500 unknown recipient"
    assert first["occurred_at"] == "2017-12-15T00:59:29+00:00"
    assert events[1]["provider_message_id"] == "W86EgYT6SQKk0lRflfLRsA"
    assert events[2]["data"]["reason"] == "dropped: Bounced Address"
    # The provider's event id, so that the relay stores a retried delivery once.
    assert first["dedupe"] == "6g4ZI7SA-xmRDv57GoPIPw=="
    assert "dedupe" not in events[1]  # that event came without an sg_event_id


def test_sendgrid_accepts_a_pem_key(sendgrid_key):
    body = json.dumps(SENDGRID_EVENTS[:1]).encode()
    config = settings(sendgrid_public_key=sendgrid_public(sendgrid_key, pem=True))
    events = handle("sendgrid", sendgrid_headers(sendgrid_key, body), body, config)
    assert [e["email"] for e in events] == ["example@test.com"]


def test_sendgrid_tampered_body_or_signature_is_403(sendgrid_key):
    body = json.dumps(SENDGRID_EVENTS).encode()
    config = settings(sendgrid_public_key=sendgrid_public(sendgrid_key))
    headers = sendgrid_headers(sendgrid_key, body)

    tampered = body.replace(b"Example@Test.com", b"victim@test.com")
    assert rejected("sendgrid", headers, tampered, config).status == 403

    other_key = ec.generate_private_key(ec.SECP256R1())
    assert rejected("sendgrid", sendgrid_headers(other_key, body), body, config).status == 403

    # The timestamp is signed too: moving it breaks the signature.
    moved = dict(headers)
    moved["x-twilio-email-event-webhook-timestamp"] = str(int(time.time()) + 1)
    assert rejected("sendgrid", moved, body, config).status == 403

    missing = {k: v for k, v in headers.items() if "signature" not in k}
    assert rejected("sendgrid", missing, body, config).status == 403


def test_sendgrid_stale_timestamp_is_rejected(sendgrid_key):
    body = json.dumps(SENDGRID_EVENTS).encode()
    config = settings(sendgrid_public_key=sendgrid_public(sendgrid_key))
    old = str(int(time.time()) - 3600)
    error = rejected("sendgrid", sendgrid_headers(sendgrid_key, body, old), body, config)
    assert error.status == 403
    assert "stale" in error.reason
    # A longer window set by the operator accepts it.
    config.webhook_max_age = 7200
    assert handle("sendgrid", sendgrid_headers(sendgrid_key, body, old), body, config)


def test_sendgrid_malformed_body_is_400(sendgrid_key):
    config = settings(sendgrid_public_key=sendgrid_public(sendgrid_key))
    for body in (b"not json", b'{"event": "bounce"}'):
        assert (
            rejected("sendgrid", sendgrid_headers(sendgrid_key, body), body, config).status == 400
        )


# --- Mailgun -----------------------------------------------------------------------------------

MAILGUN_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"


def mailgun_body(event_data: dict, key: str = MAILGUN_KEY, timestamp: int | None = None,
                 token: str | None = None) -> bytes:  # fmt: skip
    timestamp_text = str(int(time.time()) if timestamp is None else timestamp)
    token = token or secrets.token_hex(25)
    signature = hmac.new(
        key.encode(), (timestamp_text + token).encode(), hashlib.sha256
    ).hexdigest()
    signed = {"timestamp": timestamp_text, "token": token, "signature": signature}
    return json.dumps({"signature": signed, "event-data": event_data}).encode()


MAILGUN_PERMANENT = {
    "id": "G9Bn5sl1TC6nu79C8C0bwg",
    "timestamp": 1521233195.375624,
    "log-level": "error",
    "event": "failed",
    "severity": "permanent",
    "reason": "suppress-bounce",
    "envelope": {
        "sender": "bob@sandbox.mailgun.org",
        "transport": "smtp",
        "targets": "alice@example.com",
    },
    "recipient-domain": "example.com",
    "message": {
        "headers": {
            "to": "Alice <alice@example.com>",
            "message-id": "20130503182626.18666.16540@sandbox.mailgun.org",
            "from": "Bob <bob@sandbox.mailgun.org>",
            "subject": "Test permanent_fail webhook",
        },
        "attachments": [],
        "size": 111,
    },
    "recipient": "Alice@Example.com",
    "delivery-status": {
        "attempt-no": 1,
        "message": "",
        "code": 605,
        "description": "Not delivering to previously bounced address",
        "session-seconds": 0,
    },
}

MAILGUN_TEMPORARY = {
    "id": "Fs7-5t81S2ONb3JqR-b4Rw",
    "timestamp": 1521472262.908181,
    "event": "failed",
    "severity": "temporary",
    "reason": "generic",
    "message": {"headers": {"message-id": "<20180319151051.1.TEMP@sandbox.mailgun.org>"}},
    "recipient": "bob@example.com",
    "delivery-status": {
        "attempt-no": 1,
        "message": "The email account that you tried to reach is over quota.",
        "code": 452,
        "enhanced-code": "4.2.2",
        "description": "",
    },
}

MAILGUN_COMPLAINED = {
    "id": "-Agny091SquKnsrW2NEKUA",
    "timestamp": 1521233123.501324,
    "event": "complained",
    "message": {"headers": {"message-id": "20130718032413.263EE2E0926@sandbox.mailgun.org"}},
    "recipient": "carol@example.com",
}


def test_mailgun_failed_and_complained_events():
    config = settings(mailgun_signing_key=MAILGUN_KEY)

    [hard] = handle("mailgun", {}, mailgun_body(MAILGUN_PERMANENT), config)
    assert hard["kind"] == "bounce"
    assert hard["email"] == "alice@example.com"
    assert hard["source"] == "mailgun"
    assert hard["provider_message_id"] == "20130503182626.18666.16540@sandbox.mailgun.org"
    assert hard["data"]["permanent"] is True
    assert hard["data"]["reason"] == "605 Not delivering to previously bounced address"
    assert hard["occurred_at"].startswith("2018-03-16T20:46:35.375624")
    assert hard["dedupe"] == "G9Bn5sl1TC6nu79C8C0bwg"

    [soft] = handle("mailgun", {}, mailgun_body(MAILGUN_TEMPORARY), config)
    assert soft["data"]["permanent"] is False
    assert soft["provider_message_id"] == "20180319151051.1.TEMP@sandbox.mailgun.org"  # no <>
    assert soft["data"]["reason"].startswith("452 4.2.2 The email account")

    [complaint] = handle("mailgun", {}, mailgun_body(MAILGUN_COMPLAINED), config)
    assert (complaint["kind"], complaint["email"]) == ("complaint", "carol@example.com")

    delivered = dict(MAILGUN_COMPLAINED, event="delivered")
    assert handle("mailgun", {}, mailgun_body(delivered), config) == []


def test_mailgun_bad_signature_is_403():
    config = settings(mailgun_signing_key=MAILGUN_KEY)
    wrong_key = mailgun_body(MAILGUN_PERMANENT, key="key-not-the-right-one")
    assert rejected("mailgun", {}, wrong_key, config).status == 403

    body = json.loads(mailgun_body(MAILGUN_PERMANENT))
    body["event-data"]["recipient"] = "victim@example.com"  # event-data is not signed...
    body["signature"]["token"] = "x" * 50  # ...but the token is
    assert rejected("mailgun", {}, json.dumps(body).encode(), config).status == 403


def test_mailgun_parent_signature_is_accepted():
    parent_key = "key-parent-account"
    body = json.loads(mailgun_body(MAILGUN_COMPLAINED, key=parent_key))
    body["signature"]["parent-signature"] = body["signature"]["signature"]
    body["signature"]["signature"] = "0" * 64  # the subaccount's, which we do not hold
    config = settings(mailgun_signing_key=parent_key)
    assert [e["kind"] for e in handle("mailgun", {}, json.dumps(body).encode(), config)] == [
        "complaint"
    ]


def test_mailgun_replayed_token_is_rejected():
    config = settings(mailgun_signing_key=MAILGUN_KEY)
    body = mailgun_body(MAILGUN_PERMANENT)
    assert len(handle("mailgun", {}, body, config)) == 1
    error = rejected("mailgun", {}, body, config)
    assert error.status == 403
    assert "replay" in error.reason


def test_mailgun_stale_timestamp_is_rejected():
    config = settings(mailgun_signing_key=MAILGUN_KEY)
    old = mailgun_body(MAILGUN_PERMANENT, timestamp=int(time.time()) - 3600)
    error = rejected("mailgun", {}, old, config)
    assert (error.status, "stale" in error.reason) == (403, True)
    future = mailgun_body(MAILGUN_PERMANENT, timestamp=int(time.time()) + 3600)
    assert rejected("mailgun", {}, future, config).status == 403


def test_mailgun_malformed_body_is_400():
    config = settings(mailgun_signing_key=MAILGUN_KEY)
    assert rejected("mailgun", {}, b"event=failed&recipient=x", config).status == 400
    assert rejected("mailgun", {}, b'{"event-data": {}}', config).status == 400


def test_settings_from_the_relay_environment():
    """The relay's RelaySettings, built from FACTEUR_RELAY_* variables, configures the module."""
    from app.relay.config import RelaySettings

    config = RelaySettings.from_env(
        {
            "FACTEUR_RELAY_SECRET": "s" * 32,
            "FACTEUR_RELAY_API_KEY": "k" * 32,
            "FACTEUR_RELAY_MAILGUN_SIGNING_KEY": MAILGUN_KEY,
            "FACTEUR_RELAY_WEBHOOK_MAX_AGE": "7200",
        }
    )
    old = mailgun_body(MAILGUN_COMPLAINED, timestamp=int(time.time()) - 3600)
    assert [e["kind"] for e in handle("mailgun", {}, old, config)] == ["complaint"]


# --- SES via SNS -------------------------------------------------------------------------------

TOPIC = "arn:aws:sns:us-west-2:123456789012:ses-bounces"
CERT_URL = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
SUBSCRIBE_URL = (
    "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription"
    f"&TopicArn={TOPIC}&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd"
)


@pytest.fixture(scope="module")
def sns_signer() -> tuple[rsa.RSAPrivateKey, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM)


class Fetcher:
    """The ``sns_cert_fetcher`` hook: serves the test certificate, records every URL."""

    def __init__(self, pem: bytes) -> None:
        self.pem = pem
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        if url.endswith(".pem"):
            return self.pem
        return b"<ConfirmSubscriptionResponse><ConfirmSubscriptionResult/></ConfirmSubscriptionResponse>"


def sns_sign(message: dict, key: rsa.RSAPrivateKey, version: str = "2") -> dict:
    """Sign as SNS does: "Name\\nvalue\\n" for the documented keys, in this order."""
    if message["Type"] == "Notification":
        names = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    else:
        names = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    text = "".join(f"{n}\n{message[n]}\n" for n in names if n in message)
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()
    signature = key.sign(text.encode(), padding.PKCS1v15(), digest)
    return dict(
        message,
        SignatureVersion=version,
        Signature=base64.b64encode(signature).decode(),
        SigningCertURL=message.get("SigningCertURL", CERT_URL),
    )


def notification(ses_event: dict, subject: str | None = "Amazon SES Email Event Notification"):
    message = {
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": TOPIC,
        "Message": json.dumps(ses_event),
        "Timestamp": "2016-01-27T14:59:38.710Z",
        "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&x=1",
    }
    if subject is not None:
        message["Subject"] = subject
    return message


SES_MAIL = {
    "timestamp": "2016-01-27T14:59:38.237Z",
    "source": "john@example.com",
    "sendingAccountId": "123456789012",
    "messageId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
    "destination": ["jane@example.com", "mary@example.com", "richard@example.com"],
    "headersTruncated": False,
    "commonHeaders": {
        "from": ["John Doe <john@example.com>"],
        "to": ["Jane Doe <jane@example.com>, Mary Doe <mary@example.com>"],
        "messageId": "<custom-message-ID@example.com>",
        "subject": "Hello",
    },
}

SES_BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {
        "bounceType": "Permanent",
        "bounceSubType": "General",
        "bouncedRecipients": [
            {
                "emailAddress": "Jane@Example.com",
                "action": "failed",
                "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown",
            },
            {"emailAddress": "mary@example.com", "action": "failed", "status": "5.1.1"},
        ],
        "timestamp": "2016-01-27T14:59:38.237Z",
        "feedbackId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000",
        "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
    },
    "mail": SES_MAIL,
}

SES_COMPLAINT = {
    "notificationType": "Complaint",
    "complaint": {
        "userAgent": "AnyCompany Feedback Loop (V0.01)",
        "complainedRecipients": [{"emailAddress": "richard@example.com"}],
        "complaintFeedbackType": "abuse",
        "arrivalDate": "2016-01-27T14:59:38.237Z",
        "timestamp": "2016-01-27T14:59:38.237Z",
        "feedbackId": "000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000",
    },
    "mail": SES_MAIL,
}


def ses_settings(fetcher: Fetcher, **values: Any) -> SimpleNamespace:
    return settings(**{"ses_topic_arns": TOPIC, "sns_cert_fetcher": fetcher, **values})


@pytest.mark.parametrize("version", ["1", "2"])
def test_ses_bounce_through_sns(sns_signer, version):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    body = json.dumps(sns_sign(notification(SES_BOUNCE), key, version)).encode()
    events = handle("ses", {"x-amz-sns-message-type": "Notification"}, body, ses_settings(fetcher))

    assert [(e["kind"], e["email"], e["data"]["permanent"]) for e in events] == [
        ("bounce", "jane@example.com", True),
        ("bounce", "mary@example.com", True),
    ]
    assert events[0]["source"] == "ses"
    assert events[0]["provider_message_id"] == SES_MAIL["messageId"]
    assert events[0]["data"]["message_id"] == "custom-message-ID@example.com"
    assert events[0]["data"]["reason"] == "smtp; 550 5.1.1 user unknown"
    assert "5.1.1" in events[1]["data"]["reason"]
    assert events[0]["occurred_at"] == "2016-01-27T14:59:38.237000+00:00"
    assert fetcher.urls == [CERT_URL]
    feedback = SES_BOUNCE["bounce"]["feedbackId"]
    assert [e["dedupe"] for e in events] == [
        f"{feedback}:jane@example.com",
        f"{feedback}:mary@example.com",
    ]


def test_ses_transient_bounce_complaint_and_event_publishing(sns_signer):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    config = ses_settings(fetcher)

    transient = json.loads(json.dumps(SES_BOUNCE))
    transient["bounce"]["bounceType"] = "Transient"
    transient["bounce"]["bounceSubType"] = "MailboxFull"
    body = json.dumps(sns_sign(notification(transient), key)).encode()
    assert [e["data"]["permanent"] for e in handle("ses", {}, body, config)] == [False, False]

    body = json.dumps(sns_sign(notification(SES_COMPLAINT, subject=None), key)).encode()
    [complaint] = handle("ses", {}, body, config)
    assert (complaint["kind"], complaint["email"]) == ("complaint", "richard@example.com")
    assert complaint["data"]["reason"] == "abuse"

    # Configuration sets publish {"eventType": "Bounce", ...} instead of notificationType.
    published = {k: v for k, v in SES_BOUNCE.items() if k != "notificationType"}
    published["eventType"] = "Bounce"
    body = json.dumps(sns_sign(notification(published), key)).encode()
    assert len(handle("ses", {}, body, config)) == 2

    delivery = {"notificationType": "Delivery", "mail": SES_MAIL, "delivery": {}}
    body = json.dumps(sns_sign(notification(delivery), key)).encode()
    assert handle("ses", {}, body, config) == []
    # The certificate was fetched once and cached.
    assert fetcher.urls == [CERT_URL]


def test_ses_tampered_message_or_signature_is_403(sns_signer):
    key, pem = sns_signer
    config = ses_settings(Fetcher(pem))
    signed = sns_sign(notification(SES_BOUNCE), key)

    tampered = dict(signed, Message=signed["Message"].replace("Jane@Example.com", "x@example.com"))
    assert rejected("ses", {}, json.dumps(tampered).encode(), config).status == 403

    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    forged = sns_sign(notification(SES_BOUNCE), other)
    assert rejected("ses", {}, json.dumps(forged).encode(), config).status == 403

    # Signed as version 1 but announced as version 2.
    downgraded = dict(sns_sign(notification(SES_BOUNCE), key, "1"), SignatureVersion="2")
    assert rejected("ses", {}, json.dumps(downgraded).encode(), config).status == 403

    unknown_version = dict(signed, SignatureVersion="3")
    assert rejected("ses", {}, json.dumps(unknown_version).encode(), config).status == 403


@pytest.mark.parametrize(
    "url",
    [
        "https://sns.us-west-2.amazonaws.com.evil.example/cert.pem",
        "https://evil.example/sns.us-west-2.amazonaws.com/cert.pem",
        "http://sns.us-west-2.amazonaws.com/cert.pem",
        "https://s3.amazonaws.com/sns/cert.pem",
    ],
)
def test_ses_certificate_from_elsewhere_is_403(sns_signer, url):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    message = sns_sign(dict(notification(SES_BOUNCE), SigningCertURL=url), key)
    error = rejected("ses", {}, json.dumps(message).encode(), ses_settings(fetcher))
    assert error.status == 403
    assert fetcher.urls == []  # never fetched


def test_ses_topic_not_allowed_is_403(sns_signer):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    other_topic = dict(notification(SES_BOUNCE), TopicArn="arn:aws:sns:us-east-1:666:attacker")
    body = json.dumps(sns_sign(other_topic, key)).encode()
    assert rejected("ses", {}, body, ses_settings(fetcher)).status == 403
    # "*" accepts any topic (documented as unsafe) and a comma list is split.
    assert len(handle("ses", {}, body, ses_settings(fetcher, ses_topic_arns="*"))) == 2
    both = f"{TOPIC}, arn:aws:sns:us-east-1:666:attacker"
    assert len(handle("ses", {}, body, ses_settings(fetcher, ses_topic_arns=both))) == 2


def test_ses_subscription_confirmation_fetches_the_subscribe_url(sns_signer):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    confirmation = {
        "Type": "SubscriptionConfirmation",
        "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd",
        "TopicArn": TOPIC,
        "Message": f"You have chosen to subscribe to the topic {TOPIC}.\n"
        "To confirm the subscription, visit the SubscribeURL included in this message.",
        "SubscribeURL": SUBSCRIBE_URL,
        "Timestamp": "2012-04-26T20:45:04.751Z",
    }
    body = json.dumps(sns_sign(confirmation, key, "1")).encode()
    assert handle("ses", {}, body, ses_settings(fetcher)) == []
    assert fetcher.urls == [CERT_URL, SUBSCRIBE_URL]

    # A SubscribeURL elsewhere is never fetched, even when correctly signed.
    fetcher.urls.clear()
    evil = dict(confirmation, SubscribeURL="https://evil.example/?Action=ConfirmSubscription")
    body = json.dumps(sns_sign(evil, key)).encode()
    assert rejected("ses", {}, body, ses_settings(fetcher)).status == 403
    assert "https://evil.example/?Action=ConfirmSubscription" not in fetcher.urls


def test_ses_unsubscribe_confirmation_does_nothing(sns_signer):
    key, pem = sns_signer
    fetcher = Fetcher(pem)
    message = {
        "Type": "UnsubscribeConfirmation",
        "MessageId": "47138184-6831-46b8-8f7c-afc488602d7d",
        "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd",
        "TopicArn": TOPIC,
        "Message": "You have chosen to deactivate subscription.",
        "SubscribeURL": SUBSCRIBE_URL,
        "Timestamp": "2012-04-26T20:06:41.581Z",
    }
    body = json.dumps(sns_sign(message, key)).encode()
    assert handle("ses", {}, body, ses_settings(fetcher)) == []
    assert fetcher.urls == [CERT_URL]


def test_ses_fetch_failure_and_malformed_bodies(sns_signer):
    key, _pem = sns_signer

    def unreachable(url: str) -> bytes:
        raise OSError("connection refused")

    body = json.dumps(sns_sign(notification(SES_BOUNCE), key)).encode()
    assert rejected("ses", {}, body, ses_settings(unreachable)).status == 502
    assert rejected("ses", {}, b"<xml/>", ses_settings(unreachable)).status == 400
    assert rejected("ses", {}, b'{"Message": "x"}', ses_settings(unreachable)).status == 400


def test_ses_without_topics_is_not_configured(sns_signer):
    key, pem = sns_signer
    body = json.dumps(sns_sign(notification(SES_BOUNCE), key)).encode()
    error = rejected("ses", {}, body, settings(sns_cert_fetcher=Fetcher(pem)))
    assert error.status == 404


# --- Postmark ----------------------------------------------------------------------------------

POSTMARK_BOUNCE = {
    "RecordType": "Bounce",
    "MessageStream": "outbound",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "Test",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {"a_key": "a_value"},
    "ServerID": 23,
    "Description": "The server was unable to deliver your message (ex: unknown user, mailbox "
    "not found).",
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "John@Example.com",
    "From": "sender@example.com",
    "BouncedAt": "2019-11-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Test subject",
}

POSTMARK_COMPLAINT = {
    "RecordType": "SpamComplaint",
    "MessageStream": "outbound",
    "ID": 42,
    "Type": "SpamComplaint",
    "TypeCode": 100001,
    "Name": "Spam complaint",
    "MessageID": "00000000-0000-0000-0000-000000000000",
    "ServerID": 1234,
    "Details": "Test spam complaint details",
    "Email": "jane@example.com",
    "From": "sender@example.com",
    "BouncedAt": "2019-11-05T16:33:54.9070259Z",
    "Inactive": True,
    "CanActivate": False,
}


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"authorization": f"Basic {token}"}


def postmark_settings() -> SimpleNamespace:
    return settings(postmark_webhook_user="facteur", postmark_webhook_password="p4ss:w0rd")


def test_postmark_bounce_and_complaint_with_basic_auth():
    auth = basic("facteur", "p4ss:w0rd")
    [bounce] = handle("postmark", auth, json.dumps(POSTMARK_BOUNCE).encode(), postmark_settings())
    assert bounce["kind"] == "bounce"
    assert bounce["email"] == "john@example.com"
    assert bounce["source"] == "postmark"
    assert bounce["provider_message_id"] == "883953f4-6105-42a2-a16a-77a8eac79483"
    assert bounce["data"]["permanent"] is True
    assert bounce["data"]["reason"].startswith("HardBounce: smtp;550 5.1.1")
    assert bounce["occurred_at"].startswith("2019-11-05T16:33:54.907025")
    assert bounce["dedupe"] == "Bounce:4323372036854775807"

    soft = dict(POSTMARK_BOUNCE, Type="SoftBounce", TypeCode=4096, Inactive=False)
    [event] = handle("postmark", auth, json.dumps(soft).encode(), postmark_settings())
    assert event["data"]["permanent"] is False

    [complaint] = handle(
        "postmark", auth, json.dumps(POSTMARK_COMPLAINT).encode(), postmark_settings()
    )
    assert (complaint["kind"], complaint["email"]) == ("complaint", "jane@example.com")

    out_of_office = dict(POSTMARK_BOUNCE, Type="AutoResponder", Inactive=False)
    assert handle("postmark", auth, json.dumps(out_of_office).encode(), postmark_settings()) == []
    delivery = {"RecordType": "Delivery", "MessageID": "x", "Recipient": "john@example.com"}
    assert handle("postmark", auth, json.dumps(delivery).encode(), postmark_settings()) == []


def test_postmark_without_or_with_wrong_credentials():
    body = json.dumps(POSTMARK_BOUNCE).encode()
    assert rejected("postmark", {}, body, postmark_settings()).status == 401
    assert (
        rejected("postmark", {"authorization": "Bearer x"}, body, postmark_settings()).status == 401
    )
    wrong = basic("facteur", "guess")
    assert rejected("postmark", wrong, body, postmark_settings()).status == 403
    assert (
        rejected("postmark", basic("other", "p4ss:w0rd"), body, postmark_settings()).status == 403
    )


def test_postmark_auth_as_user_colon_password_setting():
    config = settings(postmark_auth="facteur:s3cret")
    body = json.dumps(POSTMARK_COMPLAINT).encode()
    assert len(handle("postmark", basic("facteur", "s3cret"), body, config)) == 1
    assert rejected("postmark", basic("facteur", "s3cre"), body, config).status == 403
    assert rejected("postmark", basic("facteur", "s3cret"), b"[1, 2]", config).status == 400


def test_default_fetcher_gets_the_body_and_fails_on_errors():
    """The default hook (httpx) against a loopback server: the body, or an exception."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            found = self.path == "/cert.pem"
            payload = b"-----BEGIN CERTIFICATE-----\n" if found else b"no"
            self.send_response(200 if found else 404)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert webhooks.default_fetcher(base + "/cert.pem").startswith(b"-----BEGIN CERTIFICATE")
        with pytest.raises(Exception, match="404"):
            webhooks.default_fetcher(base + "/missing")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
