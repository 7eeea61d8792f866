"""The provider API transports against local servers that check each API's documented format."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

import pytest

from app.sending.transports.base import AuthenticationFailed, Outcome, TransportUnavailable
from app.sending.transports.brevo import BrevoTransport
from app.sending.transports.http_api import HttpApiTransport, parse_retry_after
from app.sending.transports.mailgun import MailgunTransport
from app.sending.transports.postmark import PostmarkTransport
from app.sending.transports.sendgrid import SendGridTransport
from app.sending.transports.ses import SesTransport, sigv4_authorization
from app.templates.mime import AttachmentPart
from tests.http_servers import (
    FakeApiServer,
    FakeBrevo,
    FakeMailgun,
    FakePostmark,
    FakeSendGrid,
    FakeSes,
    closed_port_url,
    sample_outgoing,
)


@dataclass
class Provider:
    """How to start a provider's fake server and a transport on it."""

    fake: Callable[..., FakeApiServer]
    transport: Callable[..., HttpApiTransport]  # (url, key=good key, **options)
    wrong_key: str
    raw_mime: bool  # the API takes our MIME bytes (the extra headers travel inside them)


PROVIDERS = {
    "sendgrid": Provider(
        fake=lambda **kw: FakeSendGrid("SG.good", **kw),
        transport=lambda url, key="SG.good", **kw: SendGridTransport(key, url, **kw),
        wrong_key="SG.wrong",
        raw_mime=False,
    ),
    "mailgun": Provider(
        fake=lambda **kw: FakeMailgun("key-good", "mg.boulangerie.fr", **kw),
        transport=lambda url, key="key-good", **kw: MailgunTransport(
            key, "mg.boulangerie.fr", url, **kw
        ),
        wrong_key="key-wrong",
        raw_mime=True,
    ),
    "ses": Provider(
        fake=lambda **kw: FakeSes("AKIDGOOD", "good/secret", "eu-west-3", **kw),
        transport=lambda url, key="AKIDGOOD:good/secret", **kw: SesTransport(
            *key.split(":", 1), "eu-west-3", url, **kw
        ),
        wrong_key="AKIDGOOD:wrong/secret",
        raw_mime=True,
    ),
    "postmark": Provider(
        fake=lambda **kw: FakePostmark("pm-good", **kw),
        transport=lambda url, key="pm-good", **kw: PostmarkTransport(key, url, **kw),
        wrong_key="pm-wrong",
        raw_mime=False,
    ),
    "brevo": Provider(
        fake=lambda **kw: FakeBrevo("xkeysib-good", **kw),
        transport=lambda url, key="xkeysib-good", **kw: BrevoTransport(key, url, **kw),
        wrong_key="xkeysib-wrong",
        raw_mime=False,
    ),
}

EXTRA_HEADERS = ("Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    """Fake servers and HTTP clients stop their threads (handler threads are joined)."""
    before = set(threading.enumerate())
    yield
    assert set(threading.enumerate()) - before == set()


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> Provider:
    return PROVIDERS[request.param]


def send(transport: HttpApiTransport, *items: Any) -> list[Outcome]:
    outcomes: list[Outcome] = []
    transport.send_batch(list(items), outcomes.append)
    return outcomes


# --- every provider -------------------------------------------------------------------------


def test_sends_a_message_in_the_documented_format(provider: Provider) -> None:
    pdf = AttachmentPart("tarifs.pdf", "application/pdf", b"%PDF-1.4 fake")
    item = sample_outgoing(
        7,
        "jean@exemple.fr",
        subject="Nos nouveautés d’été",
        html="<p>Bonjour Jean, <a href='https://x.fr'>voir</a></p>",
        text="Bonjour Jean, voir https://x.fr",
        reply_to="Service client <sav@boulangerie.fr>",
        attachments=(pdf,),
    )
    with provider.fake() as api, provider.transport(api.url) as transport:
        outcomes = send(transport, item)
        assert len(api.messages) == 1
        got = api.messages[0]
        assert outcomes == [Outcome(7, "sent", provider_id=got["id"])]
        assert got["id"]
        assert got["to"] == "jean@exemple.fr"
        assert got["subject"] == "Nos nouveautés d’été"
        assert got["html"].strip() == item.html
        assert got["text"].strip() == item.text
        assert got["attachments"] == [("tarifs.pdf", b"%PDF-1.4 fake")]
        for name in EXTRA_HEADERS:
            assert got["headers"][name] == item.headers[name], name
        if provider.raw_mime:
            assert got["raw"] == item.mime


def test_several_messages_one_outcome_each(provider: Provider) -> None:
    items = [sample_outgoing(k, f"client{k}@exemple.fr") for k in (1, 2, 3)]
    with provider.fake() as api, provider.transport(api.url) as transport:
        outcomes = send(transport, *items)
        assert [(o.key, o.status) for o in outcomes] == [(1, "sent"), (2, "sent"), (3, "sent")]
        assert [m["to"] for m in api.messages] == [f"client{k}@exemple.fr" for k in (1, 2, 3)]
        assert len({o.provider_id for o in outcomes}) == 3


def test_429_is_retried_after_retry_after(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url) as transport:
        api.fail_next(429, retry_after="7")
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "retry" and outcome.retry_after == 7
        assert api.messages == []
        # The limit passed: the same transport sends it.
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "sent"


def test_5xx_is_retried(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url) as transport:
        api.fail_next(503, message="Service Unavailable, try later")
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "retry" and outcome.retry_after is None
        assert "HTTP 503" in outcome.detail and "try later" in outcome.detail
        api.fail_next(500)
        assert send(transport, sample_outgoing(2))[0].status == "retry"


def test_wrong_key_raises_authentication_failed(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url, provider.wrong_key) as transport:
        reported: list[Outcome] = []
        with pytest.raises(AuthenticationFailed) as info:
            transport.send_batch([sample_outgoing(1)], reported.append)
        assert reported == []  # not reported: back to the queue
        assert "HTTP 401" in str(info.value) or "HTTP 403" in str(info.value)
        assert provider.wrong_key.split(":")[-1] not in str(info.value)
        with pytest.raises(AuthenticationFailed):
            transport.check()
        assert api.messages == []


def test_refused_recipient_is_failed_with_the_api_text(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url) as transport:
        api.reject("bad@exemple.fr", "Recipient address rejected: inactive")
        outcomes = send(
            transport,
            sample_outgoing(1, "bad@exemple.fr"),
            sample_outgoing(2, "good@exemple.fr"),
        )
        assert [(o.key, o.status) for o in outcomes] == [(1, "failed"), (2, "sent")]
        assert "Recipient address rejected: inactive" in outcomes[0].detail
        assert [m["to"] for m in api.messages] == ["good@exemple.fr"]


def test_check_connects_and_describes(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url) as transport:
        description = transport.check()
        assert "accepted" in description
        assert api.messages == [] and len(api.requests) == 1
        assert api.requests[0].method == "GET"


def test_unreachable_server_raises_transport_unavailable(provider: Provider) -> None:
    with provider.transport(closed_port_url(), timeout=5) as transport:
        reported: list[Outcome] = []
        with pytest.raises(TransportUnavailable, match="Cannot reach"):
            transport.send_batch([sample_outgoing(1)], reported.append)
        assert reported == []
        with pytest.raises(TransportUnavailable):
            transport.check()


def test_no_answer_after_sending_is_in_doubt(provider: Provider) -> None:
    with provider.fake() as api, provider.transport(api.url, timeout=0.3) as transport:
        api.hang_next()
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "in_doubt"
        assert "may or may not have been accepted" in outcome.detail
        assert len(api.requests) == 1  # it did arrive
        # The next message goes through on a fresh connection.
        assert send(transport, sample_outgoing(2))[0].status == "sent"


def test_tls_certificates_are_verified(provider: Provider) -> None:
    with provider.fake(tls=True) as api:
        with provider.transport(api.url, ca_file=api.ca_file) as transport:
            assert send(transport, sample_outgoing(1))[0].status == "sent"
        # Without the test CA the certificate is not trusted: nothing is sent.
        with (
            provider.transport(api.url) as transport,
            pytest.raises(TransportUnavailable, match="certificate verification failed"),
        ):
            send(transport, sample_outgoing(2))
        assert len(api.messages) == 1


def test_transport_reconnects_after_close(provider: Provider) -> None:
    with provider.fake() as api:
        transport = provider.transport(api.url)
        assert send(transport, sample_outgoing(1))[0].status == "sent"
        transport.close()
        assert send(transport, sample_outgoing(2))[0].status == "sent"
        transport.close()
        transport.close()


# --- Retry-After and rate-limit headers ------------------------------------------------------


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("120") == 120
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("-3") == 0
    assert parse_retry_after(formatdate(now + 90, usegmt=True), now=now) == pytest.approx(90)
    assert parse_retry_after(formatdate(now - 90, usegmt=True), now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_as_an_http_date() -> None:
    with FakeSendGrid("k") as api, SendGridTransport("k", api.url) as transport:
        api.fail_next(429, retry_after=formatdate(time.time() + 120, usegmt=True))
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "retry"
        assert outcome.retry_after is not None and 110 < outcome.retry_after <= 120


def test_sendgrid_rate_limit_reset_header() -> None:
    with FakeSendGrid("k") as api, SendGridTransport("k", api.url) as transport:
        reset = int(time.time()) + 30
        api.fail_next(429, headers={"X-RateLimit-Limit": "600", "X-RateLimit-Reset": str(reset)})
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "retry"
        assert outcome.retry_after is not None and 25 < outcome.retry_after <= 30


def test_brevo_rate_limit_reset_header() -> None:
    with FakeBrevo("k") as api, BrevoTransport("k", api.url) as transport:
        api.fail_next(429, headers={"x-sib-ratelimit-reset": "12"})
        [outcome] = send(transport, sample_outgoing(1))
        assert (outcome.status, outcome.retry_after) == ("retry", 12)


# --- provider details -----------------------------------------------------------------------


def test_sendgrid_request() -> None:
    item = sample_outgoing(1, reply_to="SAV <sav@boulangerie.fr>")
    with FakeSendGrid("SG.k") as api, SendGridTransport("SG.k", api.url) as transport:
        send(transport, item)
        request = api.requests[0]
        assert request.path == "/v3/mail/send"
        assert request.headers["authorization"] == "Bearer SG.k"
        body = request.json
        assert body["personalizations"] == [
            {"to": [{"email": "jean@exemple.fr", "name": "Jean Dupont"}]}
        ]
        assert body["from"] == {"email": "contact@boulangerie.fr", "name": "Boulangerie Dupont"}
        assert body["reply_to"] == {"email": "sav@boulangerie.fr", "name": "SAV"}
        assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]


def test_sendgrid_key_without_mail_send_permission() -> None:
    with (
        FakeSendGrid("k", scopes=("user.profile.read",)) as api,
        SendGridTransport("k", api.url) as transport,
        pytest.raises(AuthenticationFailed, match="Mail Send"),
    ):
        transport.check()


def test_mailgun_request_and_unknown_domain() -> None:
    item = sample_outgoing(1)
    with FakeMailgun("key-k", "mg.boulangerie.fr") as api:
        with MailgunTransport("key-k", "mg.boulangerie.fr", api.url) as transport:
            send(transport, item)
        request = api.requests[0]
        assert request.path == "/v3/mg.boulangerie.fr/messages.mime"
        assert (
            request.headers["authorization"] == "Basic " + base64.b64encode(b"api:key-k").decode()
        )
        assert request.headers["content-type"].startswith("multipart/form-data")
        # A domain of the other region (or of another account): every message would fail.
        with MailgunTransport("key-k", "autre.fr", api.url) as transport:
            with pytest.raises(AuthenticationFailed, match="Domain not found"):
                transport.check()
            with pytest.raises(AuthenticationFailed, match="HTTP 404"):
                send(transport, item)


def test_postmark_sends_batches_of_up_to_500() -> None:
    items = [
        sample_outgoing(k, f"c{k}@exemple.fr", html="<p>x</p>", text="x") for k in range(1, 503)
    ]
    with FakePostmark("pm") as api, PostmarkTransport("pm", api.url) as transport:
        assert transport.batch_size == 500
        outcomes = send(transport, *items)
        assert api.batches == [500, 2]
        assert [o.key for o in outcomes] == list(range(1, 503))
        assert {o.status for o in outcomes} == {"sent"}
        request = api.requests[0]
        assert request.headers["x-postmark-server-token"] == "pm"
        first = request.json[0]
        assert first["From"] == "Boulangerie Dupont <contact@boulangerie.fr>"
        assert first["To"] == "Jean Dupont <c1@exemple.fr>"
        assert first["MessageStream"] == "outbound"
        assert {h["Name"] for h in first["Headers"]} == set(EXTRA_HEADERS)


def test_postmark_per_message_errors_and_stream() -> None:
    items = [sample_outgoing(k, f"c{k}@exemple.fr") for k in (1, 2, 3)]
    with FakePostmark("pm") as api:
        api.reject(
            "c2@exemple.fr",
            "You tried to send to recipient(s) that have been marked as inactive.",
            code=406,
        )
        with PostmarkTransport("pm", api.url, message_stream="broadcast") as transport:
            outcomes = send(transport, *items)
        assert api.batches == [3]
        assert [(o.key, o.status) for o in outcomes] == [(1, "sent"), (2, "failed"), (3, "sent")]
        assert outcomes[1].detail.startswith("Postmark error 406: You tried to send")
        assert {m["stream"] for m in api.messages} == {"broadcast"}


def test_postmark_account_refusal_raises_after_reporting_the_others() -> None:
    items = [sample_outgoing(k, f"c{k}@exemple.fr") for k in (1, 2)]
    with FakePostmark("pm") as api, PostmarkTransport("pm", api.url) as transport:
        api.reject("c2@exemple.fr", "Sender signature not confirmed", code=401)
        reported: list[Outcome] = []
        with pytest.raises(AuthenticationFailed, match="Sender signature not confirmed"):
            transport.send_batch(items, reported.append)
        assert [(o.key, o.status) for o in reported] == [(1, "sent")]


def test_postmark_whole_batch_retry_and_doubt() -> None:
    items = [sample_outgoing(k, f"c{k}@exemple.fr") for k in (1, 2)]
    with FakePostmark("pm") as api, PostmarkTransport("pm", api.url, timeout=0.3) as transport:
        api.fail_next(429, retry_after="3")
        assert [(o.status, o.retry_after) for o in send(transport, *items)] == [("retry", 3)] * 2
        api.hang_next()
        assert [o.status for o in send(transport, *items)] == ["in_doubt"] * 2


def test_brevo_request() -> None:
    with FakeBrevo("xk") as api, BrevoTransport("xk", api.url) as transport:
        send(transport, sample_outgoing(1, reply_to="sav@boulangerie.fr"))
        request = api.requests[0]
        assert request.path == "/v3/smtp/email"
        assert request.headers["api-key"] == "xk"
        body = request.json
        assert body["sender"] == {"email": "contact@boulangerie.fr", "name": "Boulangerie Dupont"}
        assert body["to"] == [{"email": "jean@exemple.fr", "name": "Jean Dupont"}]
        assert body["replyTo"] == {"email": "sav@boulangerie.fr"}
        assert "messageVersions" not in body


# --- Amazon SES and Signature V4 ------------------------------------------------------------

VANILLA = {
    "headers": {"Host": "example.amazonaws.com", "X-Amz-Date": "20150830T123600Z"},
    "body": b"",
    "access_key_id": "AKIDEXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "us-east-1",
    "service": "service",
    "amz_date": "20150830T123600Z",
}
VANILLA_PREFIX = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature="
)


@pytest.mark.parametrize(
    ("method", "path", "query", "signature"),
    [
        # AWS Signature Version 4 test suite: get-vanilla, post-vanilla,
        # get-vanilla-query-order-key-case.
        ("GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        ("POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        ("GET", "/", "Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    ],
)  # fmt: skip
def test_sigv4_matches_the_aws_test_suite(
    method: str, path: str, query: str, signature: str
) -> None:
    header = sigv4_authorization(method=method, path=path, query=query, **VANILLA)  # type: ignore[arg-type]
    assert header == VANILLA_PREFIX + signature


def test_ses_request_is_signed_and_raw() -> None:
    item = sample_outgoing(1)
    with FakeSes("AKIDX", "sec/ret", "eu-west-3") as api:
        with SesTransport("AKIDX", "sec/ret", "eu-west-3", api.url) as transport:
            send(transport, item)
        request = api.requests[0]
        assert request.path == "/v2/email/outbound-emails"
        assert request.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDX/")
        assert "/eu-west-3/ses/aws4_request" in request.headers["authorization"]
        body = request.json
        assert body["FromEmailAddress"] == "contact@boulangerie.fr"
        assert body["Destination"] == {"ToAddresses": ["jean@exemple.fr"]}
        assert base64.b64decode(body["Content"]["Raw"]["Data"]) == item.mime
        # The region is part of the signature: a transport for another region is refused.
        with (
            SesTransport("AKIDX", "sec/ret", "us-east-1", api.url) as transport,
            pytest.raises(AuthenticationFailed),
        ):
            transport.check()


def test_ses_account_errors() -> None:
    with FakeSes("A", "s") as api, SesTransport("A", "s", "eu-west-3", api.url) as transport:
        assert "sandbox" in transport.check()
        api.account["SendingEnabled"] = False
        with pytest.raises(AuthenticationFailed, match="sending is disabled"):
            transport.check()
        api.fail_next(
            400, headers={"x-amzn-ErrorType": "SendingPausedException"}, message="Sending paused"
        )
        with pytest.raises(AuthenticationFailed, match="SendingPausedException"):
            send(transport, sample_outgoing(1))
        api.fail_next(
            400,
            headers={"x-amzn-ErrorType": "ThrottlingException"},
            message="Maximum sending rate exceeded.",
        )
        [outcome] = send(transport, sample_outgoing(1))
        assert outcome.status == "retry" and "Maximum sending rate exceeded" in outcome.detail


def test_error_text_is_kept_readable() -> None:
    with FakeSendGrid("k") as api, SendGridTransport("k", api.url) as transport:
        api.fail_next(413, message="Payload too large")
        [outcome] = send(transport, sample_outgoing(1))
        assert (outcome.status, outcome.detail) == ("failed", "HTTP 413: Payload too large")
    assert json.dumps(outcome.detail)  # plain text, fit for the outbox's last_error
